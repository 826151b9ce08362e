#include "commandline_testing.h"
#include "cli/commandline.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

using commandtest::Outcome;

Outcome raceRun(const std::vector<std::string>& args)
{
    return commandtest::runInterleave(args);
}

nlohmann::json raceParsed(const Outcome& r)
{
    EXPECT_EQ(r.result.status, kExitOk) << r.err;
    return nlohmann::json::parse(r.out);
}

TEST(RaceCommand, ExploreTwoThreadsOneIncrement)
{
    const nlohmann::json j = raceParsed(
        raceRun({"race", "--explore", "--gil", "off", "--threads", "2", "--increments", "1", "--json"}));
    EXPECT_EQ(j,
        nlohmann::json::parse(
            R"({"gil": "off", "between": "none", "schedules": 20, "final_values": {"1": 18, "2": 2}})"));
}

TEST(RaceCommand, ExploreCountsPerMode)
{
    // The GIL is on unless turned off: CPython 3.10+ switches only at eval-breaker checks.
    const nlohmann::json on = raceParsed(raceRun({"race", "--explore", "--threads", "2", "--json"}));
    EXPECT_EQ(on,
        nlohmann::json::parse(R"({"gil": "on", "between": "none", "schedules": 2, "final_values": {"2": 2}})"));
    const nlohmann::json call
        = raceParsed(raceRun({"race", "--explore", "--threads", "2", "--between", "call", "--json"}));
    EXPECT_EQ(call["schedules"], 6);
    EXPECT_EQ(call["final_values"], nlohmann::json::parse(R"({"1": 4, "2": 2})"));
    const nlohmann::json off
        = raceParsed(raceRun({"race", "--explore", "--threads", "2", "--gil", "off", "--between", "call", "--json"}));
    EXPECT_EQ(off["final_values"], nlohmann::json::parse(R"({"1": 68, "2": 2})"));
}

TEST(RaceCommand, ExploreWithTheLockNeverLoses)
{
    for (const char* gil : {"on", "off"}) {
        const nlohmann::json j = raceParsed(raceRun({"race", "--explore", "--gil", gil, "--between", "call", "--threads",
            "2", "--increments", "2", "--lock", "--json"}));
        EXPECT_EQ(j["schedules"], 6) << gil;
        EXPECT_EQ(j["final_values"], nlohmann::json::parse(R"({"4": 6})")) << gil;
    }
}

TEST(RaceCommand, ExploreAsText)
{
    const Outcome r = raceRun({"race", "--explore", "--gil", "off"});
    EXPECT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("20 schedules"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("18 of 20 schedules lose"), std::string::npos) << r.out;
    const Outcome on = raceRun({"race", "--explore"});
    EXPECT_NE(on.out.find("GIL on"), std::string::npos) << on.out;
    EXPECT_NE(on.out.find("0 of 2 schedules lose"), std::string::npos) << on.out;
}

TEST(RaceCommand, ExploreRefusesASpaceTooLarge)
{
    const Outcome r = raceRun({"race", "--explore", "--gil", "off", "--threads", "4", "--increments", "8"});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("too many"), std::string::npos) << r.err;
}

TEST(RaceCommand, LockRunsAreExact)
{
    const nlohmann::json j = raceParsed(
        raceRun({"race", "--threads", "3", "--increments", "20000", "--lock", "--repeat", "2", "--json"}));
    EXPECT_EQ(j["mode"], "lock");
    ASSERT_EQ(j["runs"].size(), 2u);
    for (const auto& r : j["runs"]) {
        EXPECT_EQ(r["expected"], 60000);
        EXPECT_EQ(r["actual"], 60000);
        EXPECT_EQ(r["lost"], 0);
    }
    EXPECT_EQ(j["summary"]["runs_that_lost"], 0);
    EXPECT_EQ(j["summary"]["mean_lost"], 0.0);
}

TEST(RaceCommand, AtomicRunIsExact)
{
    const nlohmann::json j
        = raceParsed(raceRun({"race", "--threads", "2", "--increments", "50000", "--atomic", "--json"}));
    EXPECT_EQ(j["expected"], 100000);
    EXPECT_EQ(j["actual"], 100000);
    EXPECT_EQ(j["lost"], 0);
}

TEST(RaceCommand, UnsafeRunWithAWideWindowLoses)
{
    // Sleeping in the window: see the core test for why this cannot come out exact.
    const nlohmann::json j
        = raceParsed(raceRun({"race", "--threads", "2", "--increments", "1000", "--gil", "off", "--widen-us", "20", "--json"}));
    EXPECT_EQ(j["expected"], 2000);
    EXPECT_GT(j["lost"].get<long long>(), 0);
    EXPECT_EQ(j["summary"]["runs_that_lost"], 1);
}

TEST(RaceCommand, WithTheGilCounterPlusEqualsOneIsExactAndACallLoses)
{
    const nlohmann::json exact = raceParsed(raceRun({"race", "--threads", "4", "--increments", "100000", "--gil", "on",
        "--between", "none", "--repeat", "3", "--json"}));
    EXPECT_EQ(exact["gil"], "on");
    EXPECT_EQ(exact["between"], "none");
    ASSERT_EQ(exact["runs"].size(), 3u);
    for (const auto& r : exact["runs"]) {
        EXPECT_EQ(r["lost"], 0);
        EXPECT_EQ(r["switches_between_load_and_store"], 0);
        EXPECT_TRUE(r.contains("gil_switches"));
    }
    EXPECT_EQ(exact["summary"]["runs_that_lost"], 0);

    const nlohmann::json lossy = raceParsed(raceRun({"race", "--threads", "4", "--increments", "100000", "--between",
        "call", "--repeat", "3", "--json"}));
    EXPECT_EQ(lossy["gil"], "on");
    EXPECT_GE(lossy["summary"]["runs_that_lost"].get<int>(), 1) << lossy.dump();

    const nlohmann::json free
        = raceParsed(raceRun({"race", "--threads", "2", "--increments", "100", "--gil", "off", "--json"}));
    EXPECT_FALSE(free["runs"][0].contains("gil_switches")) << "no GIL, no switches";
}

TEST(RaceCommand, TextListsEachRunAndASummary)
{
    const Outcome r = raceRun({"race", "--threads", "2", "--increments", "1000", "--repeat", "3", "--lock"});
    EXPECT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("expected"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("0 of 3 runs lost updates"), std::string::npos) << r.out;
}

TEST(RaceCommand, AbsurdParametersAreUsageErrors)
{
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>> {
             {"race", "--threads", "0"},
             {"race", "--threads", "1000"},
             {"race", "--increments", "-5"},
             {"race", "--increments", "1000000000000"},
             {"race", "--widen-us", "99999999"},
             {"race", "--repeat", "0"},
             {"race", "--lock", "--atomic"},
             {"race", "--explore", "--atomic"},
             {"race", "--explore", "--repeat", "3"},
             {"race", "--widen-by", "nap"},
             {"race", "--gil", "maybe"},
             {"race", "--between", "sleep"},
             {"race", "--threads", "many"},
             {"race", "--explore", "--threads", "9"},
             {"race", "--increments", "10000000", "--widen-us", "100"},
         }) {
        const Outcome r = raceRun(args);
        EXPECT_EQ(r.result.status, kExitUsage) << args.back() << ": " << r.err;
        EXPECT_EQ(r.out, "") << args.back();
        EXPECT_FALSE(r.err.empty());
    }
}

} // namespace
} // namespace interleave::cli
