// Every lesson and preset shipped in resources/: loads, and every lesson with an engine run runs
// headless and shows what its text claims.

#include "engine/engine.h"
#include "teach/lesson.h"
#include "teach/lesson_run.h"
#include "teach/scenario.h"
#include "teach/snippet.h"
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace interleave {
namespace {

const std::filesystem::path kResources = INTERLEAVE_RESOURCES_DIR;

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

TEST(LessonResources, AtLeastTenLessonsLoadInOrder)
{
    const auto lessons = loadLessonsFromDirectory(kResources / "lessons");
    ASSERT_GE(lessons.size(), 10u);
    std::set<std::string> views;
    for (std::size_t i = 0; i < lessons.size(); ++i) {
        SCOPED_TRACE(lessons[i].id);
        if (i > 0) {
            EXPECT_LT(lessons[i - 1].order, lessons[i].order);
        }
        EXPECT_FALSE(lessons[i].text.empty());
        EXPECT_GE(lessons[i].quiz.choices.size(), 2u);
        for (const auto& v : lessons[i].views)
            views.insert(v);
    }
    // The sequence covers engine runs and the lab alike.
    EXPECT_TRUE(views.count("timeline"));
    EXPECT_TRUE(views.count("lab:race"));
    EXPECT_TRUE(views.count("lab:deadlock"));
    EXPECT_TRUE(views.count("python")) << "a lesson traces a real Python program";
}

TEST(LessonResources, TheLessonsCoverTheSeedsSequence)
{
    const auto lessons = loadLessonsFromDirectory(kResources / "lessons");
    std::set<std::string> topics;
    for (const auto& l : lessons)
        topics.insert(l.topic);
    for (const char* topic :
        {"sequential", "threads", "processes", "thread_pool", "asyncio", "race", "lock", "deadlock"})
        EXPECT_TRUE(topics.count(topic)) << topic;
}

TEST(LessonResources, EveryPresetScenarioLoads)
{
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kResources / "scenarios")) {
        if (entry.path().extension() != ".json")
            continue;
        SCOPED_TRACE(entry.path().filename().string());
        EXPECT_NO_THROW(loadScenario(entry.path()));
        ++count;
    }
    EXPECT_GE(count, 5);
}

TEST(LessonResources, EveryTopicHasATextAndASnippetWithValidMarkers)
{
    for (const std::string& topic : explanationTopics()) {
        SCOPED_TRACE(topic);
        const auto md = kResources / "explanations" / (topic + ".md");
        const auto py = kResources / "explanations" / (topic + ".py");
        ASSERT_TRUE(std::filesystem::exists(md));
        ASSERT_TRUE(std::filesystem::exists(py));
        EXPECT_GT(readFile(md).size(), 200u);
        const Snippet snippet = parseSnippet(readFile(py));
        EXPECT_TRUE(snippet.problems.empty()) << (snippet.problems.empty() ? "" : snippet.problems.front());
        EXPECT_EQ(snippet.code.find("@state:"), std::string::npos);
        if (modelFromName(topic)) {
            // The line for a Running span: every model's snippet says where it computes.
            EXPECT_TRUE(snippet.lineForState(State::Running)) << topic;
            EXPECT_TRUE(snippet.lineForState(State::BlockedIo)) << topic;
        }
    }
}

TEST(LessonResources, ALabLessonCannotBeRunOnTheEngine)
{
    const auto lessons = loadLessonsFromDirectory(kResources / "lessons");
    for (const Lesson& lesson : lessons) {
        if (!lesson.scenario.run) {
            EXPECT_THROW(runLessonScenario(lesson), std::invalid_argument);
            return;
        }
    }
    FAIL() << "no lab lesson";
}

TEST(LessonResources, EveryEngineLessonRunsAndShowsWhatItClaims)
{
    const auto lessons = loadLessonsFromDirectory(kResources / "lessons");
    int runs = 0;
    for (const Lesson& lesson : lessons) {
        SCOPED_TRACE(lesson.id);
        if (!lesson.scenario.run) {
            // Lab lessons are validated by loading; a Python program's lesson by its example
            // being there (the pytrace tests trace every example).
            ASSERT_TRUE(lesson.scenario.lab || lesson.scenario.python);
            if (lesson.scenario.python) {
                EXPECT_TRUE(std::filesystem::exists(kResources / "python" / "examples" / lesson.scenario.python->example));
            }
            continue;
        }
        const LessonRun run = runLessonScenario(lesson, INTERLEAVE_WORKER_PATH);
        ASSERT_TRUE(run.result.errors.empty()) << run.result.errors.front();
        ASSERT_FALSE(run.result.cancelled);
        const LessonMeasurement& m = run.measurement;
        std::cout << "[lesson] " << lesson.id << ": wall " << m.wallMs << " ms, speedup " << m.speedup
                  << "x, GIL wait " << m.gilWaitMs << " ms, peak running " << m.peakRunning.value_or(-1)
                  << "\n";
        for (const std::string& failure : run.unmetClaims)
            ADD_FAILURE() << failure;
        EXPECT_GT(run.trace.laneCount(), 0u);
        EXPECT_EQ(run.explanation.find('{'), std::string::npos) << run.explanation;
        EXPECT_EQ(run.explanation.find("? ms"), std::string::npos) << run.explanation;
        ++runs;
    }
    EXPECT_GE(runs, 6);
}

} // namespace
} // namespace interleave
