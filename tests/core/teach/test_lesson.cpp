#include "teach/lesson.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace interleave {
namespace {

using nlohmann::json;

json goodLesson()
{
    return json::parse(R"({
      "version": 1,
      "order": 2,
      "title": "Threads for waiting",
      "text": "Watch the waits overlap.",
      "quiz": {"question": "Speedup?", "choices": ["1x", "8x"], "answer": 1},
      "scenario": {"title": "Threads on I/O",
                   "run": {"model": "threads", "workload": "io", "tasks": 8, "latency_ms": 250}},
      "explanation": "Took {wall_ms} ms against {sequential_ms} ms: {speedup}x on {cores} cores.",
      "views": ["timeline", "explanation"],
      "expect": {"speedup_min": 3, "gil_wait": "some", "peak_running_max": 2}
    })");
}

std::string errorOf(const json& lesson)
{
    try {
        parseLesson(lesson.dump(), "lesson");
    } catch (const LessonError& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(Lesson, ParsesAGoodLesson)
{
    const Lesson lesson = parseLesson(goodLesson().dump(), "02-threads");
    EXPECT_EQ(lesson.id, "02-threads"); // the file stem, as the file gives none
    EXPECT_EQ(lesson.order, 2);
    EXPECT_EQ(lesson.quiz.choices.size(), 2u);
    EXPECT_EQ(lesson.quiz.answer, 1);
    ASSERT_TRUE(lesson.scenario.run);
    EXPECT_EQ(lesson.scenario.run->tasks, 8);
    EXPECT_EQ(lesson.topic, "threads"); // the run's model when none is given
    EXPECT_EQ(lesson.replaySpeed, kLessonReplaySpeed);
    EXPECT_EQ(lesson.expect.speedupMin, 3.0);
    EXPECT_EQ(lesson.expect.gilWait, true);
    EXPECT_EQ(lesson.expect.peakRunningMax, 2);
}

TEST(Lesson, RefusesAQuizAnswerOutOfRange)
{
    json l = goodLesson();
    l["quiz"]["answer"] = 2;
    EXPECT_EQ(errorOf(l), "quiz.answer must be the index of one of the choices (0 to 1)");
}

TEST(Lesson, RefusesAQuizWithOneChoice)
{
    json l = goodLesson();
    l["quiz"]["choices"] = json::array({"only"});
    EXPECT_EQ(errorOf(l), "quiz.choices must have between 2 and 5 answers");
}

TEST(Lesson, RefusesAnUnknownPlaceholder)
{
    json l = goodLesson();
    l["explanation"] = "Took {wal_ms} ms";
    EXPECT_NE(errorOf(l).find("explanation uses {wal_ms}, which is not one of"), std::string::npos);
}

TEST(Lesson, RefusesRunPlaceholdersWithoutARun)
{
    json l = goodLesson();
    l["scenario"] = json::parse(R"({"title": "Race", "lab": {"name": "race"}})");
    l["views"] = json::array({"lab:race"});
    l.erase("expect");
    EXPECT_EQ(errorOf(l), "explanation uses {wall_ms}, but the lesson's scenario has no run");
}

TEST(Lesson, RefusesAnUnknownView)
{
    json l = goodLesson();
    l["views"] = json::array({"timeline", "lab:mutex"});
    EXPECT_NE(errorOf(l).find("views[1] is \"lab:mutex\""), std::string::npos);
}

TEST(Lesson, APythonViewNeedsAProgramAndTheTopicDefaultsToThreads)
{
    json lesson = goodLesson();
    lesson["views"] = {"python", "explanation"};
    EXPECT_NE(errorOf(lesson).find("views[0] needs scenario.python"), std::string::npos) << errorOf(lesson);
    lesson["scenario"] = json::parse(R"({"title": "Mine", "python": {"example": "threads_io.py"}})");
    lesson["explanation"] = "No numbers here.";
    lesson.erase("expect");
    const Lesson parsed = parseLesson(lesson.dump(), "13-mine");
    ASSERT_TRUE(parsed.scenario.python);
    EXPECT_EQ(parsed.topic, "threads");
    lesson["views"] = {"timeline"};
    EXPECT_NE(errorOf(lesson).find("needs a run"), std::string::npos) << "the engine's timeline needs an engine run";
}

TEST(Lesson, NamesTheScenarioFieldThatIsWrong)
{
    json l = goodLesson();
    l["scenario"]["run"]["tasks"] = -1;
    EXPECT_EQ(errorOf(l),
        "scenario.run.tasks must be between 1 and 4096 for the threads model (one thread per task)");
}

TEST(Lesson, NamesANumberTooLargeForADouble)
{
    std::string text = goodLesson().dump();
    const std::string from = "\"speedup_min\":3";
    ASSERT_NE(text.find(from), std::string::npos) << text;
    text.replace(text.find(from), from.size(), "\"speedup_min\":1e400");
    try {
        parseLesson(text, "lesson");
        FAIL() << "accepted";
    } catch (const LessonError& e) {
        EXPECT_EQ(std::string(e.what()), "expect.speedup_min is 1e400, too large a number");
    }
}

TEST(Lesson, RangeChecksEveryNumber)
{
    const auto with = [](const json::json_pointer& at, const json& value) {
        json l = goodLesson();
        l[at] = value;
        return errorOf(l);
    };
    EXPECT_EQ(with("/expect/speedup_min"_json_pointer, -1), "expect.speedup_min must be between 0 and 10000, not -1");
    EXPECT_EQ(with("/expect/speedup_min"_json_pointer, 1e300),
        "expect.speedup_min must be between 0 and 10000, not 1e+300");
    EXPECT_EQ(with("/expect/peak_running_max"_json_pointer, -2),
        "expect.peak_running_max must be between 0 and 4096, not -2");
    EXPECT_EQ(with("/order"_json_pointer, -1), "order must be between 0 and 100000, not -1");
    EXPECT_EQ(with("/order"_json_pointer, 99999999999LL), "order is far too large");
    EXPECT_EQ(with("/quiz/answer"_json_pointer, 99999999999LL), "quiz.answer is far too large");
    EXPECT_EQ(with("/replay_speed"_json_pointer, 1e308), "replay_speed must be between 0.01 and 10");
    json l = goodLesson();
    l["unexpected"] = {{"speedup_below", -0.5}, {"explanation", "x"}};
    EXPECT_EQ(errorOf(l), "unexpected.speedup_below must be between 0 and 10000, not -0.5");
}

TEST(Lesson, RefusesARunTooLongForAClass)
{
    json l = goodLesson();
    l["scenario"]["run"]["latency_ms"] = 100000;
    EXPECT_NE(errorOf(l).find("too long for a lesson"), std::string::npos);
}

TEST(Lesson, RefusesAnUnknownField)
{
    json l = goodLesson();
    l["hint"] = "x";
    EXPECT_EQ(errorOf(l), "hint is not a known field");
}

TEST(Lesson, RefusesDuplicateOrders)
{
    const std::string text = goodLesson().dump();
    try {
        parseLessons({{"a.json", text}, {"b.json", text}});
        FAIL() << "two lessons with order 2 were accepted";
    } catch (const LessonError& e) {
        EXPECT_EQ(std::string(e.what()), "b.json: order 2 is also used by a.json");
    }
}

TEST(Lesson, SortsByOrder)
{
    json first = goodLesson();
    first["order"] = 1;
    const auto lessons = parseLessons({{"b.json", goodLesson().dump()}, {"a.json", first.dump()}});
    ASSERT_EQ(lessons.size(), 2u);
    EXPECT_EQ(lessons[0].id, "a");
    EXPECT_EQ(lessons[1].id, "b");
}

TEST(Lesson, FillsTheExplanationFromTheMeasurement)
{
    const Lesson lesson = parseLesson(goodLesson().dump(), "l");
    LessonMeasurement m;
    m.wallMs = 251.4;
    m.sequentialMs = 2000;
    m.speedup = 2000 / 251.4;
    const std::string text = formatExplanation(lesson, &m);
    EXPECT_NE(text.find("Took 251 ms against 2000 ms: 8.0x on "), std::string::npos) << text;
    EXPECT_EQ(text.find('{'), std::string::npos) << text;
}

TEST(Lesson, WithoutAMeasurementPlaceholdersBecomeQuestionMarks)
{
    const Lesson lesson = parseLesson(goodLesson().dump(), "l");
    EXPECT_EQ(formatExplanation(lesson, nullptr).rfind("Took ? ms against ? ms: ?x on ", 0), 0u);
}

TEST(Lesson, MeasuresAgainstTheEstimateOrAMeasuredBaseline)
{
    RunConfig config;
    config.model = Model::ThreadPool;
    config.workload = WorkloadKind::Io;
    config.tasks = 12;
    config.latencyMs = 200;
    config.threadWorkers = 4;
    RunResult result;
    result.wallNs = 600'000'000;
    const LessonMeasurement estimated = measureLessonRun(config, result);
    EXPECT_DOUBLE_EQ(estimated.sequentialMs, 2400);
    EXPECT_DOUBLE_EQ(estimated.speedup, 4);
    EXPECT_EQ(estimated.workers, 4);
    EXPECT_FALSE(estimated.sequentialMeasured);

    const LessonMeasurement measured = measureLessonRun(config, result, TimeNs {1'200'000'000});
    EXPECT_TRUE(measured.sequentialMeasured);
    EXPECT_DOUBLE_EQ(measured.speedup, 2);
}

TEST(Lesson, ChecksEachClaim)
{
    const Lesson lesson = parseLesson(goodLesson().dump(), "l");
    LessonMeasurement m;
    m.speedup = 7;
    m.gilWaitMs = 0.5;
    m.peakRunning = 1;
    EXPECT_TRUE(checkExpectation(lesson, m).empty());
    m.speedup = 1.5;
    m.gilWaitMs = 0;
    m.peakRunning = 3;
    EXPECT_EQ(checkExpectation(lesson, m).size(), 3u);
}

TEST(Lesson, SequentialEstimateFollowsTheWorkload)
{
    RunConfig c;
    c.tasks = 4;
    c.workMs = 100;
    c.latencyMs = 50;
    c.workload = WorkloadKind::Cpu;
    EXPECT_DOUBLE_EQ(sequentialEstimateMs(c), 400);
    c.workload = WorkloadKind::Io;
    EXPECT_DOUBLE_EQ(sequentialEstimateMs(c), 200);
    c.workload = WorkloadKind::Mixed;
    EXPECT_DOUBLE_EQ(sequentialEstimateMs(c), 600);
}

} // namespace
} // namespace interleave
