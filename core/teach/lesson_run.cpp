#include "teach/lesson_run.h"

#include <stdexcept>

namespace interleave {

LessonRun runLessonScenario(const Lesson& lesson, const std::string& workerPath, std::stop_token stop)
{
    if (!lesson.scenario.run)
        throw std::invalid_argument(
            "lesson " + lesson.id + " has no engine run (its scenario is a lab demo)");
    LessonRun run;
    run.config = *lesson.scenario.run;
    run.config.workerPath = workerPath;
    Recorder recorder;
    run.result = runModel(run.config, recorder, stop);
    run.trace = Trace::fromSnapshot(recorder.snapshot());
    run.measurement = measureLessonRun(run.config, run.result, std::nullopt, &run.trace);
    run.explanation = chooseExplanation(lesson, run.measurement).text;
    run.unmetClaims = checkExpectation(lesson, run.measurement);
    return run;
}

} // namespace interleave
