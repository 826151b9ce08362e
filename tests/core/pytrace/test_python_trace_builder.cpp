// The trace builder on made-up runs: what a live snapshot leaves out until it is named, and
// where a hand-over of the GIL is drawn.

#include "pytrace/proc_reading.h"
#include "pytrace/python_trace_builder.h"

#include "python_test_support.h"

#include <gtest/gtest.h>

#include <string>

namespace interleave::pytrace {
namespace {

using namespace testsupport;

// A script (pid 100) that wrote its start, and a second thread the sampler found at `seen`
// whose ThreadStart has not been read; the snapshot is taken at 1 s.
PythonRun runWithAnUnnamedThread(TimeNs seen, RootEnd end)
{
    PythonRun run;
    run.rootPid = 100;
    run.launchedAt = 0;
    run.endedAt = 1000 * kNsPerMs;
    run.rootEnd = end;
    run.scriptName = "script.py";
    ProcessEvents events;
    events.header.pid = 100;
    events.records.push_back({.time = 10 * kNsPerMs, .a = 1, .b = 8, .thread = 1,
                              .kind = static_cast<std::uint16_t>(EventKind::ProcessStart)});
    events.records.push_back({.time = 10 * kNsPerMs, .a = 100, .b = 16, .thread = 1,
                              .kind = static_cast<std::uint16_t>(EventKind::ThreadStart)});
    events.strings = {{8, "script.py"}, {16, "MainThread"}};
    run.processes.push_back(events);
    run.samples.period = kNsPerMs;
    SampledProcess process;
    process.pid = 100;
    process.ppid = 1;
    process.comm = "python3";
    process.lastSeen = 1000 * kNsPerMs;
    run.samples.processes.push_back(process);
    for (std::int32_t tid : {100, 101}) {
        SampledThread t;
        t.pid = 100;
        t.tid = tid;
        t.comm = "python3";
        t.firstSeen = tid == 100 ? 0 : seen;
        t.lastSeen = 1000 * kNsPerMs;
        t.observations.push_back({.first = t.firstSeen, .last = 1000 * kNsPerMs, .state = 'S', .syscall = 230});
        run.samples.threads.push_back(t);
    }
    return run;
}

TEST(PythonTraceBuilder, ALiveSnapshotWaitsForANewThreadToSayItsName)
{
    // Found 20 ms ago: not drawn yet, its ThreadStart is surely on its way.
    EXPECT_FALSE(hasLane(buildPythonTrace(runWithAnUnnamedThread(980 * kNsPerMs, RootEnd::Running)), "python3"));
    // Found long ago and never named (a thread started from C, say): drawn by its system name.
    EXPECT_TRUE(hasLane(buildPythonTrace(runWithAnUnnamedThread(500 * kNsPerMs, RootEnd::Running)), "python3"));
    // Once the program has ended, everything seen is drawn.
    EXPECT_TRUE(hasLane(buildPythonTrace(runWithAnUnnamedThread(980 * kNsPerMs, RootEnd::Exited)), "python3"));
}

// Two threads of one process (pid 200) hand the GIL over between the sweeps at 10 and 11 ms:
// before, the main thread runs holding it and "worker" waits on it; after, the other way round.
// The GIL was last read unchanged at 10.2 ms and first read changed at 10.45 ms.
PythonRun runWithAHandOver(bool gilChangeSeen)
{
    constexpr std::uint64_t kRuntime = 0x10000;
    constexpr std::uint32_t kGilOffset = 0x100;
    constexpr std::uint64_t kGilWord = kRuntime + kGilOffset + 0x20; // inside the GIL's struct
    PythonRun run;
    run.rootPid = 200;
    run.launchedAt = 0;
    run.endedAt = 20 * kNsPerMs;
    run.rootEnd = RootEnd::Exited;
    run.scriptName = "turns.py";
    ProcessEvents events;
    events.header.pid = 200;
    events.header.gilStatus = GilStatus::Verified;
    events.header.runtimeAddress = kRuntime;
    events.header.gilOffset = kGilOffset;
    events.header.gilSize = 0x80;
    events.records.push_back({.time = 0, .a = 1, .b = 8, .thread = 1,
                              .kind = static_cast<std::uint16_t>(EventKind::ProcessStart)});
    events.records.push_back({.time = 0, .a = 200, .b = 16, .thread = 1,
                              .kind = static_cast<std::uint16_t>(EventKind::ThreadStart)});
    events.records.push_back({.time = 0, .a = 201, .b = 32, .thread = 2,
                              .kind = static_cast<std::uint16_t>(EventKind::ThreadStart)});
    events.strings = {{8, "turns.py"}, {16, "MainThread"}, {32, "worker"}};
    run.processes.push_back(events);
    run.samples.period = kNsPerMs;
    SampledProcess process;
    process.pid = 200;
    process.ppid = 1;
    process.comm = "python3";
    process.lastSeen = 20 * kNsPerMs;
    if (gilChangeSeen)
        process.gilChanges.push_back({.before = 10'200 * kNsPerUs, .after = 10'450 * kNsPerUs});
    run.samples.processes.push_back(process);
    const ThreadObservation holding{.state = 'R', .running = true, .gil = GilView::Holding};
    const ThreadObservation waiting{.state = 'S', .syscall = kSysFutex, .arg0 = kGilWord, .arg1 = 0x189,
                                    .gil = GilView::OtherHolds};
    for (std::int32_t tid : {200, 201}) {
        SampledThread t;
        t.pid = 200;
        t.tid = tid;
        t.comm = "python3";
        t.firstSeen = 0;
        t.lastSeen = 20 * kNsPerMs;
        ThreadObservation before = tid == 200 ? holding : waiting;
        ThreadObservation after = tid == 200 ? waiting : holding;
        before.first = 0;
        before.last = 10 * kNsPerMs;
        after.first = 11 * kNsPerMs;
        after.last = 20 * kNsPerMs;
        t.observations = {before, after};
        run.samples.threads.push_back(t);
    }
    return run;
}

TEST(PythonTraceBuilder, AHandOverIsDrawnWhereTheGilWasSeenToChangeForBothThreads)
{
    // The main thread is drawn on its process's lane.
    const auto laneOf = [](const Trace& t, std::int32_t tid) {
        for (LaneId id = 0; id < static_cast<LaneId>(t.laneCount()); ++id)
            if (t.lane(id).tid == tid && (t.lane(id).kind == LaneKind::Process || t.lane(id).kind == LaneKind::Thread))
                return id;
        ADD_FAILURE() << "no lane for thread " << tid;
        return LaneId{0};
    };
    const auto stateAt = [&](const Trace& t, std::int32_t tid, TimeNs at) {
        const auto span = t.spanAt(laneOf(t, tid), at);
        return span ? t.span(laneOf(t, tid), *span).state : State::Unknown;
    };
    // The change is placed half way between the two reads of the GIL, 10.325 ms: the main
    // thread's turn ends there and the worker's begins, at the same instant.
    const Trace seen = buildPythonTrace(runWithAHandOver(true));
    EXPECT_EQ(stateAt(seen, 200, 10'300 * kNsPerUs), State::Running);
    EXPECT_EQ(stateAt(seen, 201, 10'300 * kNsPerUs), State::WaitingGil);
    EXPECT_EQ(stateAt(seen, 200, 10'350 * kNsPerUs), State::WaitingGil);
    EXPECT_EQ(stateAt(seen, 201, 10'350 * kNsPerUs), State::Running);
    EXPECT_EQ(overlapIn(seen, laneOf(seen, 200), laneOf(seen, 201), State::Running), 0);

    // Without a read between the sweeps, half way between them: 10.5 ms.
    const Trace unseen = buildPythonTrace(runWithAHandOver(false));
    EXPECT_EQ(stateAt(unseen, 200, 10'450 * kNsPerUs), State::Running);
    EXPECT_EQ(stateAt(unseen, 201, 10'450 * kNsPerUs), State::WaitingGil);
    EXPECT_EQ(stateAt(unseen, 200, 10'550 * kNsPerUs), State::WaitingGil);
    EXPECT_EQ(stateAt(unseen, 201, 10'550 * kNsPerUs), State::Running);
}

} // namespace
} // namespace interleave::pytrace
