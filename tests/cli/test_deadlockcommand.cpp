#include "cli/commandline.h"
#include "commandline_testing.h"
#include "lab/wait_for_graph_at.h"
#include "trace/chrome_trace.h"
#include "trace/trace.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

using commandtest::Outcome;

Outcome deadlockRun(const std::vector<std::string>& args)
{
    return commandtest::runInterleave(args);
}

TEST(DeadlockCommand, PhilosophersDeadlockAndTheCycleIsPrintedAsJson)
{
    const Outcome r = deadlockRun({"deadlock", "--philosophers", "5", "--json"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_FALSE(r.result.launchGui);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["deadlocked"], true);
    EXPECT_EQ(j["scenario"], "philosophers");
    EXPECT_EQ(j["philosophers"], 5);
    EXPECT_EQ(j["ordered"], false);
    const std::vector<std::string> expected {"philosopher-1", "fork-2", "philosopher-2", "fork-3",
        "philosopher-3", "fork-4", "philosopher-4", "fork-5", "philosopher-5", "fork-1"};
    EXPECT_EQ(j["cycle"].get<std::vector<std::string>>(), expected);
    EXPECT_GT(j["detected_after_ms"].get<double>(), 0);
    EXPECT_LT(j["detected_after_ms"].get<double>(), 5000);
    EXPECT_GE(j["detection_latency_ms"].get<double>(), 0);
    EXPECT_EQ(j["completed_rounds"], 0);
    EXPECT_EQ(r.err, "");
}

TEST(DeadlockCommand, OrderedPhilosophersComplete)
{
    const Outcome r = deadlockRun({"deadlock", "--philosophers", "4", "--ordered", "--json"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["deadlocked"], false);
    EXPECT_TRUE(j["cycle"].empty());
    EXPECT_TRUE(j["detected_after_ms"].is_null());
    EXPECT_EQ(j["completed_rounds"], j["planned_rounds"]);
    EXPECT_EQ(j["planned_rounds"], 8);
}

TEST(DeadlockCommand, TwoLocksInOppositeOrders)
{
    const Outcome r = deadlockRun({"deadlock", "--two-locks", "--json"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["scenario"], "two-locks");
    EXPECT_FALSE(j.contains("philosophers"));
    EXPECT_EQ(j["cycle"].get<std::vector<std::string>>(),
        (std::vector<std::string> {"worker-1", "lock-b", "worker-2", "lock-a"}));
}

TEST(DeadlockCommand, TextNamesTheCycleAndSuggestsTheFix)
{
    const Outcome r = deadlockRun({"deadlock", "--philosophers", "3"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("Deadlocked"), std::string::npos) << r.out;
    EXPECT_NE(
        r.out.find("Cycle: philosopher-1 -> fork-2 -> philosopher-2 -> fork-3 -> philosopher-3 -> fork-1 -> "
                   "philosopher-1"),
        std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("interleave deadlock --philosophers 3 --ordered"), std::string::npos) << r.out;

    const Outcome fixed = deadlockRun({"deadlock", "--philosophers", "3", "--ordered"});
    ASSERT_EQ(fixed.result.status, kExitOk) << fixed.err;
    EXPECT_NE(fixed.out.find("No deadlock: 6 of 6"), std::string::npos) << fixed.out;
}

TEST(DeadlockCommand, AbsurdNumbersOfPhilosophersAreRefusedClearly)
{
    for (const char* n : {"0", "1", "11", "-3", "100000"}) {
        const Outcome r = deadlockRun({"deadlock", "--philosophers", n, "--json"});
        EXPECT_EQ(r.result.status, kExitUsage) << n;
        EXPECT_EQ(r.out, "") << n;
        EXPECT_NE(r.err.find("2 to 10"), std::string::npos) << r.err;
    }
    EXPECT_EQ(deadlockRun({"deadlock", "--philosophers", "five"}).result.status, kExitUsage);
    EXPECT_EQ(deadlockRun({"deadlock", "--two-locks", "--philosophers", "3"}).result.status, kExitUsage);
    EXPECT_EQ(deadlockRun({"deadlock", "--meals", "0"}).result.status, kExitUsage);
}

TEST(DeadlockCommand, TraceKeepsTheLockLogSoTheReopenedRunRedrawsItsCycle)
{
    const std::string path = testing::TempDir() + "interleave_deadlock_trace.json";
    const Outcome r = deadlockRun({"deadlock", "--two-locks", "--trace", path});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("Trace written to " + path), std::string::npos) << r.out;
    const Trace trace = loadChromeTrace(path);
    EXPECT_EQ(trace.metadata().at("lab"), "deadlock");
    EXPECT_EQ(trace.lockLog().threads, (std::vector<std::string> {"worker-1", "worker-2"}));
    const std::optional<TimeNs> closed = firstCycleAt(trace.lockLog());
    ASSERT_TRUE(closed);
    EXPECT_TRUE(findWaitCycle(waitForGraphAt(trace, trace.endTime())));
    // Left standing as the window leaves it, so a replay shows the threads stuck.
    EXPECT_GE(trace.endTime() - *closed, 400 * kNsPerMs);

    // Without a window, open says what the lock log came to.
    const Outcome opened = deadlockRun({"open", "--summary", path});
    ASSERT_EQ(opened.result.status, kExitOk) << opened.err;
    EXPECT_NE(opened.out.find("Lock log: 2 threads, 2 locks, "), std::string::npos) << opened.out;
    EXPECT_NE(opened.out.find(" after the start: worker-"), std::string::npos) << opened.out;

    // The trace and the JSON cannot share standard output.
    EXPECT_EQ(deadlockRun({"deadlock", "--trace", "-", "--json"}).result.status, kExitUsage);
    std::remove(path.c_str());
}

} // namespace
} // namespace interleave::cli
