// Real CPython programs traced end to end: the bootstrap, the event files, the sampler and the
// trace builder together. Every assertion is about what the trace shows, never about how
// long something took, so a busy machine changes the pictures' proportions, not the results.

#include "python_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace interleave::pytrace {
namespace {

using namespace testsupport;

PythonTraceResult trace(const std::string& script, std::chrono::milliseconds timeout = std::chrono::seconds(120),
                        std::stop_token stop = {})
{
    return tracePython(traceOptions(script, timeout), stop);
}

TEST(PythonTrace, ThreadsGetLanesWithTheirPythonNamesAndSleepsAreBlockedIo)
{
    REQUIRE_PYTHON();
    const PythonTraceResult r = trace(example("threads_io.py"));
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    EXPECT_TRUE(r.status.succeeded()) << r.status.describe();
    const Trace& t = r.trace;
    const auto root = rootLane(t);
    ASSERT_TRUE(root);
    EXPECT_EQ(t.lane(*root).name, "threads_io.py");
    EXPECT_EQ(lastState(t, *root), State::Done);
    EXPECT_TRUE(hasSpan(t, *root, State::Starting)) << "the interpreter's start-up";

    const std::vector<LaneId> downloads = lanesWhere(t, LaneKind::Thread, "download-");
    ASSERT_EQ(downloads.size(), 8u);
    for (LaneId id : downloads) {
        EXPECT_EQ(t.lane(id).parent, *root);
        EXPECT_TRUE(hasSpan(t, id, State::BlockedIo, "sleep")) << t.lane(id).name;
        EXPECT_EQ(lastState(t, id), State::Done) << t.lane(id).name;
    }
    // The GIL is released while they sleep: their sleeps overlap.
    TimeNs overlapping = 0;
    for (std::size_t i = 1; i < downloads.size(); ++i)
        overlapping += overlapIn(t, downloads[0], downloads[i], State::BlockedIo);
    EXPECT_GT(overlapping, 0);
    // A thread asleep that has not run since the last sweep is not read again.
    EXPECT_GT(r.sampler.threadReadsSaved, 0u);
}

TEST(PythonTrace, WorkBetweenSleepsShorterThanASweepIsNotDrawnAsSleep)
{
    REQUIRE_PYTHON();
    // Sleeps 20 ms apart by a fraction of a millisecond of work: every sweep finds the thread
    // asleep, yet it woke ten times; each sleep is its own Blocked-on-I/O span.
    const PythonTraceResult r = trace(writeScript("naps.py", R"(import threading, time
def naps():
    for _ in range(10):
        sum(i * i for i in range(2000))
        time.sleep(0.02)
t = threading.Thread(target=naps, name="napper")
t.start(); t.join()
)"));
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    const Trace& t = r.trace;
    const std::vector<LaneId> napper = lanesWhere(t, LaneKind::Thread, "napper");
    ASSERT_EQ(napper.size(), 1u);
    int sleeps = 0;
    for (std::size_t i = 0; i < t.spanCount(napper[0]); ++i)
        sleeps += t.span(napper[0], i).state == State::BlockedIo ? 1 : 0;
    EXPECT_EQ(sleeps, 10);
}

TEST(PythonTrace, TwoCpuBoundThreadsTakeTurnsOnTheGil)
{
    REQUIRE_PYTHON();
    const PythonTraceResult r = trace(example("threads_cpu.py"));
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    const Trace& t = r.trace;
    EXPECT_TRUE(r.gilRead) << "CPython 3.11's GIL is read from the interpreter's memory";
    const std::vector<LaneId> cpu = lanesWhere(t, LaneKind::Thread, "cpu-");
    ASSERT_EQ(cpu.size(), 2u);
    for (LaneId id : cpu) {
        EXPECT_GT(totalFor(t.stateTotals(id), State::Running), 0) << t.lane(id).name;
        EXPECT_GT(totalFor(t.stateTotals(id), State::WaitingGil), 0) << t.lane(id).name;
    }
    // One GIL: they take turns. Within one sweep the picture never shows both running, but a
    // thread's exact end (an event) can fall after the sweep that saw the other one take over
    // (a sampled boundary, placed half way between sweeps): a sliver of overlap, never more
    // than a few sweeps' worth.
    const TimeNs shorter = std::min(totalFor(t.stateTotals(cpu[0]), State::Running),
                                    totalFor(t.stateTotals(cpu[1]), State::Running));
    EXPECT_LE(overlapIn(t, cpu[0], cpu[1], State::Running), shorter / 20);
    EXPECT_GT(r.gilSwitches, 0u);
    // While one of them waits, the GIL alone is read between sweeps.
    EXPECT_GT(r.sampler.gilOnlyReads, 0u);
}

TEST(PythonTrace, CallsNameTheFunctionEachRunningStretchWasIn)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("calls_two_functions.py", R"PY(import threading


def compute(n):
    return sum(i * i for i in range(n))


def crunch(n):
    x = 0
    for i in range(n):
        x += i % 7
    return x


def work():
    compute(1_000_000)
    crunch(1_000_000)


t = threading.Thread(target=work, name="worker")
t.start()
t.join()
)PY");
    PythonTraceOptions options = traceOptions(script);
    options.calls = true;
    const PythonTraceResult r = tracePython(options, {});
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    EXPECT_TRUE(r.calls);
    const Trace& t = r.trace;
    const std::vector<LaneId> workers = lanesWhere(t, LaneKind::Thread, "worker");
    ASSERT_EQ(workers.size(), 1u);
    const LaneId w = workers.front();
    const std::string compute = "compute (calls_two_functions.py:4)";
    const std::string crunch = "crunch (calls_two_functions.py:8)";
    // Each function computes for tens of milliseconds: most of its time is drawn in its name,
    // and all of compute's comes before any of crunch's (work() calls them in that order).
    EXPECT_GT(timeIn(t, w, State::Running, compute), 5'000'000) << spansText(t, w);
    EXPECT_GT(timeIn(t, w, State::Running, crunch), 5'000'000) << spansText(t, w);
    TimeNs lastCompute = 0;
    TimeNs firstCrunch = std::numeric_limits<TimeNs>::max();
    for (std::size_t i = 0; i < t.spanCount(w); ++i) {
        const Span s = t.span(w, i);
        const std::string d = detailText(t, s.detail);
        if (d == compute)
            lastCompute = std::max(lastCompute, s.end);
        if (d == crunch)
            firstCrunch = std::min(firstCrunch, s.start);
    }
    EXPECT_LE(lastCompute, firstCrunch);
    // Generator expressions are not functions of their own: compute's covers them.
    EXPECT_FALSE(hasSpan(t, w, State::Running, "<genexpr>"));

    // Without --calls, no names.
    const PythonTraceResult plain = tracePython(traceOptions(script), {});
    ASSERT_EQ(plain.outcome, PythonTraceResult::Outcome::Finished) << plain.problem;
    const std::vector<LaneId> plainWorkers = lanesWhere(plain.trace, LaneKind::Thread, "worker");
    ASSERT_EQ(plainWorkers.size(), 1u);
    EXPECT_FALSE(hasSpan(plain.trace, plainWorkers.front(), State::Running, "compute ("));
    EXPECT_FALSE(plain.calls);
}

TEST(PythonTrace, ContendedLockShowsWaitingForLockWithItsCreationSite)
{
    REQUIRE_PYTHON();
    const PythonTraceResult r = trace(example("lock_counter.py"));
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    const Trace& t = r.trace;
    const std::vector<LaneId> adders = lanesWhere(t, LaneKind::Thread, "adder-");
    ASSERT_EQ(adders.size(), 4u);
    const std::string site = "lock made at lock_counter.py:" + std::to_string(lineOf(example("lock_counter.py"), "threading.Lock()"));
    bool waited = false;
    for (LaneId id : adders)
        waited = waited || hasSpan(t, id, State::WaitingLock, site);
    EXPECT_TRUE(waited) << "four threads take turns holding one lock for 5 ms at a time; no span says " << site
                        << "\n" << spansText(t, adders[0]);
}

TEST(PythonTrace, GatheredCoroutinesInterleaveOnOneThread)
{
    REQUIRE_PYTHON();
    const PythonTraceResult r = trace(example("asyncio_gather.py"));
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    const Trace& t = r.trace;
    const std::vector<LaneId> tasks = lanesWhere(t, LaneKind::Coroutine, "fetch-");
    ASSERT_EQ(tasks.size(), 3u);
    const auto root = rootLane(t);
    ASSERT_TRUE(root);
    for (LaneId id : tasks) {
        EXPECT_EQ(t.lane(id).parent, *root) << "the loop runs on the main thread";
        EXPECT_NE(t.lane(id).name.find(": fetch (line "), std::string::npos) << t.lane(id).name;
        EXPECT_TRUE(hasSpan(t, id, State::Suspended)) << t.lane(id).name;
        EXPECT_EQ(lastState(t, id), State::Done) << t.lane(id).name;
    }
    // One loop: one step at a time, and the steps interleave: between fetch-a's first and last
    // step another task ran.
    for (std::size_t i = 0; i < tasks.size(); ++i)
        for (std::size_t j = i + 1; j < tasks.size(); ++j)
            EXPECT_EQ(overlapIn(t, tasks[i], tasks[j], State::Running), 0);
    TimeNs firstA = -1;
    TimeNs lastA = -1;
    for (std::size_t i = 0; i < t.spanCount(tasks[0]); ++i) {
        const Span s = t.span(tasks[0], i);
        if (s.state == State::Running) {
            if (firstA < 0)
                firstA = s.start;
            lastA = s.start;
        }
    }
    bool other = false;
    for (LaneId id : {tasks[1], tasks[2]})
        t.forEachSpan(id, firstA, lastA, [&](const Span& s) { other = other || s.state == State::Running; });
    EXPECT_TRUE(other);
}

TEST(PythonTrace, PoolWorkersAreProcessLanesRunningAtOnce)
{
    REQUIRE_PYTHON();
    const PythonTraceResult r = trace(example("process_pool.py"));
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    const Trace& t = r.trace;
    const auto root = rootLane(t);
    ASSERT_TRUE(root);
    const std::vector<LaneId> workers = lanesWhere(t, LaneKind::Process, "ForkPoolWorker-");
    ASSERT_EQ(workers.size(), 2u);
    for (LaneId id : workers) {
        EXPECT_EQ(t.lane(id).parent, *root);
        EXPECT_GT(totalFor(t.stateTotals(id), State::Running), 0) << t.lane(id).name;
        // Pool's exit terminates its workers: that is not a failure.
        EXPECT_EQ(lastState(t, id), State::Done) << t.lane(id).name;
    }
    // Two processes, two GILs: both run at once (runnable at once, on a machine shared with
    // other work).
    EXPECT_GT(overlapIn(t, workers[0], workers[1], State::Running), 0);
}

TEST(PythonTrace, ForkedAndSpawnedChildrenAppear)
{
    REQUIRE_PYTHON();
    const PythonTraceResult r = trace(example("spawned_children.py"));
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    const Trace& t = r.trace;
    const auto root = rootLane(t);
    ASSERT_TRUE(root);
    for (const char* name : {"forked-child", "spawned-child"}) {
        const std::vector<LaneId> lanes = lanesWhere(t, LaneKind::Process, name);
        ASSERT_EQ(lanes.size(), 1u) << name;
        EXPECT_EQ(t.lane(lanes[0]).parent, *root) << name;
        EXPECT_TRUE(hasSpan(t, lanes[0], State::BlockedIo, "sleep")) << name;
        EXPECT_EQ(lastState(t, lanes[0]), State::Done) << name;
    }
    // The parent waits for them in join(): a wait, not work.
    EXPECT_TRUE(hasSpan(t, *root, State::BlockedIo, "wait"));
}

TEST(PythonTrace, KilledChildEndsFailed)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("kill_child.py", R"(import multiprocessing, os, signal, time

def nap():
    time.sleep(30)

if __name__ == "__main__":
    child = multiprocessing.Process(target=nap, name="doomed")
    child.start()
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
)");
    const PythonTraceResult r = trace(script);
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    const std::vector<LaneId> doomed = lanesWhere(r.trace, LaneKind::Process, "doomed");
    ASSERT_EQ(doomed.size(), 1u);
    EXPECT_EQ(lastState(r.trace, doomed[0]), State::Failed);
}

TEST(PythonTrace, ScriptKilledBySigkillLeavesAReadableTrace)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("kill_self.py", R"(import os, signal, threading, time

def worker():
    time.sleep(0.05)

t = threading.Thread(target=worker, name="sleeper")
t.start()
t.join()
time.sleep(0.05)
os.kill(os.getpid(), signal.SIGKILL)
)");
    const PythonTraceResult r = trace(script);
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    EXPECT_EQ(r.status.kind, ChildStatus::Kind::Signalled);
    EXPECT_EQ(r.status.signal, SIGKILL);
    const Trace& t = r.trace;
    const auto root = rootLane(t);
    ASSERT_TRUE(root);
    EXPECT_EQ(lastState(t, *root), State::Failed);
    const std::vector<LaneId> sleeper = lanesWhere(t, LaneKind::Thread, "sleeper");
    ASSERT_EQ(sleeper.size(), 1u);
    EXPECT_TRUE(hasSpan(t, sleeper[0], State::BlockedIo, "sleep"));
    EXPECT_TRUE(hasSpan(t, *root, State::BlockedIo, "sleep"));
}

bool processExists(int pid)
{
    return ::kill(pid, 0) == 0;
}

// A script that starts a child which would run for a minute, says both pids, and sleeps.
std::string writeLongScript(const std::string& name)
{
    return writeScript(name, R"(import multiprocessing, sys, time

def forever():
    time.sleep(60)

if __name__ == "__main__":
    child = multiprocessing.Process(target=forever, name="stays")
    child.start()
    with open(sys.argv[0] + ".pids", "w") as f:
        f.write("%d %d" % (multiprocessing.current_process().pid, child.pid))
    time.sleep(60)
)");
}

void expectGroupGone(const std::string& script)
{
    int rootPid = 0;
    int childPid = 0;
    std::ifstream(script + ".pids") >> rootPid >> childPid;
    ASSERT_GT(rootPid, 0);
    ASSERT_GT(childPid, 0);
    EXPECT_FALSE(processExists(rootPid)) << "the script was reaped";
    // The child was killed with its group; init reaps it (a liveness wait, not a timing claim).
    for (int i = 0; i < 200 && processExists(childPid); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(processExists(childPid)) << "the script's child did not outlive it";
}

TEST(PythonTrace, TimeoutEndsTheWholeProgramAndReapsIt)
{
    REQUIRE_PYTHON();
    const std::string script = writeLongScript("long_timeout.py");
    std::remove((script + ".pids").c_str());
    const PythonTraceResult r = trace(script, std::chrono::seconds(2));
    EXPECT_EQ(r.outcome, PythonTraceResult::Outcome::TimedOut);
    expectGroupGone(script);
    const auto root = rootLane(r.trace);
    ASSERT_TRUE(root);
    // Stopped by the timeout, not failed: grey, as any run we stop.
    EXPECT_EQ(lastState(r.trace, *root), State::Stopped);
}

TEST(PythonTrace, StopEndsTheWholeProgramAndReapsIt)
{
    REQUIRE_PYTHON();
    const std::string script = writeLongScript("long_stop.py");
    std::remove((script + ".pids").c_str());
    std::stop_source stop;
    std::jthread stopper([&] {
        // Stop once the script has started its child.
        for (int i = 0; i < 1200 && ::access((script + ".pids").c_str(), R_OK) != 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        stop.request_stop();
    });
    const PythonTraceResult r = trace(script, std::chrono::seconds(120), stop.get_token());
    stopper.join();
    EXPECT_EQ(r.outcome, PythonTraceResult::Outcome::Stopped);
    expectGroupGone(script);
    const auto root = rootLane(r.trace);
    ASSERT_TRUE(root);
    EXPECT_EQ(lastState(r.trace, *root), State::Stopped);
}

TEST(PythonTrace, MissingPythonIsSaidInOneSentence)
{
    PythonTraceOptions o = traceOptions("whatever.py");
    o.python = "/nonexistent/python3";
    const PythonTraceResult r = tracePython(o, {});
    EXPECT_EQ(r.outcome, PythonTraceResult::Outcome::PythonMissing);
    EXPECT_NE(r.problem.find("/nonexistent/python3"), std::string::npos);
}

} // namespace
} // namespace interleave::pytrace
