#include "teach/lab_config.h"

#include "teach/lesson.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace interleave {
namespace {

Lesson labLesson(const std::string& name, std::map<std::string, LabParameter> parameters)
{
    Lesson lesson;
    lesson.id = "99-test";
    lesson.scenario.lab = LabDemo {name, std::move(parameters)};
    return lesson;
}

TEST(LabConfig, LabParametersMapOntoTheLabs)
{
    const auto race = std::get<RaceConfig>(labConfigFor(
        labLesson("race", {{"threads", 4.0}, {"increments", 1000.0}, {"lock", true}, {"widen_us", 2.0}}),
        "lab:race"));
    EXPECT_EQ(race.threads, 4);
    EXPECT_EQ(race.increments, 1000);
    EXPECT_EQ(race.mode, RaceMode::Lock);
    EXPECT_EQ(race.widenUs, 2);
    EXPECT_TRUE(race.gil) << "the GIL is on unless the lesson turns it off";
    const auto freeThreaded = std::get<RaceConfig>(labConfigFor(
        labLesson("race", {{"gil", false}, {"between", std::string("none")}}), "lab:race"));
    EXPECT_FALSE(freeThreaded.gil);
    EXPECT_EQ(freeThreaded.between, RaceBetween::None);
    const auto call = std::get<RaceConfig>(
        labConfigFor(labLesson("race", {{"between", std::string("call")}}), "lab:race"));
    EXPECT_EQ(call.between, RaceBetween::Call);
    EXPECT_THROW(labConfigFor(labLesson("race", {{"between", std::string("sleep")}}), "lab:race"),
        std::invalid_argument);
    EXPECT_THROW(labConfigFor(labLesson("race", {{"gil", std::string("on")}}), "lab:race"), std::invalid_argument);
    // The lock lab in a race lesson takes its threads only.
    const auto lock = std::get<LockDemoConfig>(
        labConfigFor(labLesson("race", {{"threads", 6.0}, {"increments", 10.0}}), "lab:lock"));
    EXPECT_EQ(lock.demo, LockDemo::Lock);
    EXPECT_EQ(lock.threads, 6);
    const auto twoLocks = std::get<DeadlockConfig>(
        labConfigFor(labLesson("deadlock", {{"philosophers", 2.0}, {"ordered", false}}), "lab:deadlock"));
    EXPECT_EQ(twoLocks.scenario, DeadlockScenario::TwoLocks);
    const auto five = std::get<DeadlockConfig>(
        labConfigFor(labLesson("deadlock", {{"philosophers", 5.0}, {"ordered", true}}), "lab:deadlock"));
    EXPECT_EQ(five.scenario, DeadlockScenario::Philosophers);
    EXPECT_TRUE(five.ordered);

    EXPECT_THROW(labConfigFor(labLesson("race", {{"threads", 0.0}}), "lab:race"), std::invalid_argument);
    EXPECT_THROW(labConfigFor(labLesson("race", {{"threads", 2.5}}), "lab:race"), std::invalid_argument);
    EXPECT_THROW(labConfigFor(labLesson("race", {{"lock", 1.0}}), "lab:race"), std::invalid_argument);
    EXPECT_THROW(labConfigFor(labLesson("race", {{"colour", true}}), "lab:race"), std::invalid_argument);
    EXPECT_THROW(labConfigFor(labLesson("deadlock", {{"philosophers", 11.0}}), "lab:deadlock"),
        std::invalid_argument);
}

TEST(LabConfig, AMessageNamesTheFieldAsAFileSpellsIt)
{
    try {
        labConfigFor(labLesson("race", {{"threads", 2.5}}), "lab:race");
        FAIL() << "accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "lesson 99-test: scenario.lab.parameters.threads must be a whole number");
    }
    const std::optional<LabDemo> lab = LabDemo {"deadlock", {{"colour", true}}};
    try {
        labConfigFor(lab, "deadlock", "scenario.");
        FAIL() << "accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "scenario.lab.parameters.colour is not one the deadlock lab knows");
    }
    EXPECT_NO_THROW(labConfigFor(std::nullopt, "semaphore"));
    const auto semaphore = std::get<LockDemoConfig>(labConfigFor(std::nullopt, "semaphore"));
    EXPECT_EQ(semaphore.demo, LockDemo::Semaphore);
    EXPECT_EQ(semaphore.threads, lockDemoDefaults(LockDemo::Semaphore).threads);
    EXPECT_EQ(semaphore.limit, 3) << "8 downloads, 3 at a time";
}

// A lesson whose lab parameters no lab takes is refused when it is read, not when its view is
// shown; the message names the field.
TEST(LabConfig, ALessonWithABadLabParameterIsRefusedWhenRead)
{
    nlohmann::json lesson = nlohmann::json::parse(R"({
      "version": 1,
      "order": 8,
      "title": "Races",
      "text": "Watch the counter.",
      "quiz": {"question": "Lost?", "choices": ["no", "yes"], "answer": 1},
      "scenario": {"title": "Race", "lab": {"name": "race", "parameters": {"threads": 4}}},
      "explanation": "Updates are lost.",
      "views": ["lab:race"]
    })");
    EXPECT_NO_THROW(parseLesson(lesson.dump(), "race"));
    lesson["scenario"]["lab"]["parameters"]["threads"] = 1000;
    try {
        parseLesson(lesson.dump(), "race");
        FAIL() << "accepted";
    } catch (const LessonError& e) {
        EXPECT_NE(std::string(e.what()).find("scenario.lab.parameters.threads must be between 1 and 64"),
            std::string::npos)
            << e.what();
    }
    lesson["scenario"]["lab"]["parameters"] = {{"increments", 10}};
    lesson["views"] = {"lab:lock"}; // the lock lab takes only "threads" from a race lesson
    EXPECT_NO_THROW(parseLesson(lesson.dump(), "race"));
    lesson["scenario"]["lab"]["parameters"] = {{"incremnts", 10}};
    EXPECT_THROW(parseLesson(lesson.dump(), "race"), LessonError) << "the lab's own parameters are checked";
}

} // namespace
} // namespace interleave
