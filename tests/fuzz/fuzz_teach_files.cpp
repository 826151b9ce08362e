// Feeds arbitrary bytes to the readers of the teaching files: scenarios (File > Open scenario)
// and lessons (resources/lessons, or a teacher's own folder). Each input goes to both readers.
// Refusing it with a ScenarioError or LessonError is fine; anything else (another exception,
// nlohmann's own included, a crash, a sanitizer report) is a bug. An accepted scenario must
// also survive saving and reading back unchanged, since File > Save scenario writes what the
// reader took in.
#include "teach/lesson.h"
#include "teach/scenario.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace {

using namespace interleave;

[[noreturn]] void teachFuzzFail(const char* what, const char* detail = "")
{
    std::fprintf(stderr, "fuzz_teach_files: %s %s\n", what, detail);
    std::abort();
}

void teachFuzzScenario(std::string_view text)
{
    Scenario scenario;
    try {
        scenario = parseScenario(text);
    } catch (const ScenarioError&) {
        return;
    }
    const std::string saved = scenarioToJson(scenario);
    Scenario back;
    try {
        back = parseScenario(saved);
    } catch (const ScenarioError& e) {
        teachFuzzFail("a saved scenario could not be read back:", e.what());
    }
    if (!(back == scenario))
        teachFuzzFail("a scenario changed in the round trip");
    if (scenarioToJson(back) != saved)
        teachFuzzFail("the second save differs from the first");
}

void teachFuzzLesson(std::string_view text)
{
    Lesson lesson;
    try {
        lesson = parseLesson(text, "fuzz");
    } catch (const LessonError&) {
        return;
    }
    // What the lesson panel shows before a run (every placeholder a '?') and after one: the
    // figures come from the file's own numbers, however extreme.
    (void)formatExplanation(lesson, nullptr);
    if (lesson.scenario.run) {
        LessonMeasurement measured;
        measured.sequentialMs = sequentialEstimateMs(*lesson.scenario.run);
        measured.wallMs = measured.sequentialMs / 3;
        measured.speedup = measured.wallMs > 0 ? measured.sequentialMs / measured.wallMs : 0;
        measured.tasks = lesson.scenario.run->tasks;
        measured.workers = 4;
        measured.cores = 2;
        measured.peakRunning = 2;
        (void)formatExplanation(lesson, &measured);
        (void)checkExpectation(lesson, measured);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        teachFuzzScenario(text);
        teachFuzzLesson(text);
    } catch (const std::exception& e) {
        teachFuzzFail("an exception the readers do not promise:", e.what());
    }
    return 0;
}
