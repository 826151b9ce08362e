// A lesson's explanation is chosen from what was measured: fed constructed results of each
// outcome (the figures seen on a shared two-core machine), every run lesson says what its run
// showed, and never the text written for the other outcome.

#include "teach/lesson.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace interleave {
namespace {

const std::filesystem::path kLessonOutcomeResources = INTERLEAVE_RESOURCES_DIR;

const Lesson& lessonOutcomeLesson(const std::string& id)
{
    static const std::vector<Lesson> lessons = loadLessonsFromDirectory(kLessonOutcomeResources / "lessons");
    for (const Lesson& lesson : lessons) {
        if (lesson.id == id)
            return lesson;
    }
    throw std::runtime_error("no lesson " + id);
}

// A measurement of the lesson's own run with the given figures, as measureLessonRun makes it.
LessonMeasurement lessonOutcomeMeasurement(const Lesson& lesson, double speedup, double gilWaitMs, int peakRunning,
    std::optional<double> busy = std::nullopt)
{
    const RunConfig& config = *lesson.scenario.run;
    RunResult result;
    result.model = config.model;
    const double sequentialMs = sequentialEstimateMs(config);
    result.wallNs = static_cast<TimeNs>(sequentialMs / speedup * 1e6);
    result.gilWaitNs = static_cast<TimeNs>(gilWaitMs * 1e6);
    result.busyOtherCpu = busy;
    LessonMeasurement m = measureLessonRun(config, result);
    m.peakRunning = peakRunning;
    return m;
}

// The lesson's own explanation up to its first placeholder: text that only the expected
// outcome may show.
std::string lessonOutcomeExpectedOpening(const Lesson& lesson)
{
    const std::string& text = lesson.explanation;
    const std::size_t brace = text.find('{');
    std::string opening = text.substr(0, brace == std::string::npos ? 60 : std::min<std::size_t>(brace, 60));
    // After the first placeholder comes the story; take a distinctive sentence from the end.
    const std::size_t lastStop = text.rfind(". ", text.size() - 2);
    return lastStop == std::string::npos ? opening : text.substr(lastStop + 2);
}

TEST(LessonOutcome, ProcessesSlowerThanSequentialSayWhyNotThatTheyWon)
{
    // Lesson 4 measured at 0.4x on a busy machine: its text explained why processes won.
    const Lesson& lesson = lessonOutcomeLesson("04-processes-cpu");
    const auto chosen = chooseExplanation(lesson, lessonOutcomeMeasurement(lesson, 0.4, 0, 2, 0.38));
    EXPECT_FALSE(chosen.asExpected);
    EXPECT_NE(chosen.text.find("This run did not show what the lesson expects"), std::string::npos) << chosen.text;
    EXPECT_NE(chosen.text.find("0.4x**, little or nothing gained from"), std::string::npos) << chosen.text;
    EXPECT_NE(chosen.text.find("The machine was busy: 38 % of the CPUs went to other programs"), std::string::npos)
        << chosen.text;
    EXPECT_NE(chosen.text.find("This is one run"), std::string::npos) << chosen.text;
    EXPECT_EQ(chosen.text.find("wins its CPU-bound benchmark"), std::string::npos) << chosen.text;
    EXPECT_EQ(chosen.text.find('{'), std::string::npos) << chosen.text;
    EXPECT_NE(chosen.text.find("0.4x"), std::string::npos) << chosen.text;

    // 1.1x from four processes on two or more cores is not the win the lesson's text tells of.
    const auto barely = chooseExplanation(lesson, lessonOutcomeMeasurement(lesson, 1.1, 0, 2, 0.02));
    EXPECT_FALSE(barely.asExpected);
    EXPECT_EQ(barely.text.find("wins its CPU-bound benchmark"), std::string::npos) << barely.text;
    EXPECT_NE(barely.text.find("little or nothing gained from"), std::string::npos) << barely.text;

    const auto won = chooseExplanation(lesson, lessonOutcomeMeasurement(lesson, 1.7, 0, 2, 0.02));
    EXPECT_TRUE(won.asExpected);
    EXPECT_NE(won.text.find("wins its CPU-bound benchmark"), std::string::npos) << won.text;
    EXPECT_EQ(won.text.find("did not show"), std::string::npos);
}

TEST(LessonOutcome, StartupCostLargerThanTheWorkIsNamed)
{
    // Lesson 4's processes, each computing for less time than starting one costs.
    Lesson lesson = lessonOutcomeLesson("04-processes-cpu");
    lesson.scenario.run->workMs = 40;
    const auto chosen = chooseExplanation(lesson, lessonOutcomeMeasurement(lesson, 0.6, 0, 2, 0.05));
    EXPECT_FALSE(chosen.asExpected);
    ASSERT_FALSE(chosen.reasons.empty());
    EXPECT_NE(chosen.reasons.front().find("Starting a process costs about 60 ms here, more than the 40 ms"),
        std::string::npos)
        << chosen.reasons.front();
    // Not busy: no sentence says it was.
    for (const std::string& reason : chosen.reasons)
        EXPECT_EQ(reason.find("The machine was busy"), std::string::npos) << reason;
}

TEST(LessonOutcome, CpuThreadsFasterThanOneCoreSayTheComparisonWasOff)
{
    // Lesson 3 measured at 1.43x against an estimated sequential time.
    const Lesson& lesson = lessonOutcomeLesson("03-gil-cpu-threads");
    const auto chosen = chooseExplanation(lesson, lessonOutcomeMeasurement(lesson, 1.43, 700, 1));
    EXPECT_FALSE(chosen.asExpected);
    EXPECT_NE(chosen.text.find("more than one core's worth"), std::string::npos) << chosen.text;
    EXPECT_NE(chosen.text.find("estimated from a measurement of this CPU's speed"), std::string::npos)
        << chosen.text;
    EXPECT_EQ(chosen.text.find("Threads did not add a core"), std::string::npos) << chosen.text;

    const auto tookTurns = chooseExplanation(lesson, lessonOutcomeMeasurement(lesson, 0.97, 2900, 1));
    EXPECT_TRUE(tookTurns.asExpected);
    EXPECT_NE(tookTurns.text.find("Threads did not add a core"), std::string::npos) << tookTurns.text;
}

TEST(LessonOutcome, AClaimOutsideTheBoundsGetsNoStoryWrittenForTheBounds)
{
    // Lesson 4 at a fine speedup but one lane at a time: the text written for "slower than
    // sequential" would be false, so only the contradiction and the reasons are said.
    const Lesson& lesson = lessonOutcomeLesson("04-processes-cpu");
    const auto chosen = chooseExplanation(lesson, lessonOutcomeMeasurement(lesson, 1.3, 0, 1));
    EXPECT_FALSE(chosen.asExpected);
    EXPECT_NE(chosen.text.find("lanes ran at once"), std::string::npos) << chosen.text;
    EXPECT_EQ(chosen.text.find("little or nothing gained"), std::string::npos) << chosen.text;
    EXPECT_EQ(chosen.text.find("wins its CPU-bound benchmark"), std::string::npos) << chosen.text;
}

struct LessonOutcomeCase {
    const char* id;
    double expectedSpeedup;
    double contradictingSpeedup;
    double gilWaitMs;
};

class LessonOutcomeEveryRunLesson : public ::testing::TestWithParam<LessonOutcomeCase> {};

TEST_P(LessonOutcomeEveryRunLesson, ChoosesTheTextOfWhatWasMeasured)
{
    const LessonOutcomeCase& c = GetParam();
    const Lesson& lesson = lessonOutcomeLesson(c.id);
    ASSERT_TRUE(lesson.unexpected.has_value()) << "a run lesson needs a text for the other outcome";
    const int peak = lesson.expect.peakRunningMin.value_or(1);
    const std::string expectedOnly = lessonOutcomeExpectedOpening(lesson);

    const LessonMeasurement expected = lessonOutcomeMeasurement(lesson, c.expectedSpeedup, c.gilWaitMs, peak);
    const auto good = chooseExplanation(lesson, expected);
    EXPECT_TRUE(good.asExpected) << (good.contradictions.empty() ? "" : good.contradictions.front());
    // The lesson's own text, then what the figures come from.
    EXPECT_EQ(good.text, formatExplanation(lesson, &expected) + "\n\n" + measurementSentence(expected));
    EXPECT_NE(good.text.find(expectedOnly), std::string::npos) << expectedOnly;

    const LessonMeasurement contradicting
        = lessonOutcomeMeasurement(lesson, c.contradictingSpeedup, c.gilWaitMs, peak, 0.4);
    const auto bad = chooseExplanation(lesson, contradicting);
    EXPECT_FALSE(bad.asExpected);
    EXPECT_TRUE(bad.text.ends_with(measurementSentence(contradicting))) << bad.text;
    EXPECT_EQ(bad.text.find(expectedOnly), std::string::npos) << bad.text;
    EXPECT_NE(bad.text.find("did not show what the lesson expects"), std::string::npos);
    EXPECT_NE(bad.text.find("40 % of the CPUs went to other programs"), std::string::npos) << bad.text;
    EXPECT_EQ(bad.text.find('{'), std::string::npos) << bad.text;
    EXPECT_EQ(bad.text.find("?"), std::string::npos) << bad.text;
}

INSTANTIATE_TEST_SUITE_P(Lessons, LessonOutcomeEveryRunLesson,
    ::testing::Values(LessonOutcomeCase {"01-sequential", 0.98, 0.6, 0},
        LessonOutcomeCase {"02-threads-io", 7.5, 1.8, 0}, LessonOutcomeCase {"03-gil-cpu-threads", 0.97, 1.43, 2900},
        LessonOutcomeCase {"04-processes-cpu", 1.8, 0.4, 0}, LessonOutcomeCase {"05-pools", 3.8, 1.5, 0},
        LessonOutcomeCase {"06-asyncio", 45, 4, 0}, LessonOutcomeCase {"07-blocking-the-loop", 1.5, 6, 0},
        LessonOutcomeCase {"11-choosing-a-model", 150, 8, 0}),
    [](const ::testing::TestParamInfo<LessonOutcomeCase>& info) {
        std::string name = info.param.id;
        for (char& ch : name) {
            if (ch == '-')
                ch = '_';
        }
        return name;
    });

TEST(LessonOutcome, UnexpectedIsParsedStrictly)
{
    const std::string head = R"({"version": 1, "order": 1, "title": "t", "text": "x",
        "quiz": {"question": "q", "choices": ["a", "b"], "answer": 0},
        "scenario": {"title": "s", "run": {"model": "threads", "workload": "io", "tasks": 2}},
        "explanation": "e", "views": ["timeline"], )";
    const Lesson ok = parseLesson(
        head + R"("unexpected": {"speedup_below": 1, "explanation": "only {speedup}x"}})", "ok");
    ASSERT_TRUE(ok.unexpected.has_value());
    EXPECT_EQ(ok.unexpected->speedupBelow, 1.0);
    EXPECT_FALSE(ok.unexpected->speedupAbove.has_value());
    EXPECT_THROW(parseLesson(head + R"("unexpected": {"speedup_below": 1}})", "x"), LessonError);
    EXPECT_THROW(parseLesson(head + R"("unexpected": {"explanation": "{nonsense}"}})", "x"), LessonError);
    EXPECT_THROW(parseLesson(head + R"("unexpected": {"explanation": "a", "colour": 1}})", "x"), LessonError);
    EXPECT_THROW(
        parseLesson(head + R"("unexpected": {"speedup_below": 2, "speedup_above": 1, "explanation": "a"}})", "x"),
        LessonError);
}

TEST(LessonOutcome, ReasonsFollowTheMeasurement)
{
    LessonMeasurement quiet;
    quiet.sequentialMeasured = true;
    quiet.runs = 3;
    quiet.cores = 2;
    quiet.workers = 2;
    EXPECT_TRUE(unexpectedReasons(quiet).empty());

    LessonMeasurement crowded = quiet;
    crowded.computes = true;
    crowded.workers = 4;
    crowded.sequentialMeasured = false;
    crowded.sequentialMs = 1000;
    const auto reasons = unexpectedReasons(crowded);
    ASSERT_EQ(reasons.size(), 2u);
    EXPECT_NE(reasons[0].find("2 cores for 4 workers"), std::string::npos) << reasons[0];
    EXPECT_NE(reasons[1].find("The sequential time (1000 ms) is not measured"), std::string::npos) << reasons[1];
}

} // namespace
} // namespace interleave
