// A lesson's run measured again: the watched run and its repeats folded into a median with a
// range, the sequential time measured when the tasks compute, and the sentence that says so.

#include "teach/lesson_repeat.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace interleave {
namespace {

RunConfig lessonRepeatConfig(Model model, WorkloadKind workload, double ms)
{
    RunConfig config;
    config.model = model;
    config.workload = workload;
    config.tasks = 2;
    config.latencyMs = ms;
    config.workMs = ms;
    return config;
}

RunResult lessonRepeatWatched(const RunConfig& config)
{
    Recorder recorder;
    return runModel(config, recorder);
}

LessonRepeatJob::Outcome lessonRepeatWait(LessonRepeatJob& job)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!job.finished() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    EXPECT_TRUE(job.finished());
    return job.outcome();
}

TEST(LessonRepeat, WaitsAloneAreRunTwiceMoreAndTheirSequentialTimeIsTheirSum)
{
    const RunConfig config = lessonRepeatConfig(Model::Threads, WorkloadKind::Io, 5);
    EXPECT_FALSE(lessonMeasuresSequential(config));
    LessonRepeatJob job(config, lessonRepeatWatched(config));
    job.start();
    EXPECT_EQ(job.job().progress().total, kLessonRuns - 1);
    const LessonRepeatJob::Outcome outcome = lessonRepeatWait(job);
    EXPECT_FALSE(outcome.stopped);
    EXPECT_FALSE(outcome.sequential.has_value());
    ASSERT_EQ(outcome.model.wall.runs, kLessonRuns);
    EXPECT_EQ(job.job().progress().done, kLessonRuns - 1);

    const LessonMeasurement m = measureLessonRepeats(config, outcome);
    EXPECT_EQ(m.runs, kLessonRuns);
    EXPECT_FALSE(m.sequentialMeasured);
    EXPECT_DOUBLE_EQ(m.sequentialMs, 10); // 2 waits of 5 ms
    EXPECT_LE(m.wallMsMin, m.wallMs);
    EXPECT_LE(m.wallMs, m.wallMsMax);
    EXPECT_GT(m.wallMsMin, 0);
    // The speedup's range is the sequential sum over the slowest and over the fastest run.
    EXPECT_DOUBLE_EQ(m.speedupLow, 10 / m.wallMsMax);
    EXPECT_DOUBLE_EQ(m.speedupHigh, 10 / m.wallMsMin);
    const std::string sentence = measurementSentence(m);
    EXPECT_NE(sentence.find("the median of 3 runs"), std::string::npos) << sentence;
    EXPECT_NE(sentence.find("their waits added up"), std::string::npos) << sentence;
}

TEST(LessonRepeat, ComputingTasksAreAlsoMeasuredOneAfterAnother)
{
    const RunConfig config = lessonRepeatConfig(Model::Threads, WorkloadKind::Cpu, 4);
    ASSERT_TRUE(lessonMeasuresSequential(config));
    LessonRepeatJob job(config, lessonRepeatWatched(config));
    job.start();
    EXPECT_EQ(job.job().progress().total, (kLessonRuns - 1) + kLessonRuns);
    const LessonRepeatJob::Outcome outcome = lessonRepeatWait(job);
    ASSERT_TRUE(outcome.sequential.has_value());
    EXPECT_EQ(outcome.sequential->wall.runs, kLessonRuns);
    EXPECT_EQ(outcome.sequential->result.model, Model::Sequential);
    EXPECT_EQ(outcome.model.result.model, Model::Threads);

    const LessonMeasurement m = measureLessonRepeats(config, outcome);
    EXPECT_TRUE(m.sequentialMeasured);
    EXPECT_EQ(m.sequentialRuns, kLessonRuns);
    EXPECT_DOUBLE_EQ(m.sequentialMs, static_cast<double>(outcome.sequential->result.wallNs) / 1e6);
    EXPECT_DOUBLE_EQ(m.speedup, m.sequentialMs / m.wallMs);
    EXPECT_LE(m.speedupLow, m.speedup);
    EXPECT_GE(m.speedupHigh, m.speedup);
    EXPECT_NE(measurementSentence(m).find("the median of 3 sequential runs"), std::string::npos);
}

TEST(LessonRepeat, AStopEndsTheRunsAndSaysWhatRan)
{
    const RunConfig config = lessonRepeatConfig(Model::Threads, WorkloadKind::Io, 2000);
    RunResult watched;
    watched.model = config.model;
    watched.wallNs = 2'000'000'000;
    LessonRepeatJob job(config, watched);
    job.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    job.requestStop();
    const auto asked = std::chrono::steady_clock::now();
    const LessonRepeatJob::Outcome outcome = lessonRepeatWait(job);
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(5));
    EXPECT_TRUE(outcome.stopped);
    // The cut run does not count: the figures are the watched run's alone.
    EXPECT_EQ(outcome.model.wall.runs, 1);
    EXPECT_EQ(measureLessonRepeats(config, outcome).runs, 1);
}

TEST(LessonRepeat, ARefusedConfigurationStartsNothing)
{
    RunConfig config = lessonRepeatConfig(Model::Threads, WorkloadKind::Io, 5);
    config.tasks = 0;
    LessonRepeatJob job(config, RunResult {});
    EXPECT_THROW(job.start(), std::invalid_argument);
    EXPECT_FALSE(job.job().started());
}

TEST(LessonRepeat, TheSentenceSaysOneRunOrTheMedianWithItsRange)
{
    LessonMeasurement one;
    one.wallMs = 101;
    one.sequentialMs = 400;
    one.speedup = 400.0 / 101;
    EXPECT_EQ(measurementSentence(one), "*Measured:* one run, **101 ms**, **4.0x**, against 400 ms for the same tasks "
                                        "one after another (their waits added up).");
    LessonMeasurement three = one;
    three.runs = 3;
    three.wallMsMin = 99;
    three.wallMsMax = 110;
    three.speedupLow = 400.0 / 110;
    three.speedupHigh = 400.0 / 99;
    three.computes = true;
    EXPECT_EQ(measurementSentence(three),
        "*Measured:* the median of 3 runs, **101 ms** (from 99 ms to 110 ms), **4.0x** (from 3.6x to 4.0x), against "
        "400 ms for the same tasks one after another (estimated from this machine's speed, measured once when "
        "the program started).");
    three.speedupLow = 3.96;
    three.speedupHigh = 4.01;
    EXPECT_NE(measurementSentence(three).find("**4.0x** in every run"), std::string::npos);
}

TEST(LessonRepeat, AContradictionOfSeveralRunsSpeaksOfThemAll)
{
    Lesson lesson;
    lesson.id = "x";
    lesson.explanation = "It went {speedup}x.";
    lesson.expect.speedupMin = 2.0;
    LessonMeasurement m;
    m.wallMs = 100;
    m.sequentialMs = 110;
    m.speedup = 1.1;
    const std::string one = chooseExplanation(lesson, m).text;
    EXPECT_NE(one.find("**This run did not show"), std::string::npos) << one;
    m.runs = 3;
    m.wallMsMin = 95;
    m.wallMsMax = 120;
    const std::string three = chooseExplanation(lesson, m).text;
    EXPECT_NE(three.find("**These 3 runs did not show"), std::string::npos) << three;
    EXPECT_EQ(three.find("This run"), std::string::npos) << three;
    EXPECT_EQ(three.find("one run"), std::string::npos) << three;
}

} // namespace
} // namespace interleave
