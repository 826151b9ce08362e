#include "lab/lock_demos.h"
#include "trace/clock.h"

#include "trace/trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace interleave {
namespace {


LockDemoConfig quickDemo(LockDemo demo)
{
    LockDemoConfig config;
    config.demo = demo;
    config.workNs = 4 * kNsPerMs;
    config.watchdogPollNs = 2 * kNsPerMs;
    return config;
}

struct DemoOutput {
    LockDemoResult result;
    Trace trace;
};

DemoOutput runDemo(const LockDemoConfig& config)
{
    Recorder recorder;
    LockDemoResult result = runLockDemo(config, recorder);
    return {std::move(result), Trace::fromSnapshot(recorder.snapshot())};
}

std::vector<std::string> laneNames(const Trace& trace)
{
    std::vector<std::string> names;
    for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id)
        names.push_back(trace.lane(id).name);
    return names;
}

State lastState(const Trace& trace, LaneId id)
{
    return trace.span(id, trace.spanCount(id) - 1).state;
}

void expectAllDone(const Trace& trace)
{
    for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id)
        EXPECT_EQ(lastState(trace, id), State::Done) << trace.lane(id).name;
}

// The most lanes in `state` at any one instant, from the trace's spans; with onlyTasks, only
// spans that carry a task count.
int peakOverlap(const Trace& trace, State state, bool onlyTasks = false)
{
    std::vector<std::pair<TimeNs, int>> edges;
    for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id) {
        for (std::size_t i = 0; i < trace.spanCount(id); ++i) {
            const Span s = trace.span(id, i);
            if (s.state == state && s.end > s.start && (!onlyTasks || s.task != kNoTask)) {
                edges.emplace_back(s.start, +1);
                edges.emplace_back(s.end, -1);
            }
        }
    }
    std::sort(edges.begin(), edges.end()); // at equal times the -1 comes first: [start, end)
    int now = 0;
    int peak = 0;
    for (const auto& [time, delta] : edges) {
        now += delta;
        peak = std::max(peak, now);
    }
    return peak;
}

TimeNs totalIn(const Trace& trace, State state)
{
    TimeNs total = 0;
    for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id)
        total += totalFor(trace.stateTotals(id), state);
    return total;
}

TEST(LockDemos, LockSerialisesTheCriticalSectionsAndShowsTheWaits)
{
    LockDemoConfig config = quickDemo(LockDemo::Lock);
    config.threads = 4;
    config.rounds = 3;
    const DemoOutput out = runDemo(config);
    EXPECT_EQ(
        laneNames(out.trace), (std::vector<std::string> {"worker-1", "worker-2", "worker-3", "worker-4"}));
    expectAllDone(out.trace);
    EXPECT_EQ(out.result.acquisitions, 12);
    // All four reach the lock together after the same fetch: at least three of them wait.
    EXPECT_GE(out.result.contended, 3);
    EXPECT_GT(out.result.lockWaitNs, 0);
    EXPECT_GT(totalIn(out.trace, State::WaitingLock), 0);
    // The critical sections (Running spans tagged with their round) never overlap.
    EXPECT_EQ(peakOverlap(out.trace, State::Running, true), 1);
    EXPECT_FALSE(out.result.stopped);
    EXPECT_FALSE(out.result.summary.empty());
}

TEST(LockDemos, RLockReentryWorks)
{
    LockDemoConfig config = quickDemo(LockDemo::RLock);
    config.threads = 2;
    config.rounds = 3;
    const DemoOutput out = runDemo(config);
    EXPECT_EQ(laneNames(out.trace), (std::vector<std::string> {"teller-1", "teller-2"}));
    expectAllDone(out.trace);
    EXPECT_TRUE(out.result.selfDeadlocks.empty());
    EXPECT_EQ(out.result.acquisitions, 6);
    EXPECT_TRUE(out.trace.notes().empty());
}

TEST(LockDemos, PlainLockReentryIsDetectedAndRecoveredWithoutHanging)
{
    LockDemoConfig config = quickDemo(LockDemo::RLock);
    config.plainLock = true;
    config.threads = 2;
    config.rounds = 2;
    const auto started = std::chrono::steady_clock::now();
    const DemoOutput out = runDemo(config);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    expectAllDone(out.trace);
    // Every re-entry deadlocks on itself, and each one is found and broken.
    ASSERT_EQ(out.result.selfDeadlocks.size(), 4u);
    for (const DeadlockReport& report : out.result.selfDeadlocks) {
        ASSERT_EQ(report.cycle.size(), 2u);
        EXPECT_TRUE(report.cycle[0] == "teller-1" || report.cycle[0] == "teller-2");
        EXPECT_EQ(report.cycle[1], "account");
        EXPECT_NE(report.description.find("(itself)"), std::string::npos);
    }
    EXPECT_EQ(out.trace.notes().size(), 4u);
    EXPECT_FALSE(out.result.stopped);
}

TEST(LockDemos, SemaphoreNeverLetsMoreThanKDownloadsRunAtOnce)
{
    for (int k : {1, 3}) {
        LockDemoConfig config = quickDemo(LockDemo::Semaphore);
        config.threads = 8;
        config.limit = k;
        const DemoOutput out = runDemo(config);
        expectAllDone(out.trace);
        EXPECT_EQ(out.result.peak, k) << k; // reached, and never exceeded
        EXPECT_EQ(peakOverlap(out.trace, State::BlockedIo), k) << k;
        EXPECT_EQ(out.trace.laneCount(), 8u);
        EXPECT_EQ(out.trace.lane(7).name, "downloader-8");
    }
}

TEST(LockDemos, EventReleasesEveryWaiterOnlyAfterItIsSet)
{
    LockDemoConfig config = quickDemo(LockDemo::Event);
    config.workNs = 10 * kNsPerMs; // the last worker starts waiting 20 ms before the set
    config.threads = 4;
    const DemoOutput out = runDemo(config);
    expectAllDone(out.trace);
    EXPECT_EQ(out.result.released, 4);
    ASSERT_EQ(out.trace.lane(0).name, "loader");
    // The loader sets the event at the end of its last Running span, just before Done.
    const TimeNs setAt = out.trace.span(0, out.trace.spanCount(0) - 2).start;
    int waited = 0;
    for (LaneId id = 1; id < 5; ++id) {
        // Whether a worker had to wait depends on how the system ran it; that none went on
        // before the set does not: every wait ends after it, and so does the start of serving
        // (the worker's last BlockedIo span).
        std::optional<Span> serving;
        for (std::size_t i = 0; i < out.trace.spanCount(id); ++i) {
            const Span s = out.trace.span(id, i);
            if (s.state == State::WaitingLock) {
                ++waited;
                EXPECT_GE(s.end, setAt) << out.trace.lane(id).name;
            }
            if (s.state == State::BlockedIo)
                serving = s;
        }
        ASSERT_TRUE(serving) << out.trace.lane(id).name;
        EXPECT_GE(serving->start, setAt) << out.trace.lane(id).name;
    }
    RecordProperty("workers_that_waited", waited);
}

TEST(LockDemos, ConditionDeliversEveryItemExactlyOnce)
{
    LockDemoConfig config = quickDemo(LockDemo::Condition);
    config.threads = 3;
    config.rounds = 2;
    const DemoOutput out = runDemo(config);
    expectAllDone(out.trace);
    EXPECT_EQ(out.result.produced, 6);
    EXPECT_EQ(out.result.consumed, 6);
}

TEST(LockDemos, QueueBoundIsRespectedAndBothSidesBlock)
{
    LockDemoConfig config = quickDemo(LockDemo::Queue);
    config.workNs = 20 * kNsPerMs; // the producers' start-up outlasts the consumers' thread start
    config.threads = 3;
    config.consumers = 2;
    config.limit = 2;
    config.rounds = 4;
    const DemoOutput out = runDemo(config);
    EXPECT_EQ(laneNames(out.trace),
        (std::vector<std::string> {"producer-1", "producer-2", "producer-3", "consumer-1", "consumer-2"}));
    expectAllDone(out.trace);
    EXPECT_EQ(out.result.produced, 12);
    EXPECT_EQ(out.result.consumed, 12);
    EXPECT_LE(out.result.peak, 2);
    EXPECT_EQ(out.result.peak, 2);
    // Producers are three times quicker than consumers: the queue fills and put() blocks;
    // while they start up it is empty and get() blocks.
    EXPECT_GT(out.result.blockedPuts, 0);
    EXPECT_GT(out.result.blockedGets, 0);
}

TEST(LockDemos, StopAtAnyMomentJoinsEveryThread)
{
    for (LockDemo demo : kAllLockDemos) {
        for (int afterMs : {0, 3, 25}) {
            LockDemoConfig config = quickDemo(demo);
            config.plainLock = demo == LockDemo::RLock;
            config.rounds = 20;
            LockDemoRun run(config);
            run.start();
            std::this_thread::sleep_for(std::chrono::milliseconds(afterMs));
            run.requestStop();
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
            while (!run.finished() && std::chrono::steady_clock::now() < until)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ASSERT_TRUE(run.finished()) << lockDemoName(demo) << " after " << afterMs << " ms";
            EXPECT_TRUE(run.error().empty()) << run.error();
            // A short demo may have finished before the stop arrived: then every lane is Done.
            const Trace trace = Trace::fromSnapshot(run.recorder().snapshot());
            for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id) {
                const State last = lastState(trace, id);
                EXPECT_TRUE(run.result().stopped ? isTerminal(last) : last == State::Done)
                    << lockDemoName(demo) << " " << trace.lane(id).name;
                EXPECT_NE(last, State::Failed) << "a stop is not a failure: " << trace.lane(id).name;
            }
            if (afterMs == 0) {
                EXPECT_TRUE(run.result().stopped) << lockDemoName(demo);
            }
        }
    }
}

TEST(LockDemos, AbsurdSettingsAreRefusedBeforeAnyThreadStarts)
{
    LockDemoConfig config = quickDemo(LockDemo::Semaphore);
    config.limit = 0;
    EXPECT_TRUE(validate(config));
    Recorder recorder;
    EXPECT_THROW(runLockDemo(config, recorder), std::invalid_argument);
    EXPECT_EQ(recorder.laneCount(), 0u);
    config = quickDemo(LockDemo::Lock);
    config.threads = 0;
    EXPECT_TRUE(validate(config));
    config.threads = 17;
    EXPECT_TRUE(validate(config));
    config = quickDemo(LockDemo::Queue);
    config.consumers = 0;
    EXPECT_TRUE(validate(config));
    config = quickDemo(LockDemo::Lock);
    config.rounds = 51;
    EXPECT_TRUE(validate(config));
    EXPECT_FALSE(validate(quickDemo(LockDemo::Queue)));
}

TEST(LockDemos, NamesRoundTripAndEveryDemoIsExplained)
{
    for (LockDemo demo : kAllLockDemos) {
        EXPECT_EQ(lockDemoFromName(lockDemoName(demo)), demo);
        LockDemoConfig config;
        config.demo = demo;
        EXPECT_FALSE(lockDemoExplanation(config).empty());
        // In the words users read: "Waiting for lock" bars, not the enum's WaitingLock.
        for (const char* spelling : {"WaitingGil", "BlockedIo", "WaitingLock"})
            EXPECT_EQ(lockDemoExplanation(config).find(spelling), std::string::npos) << lockDemoName(demo);
        EXPECT_FALSE(lockDemoPython(config).empty());
        EXPECT_FALSE(lockDemoTitle(demo).empty());
    }
    EXPECT_EQ(lockDemoFromName("mutex"), std::nullopt);
}

} // namespace
} // namespace interleave
