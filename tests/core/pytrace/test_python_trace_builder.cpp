// The trace builder on made-up runs: what a live snapshot leaves out until it is named.

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

// Thread 101 of runWithAnUnnamedThread, seen Running from 100 to 200 ms and asleep from the
// next sweep (201 ms) to 300 ms, then Running again from 301 ms; `cpu` says whether the
// sweeps read its CPU time (300 us of it used after the 200 ms sweep, 200 us by the 301 ms one).
Trace runningBetweenSweeps(bool cpu)
{
    PythonRun run = runWithAnUnnamedThread(50 * kNsPerMs, RootEnd::Exited);
    SampledThread& t = run.samples.threads[1];
    const auto at = [](double ms) { return static_cast<TimeNs>(ms * static_cast<double>(kNsPerMs)); };
    const std::int64_t none = -1;
    t.observations = {
        {.first = at(100), .last = at(200), .state = 'R', .running = true,
         .cpuFirst = cpu ? 1'000'000 : none, .cpuLast = cpu ? 101'000'000 : none},
        {.first = at(201), .last = at(300), .state = 'S', .syscall = 230,
         .cpuFirst = cpu ? 101'300'000 : none, .cpuLast = cpu ? 101'300'000 : none},
        {.first = at(301), .last = at(400), .state = 'R', .running = true,
         .cpuFirst = cpu ? 101'500'000 : none, .cpuLast = cpu ? 201'500'000 : none},
    };
    return buildPythonTrace(run);
}

std::vector<Span> runningSpansOfThread101(const Trace& trace)
{
    std::vector<Span> running;
    for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id) {
        if (trace.lane(id).tid != 101)
            continue;
        for (std::size_t i = 0; i < trace.spanCount(id); ++i)
            if (trace.span(id, i).state == State::Running)
                running.push_back(trace.span(id, i));
    }
    return running;
}

TEST(PythonTraceBuilder, TheCpuUsedBetweenSweepsPlacesWhereRunningStoppedAndStarted)
{
    const std::vector<Span> measured = runningSpansOfThread101(runningBetweenSweeps(true));
    ASSERT_EQ(measured.size(), 2u);
    // It ran 300 us after the last sweep that saw it run, and had run 200 us by the first
    // sweep that saw it run again.
    EXPECT_EQ(measured[0].end, 200 * kNsPerMs + 300 * kNsPerUs);
    EXPECT_EQ(measured[1].start, 301 * kNsPerMs - 200 * kNsPerUs);

    // Without CPU times, each boundary goes half way between the two sweeps.
    const std::vector<Span> halfway = runningSpansOfThread101(runningBetweenSweeps(false));
    ASSERT_EQ(halfway.size(), 2u);
    EXPECT_EQ(halfway[0].end, 200 * kNsPerMs + 500 * kNsPerUs);
    EXPECT_EQ(halfway[1].start, 300 * kNsPerMs + 500 * kNsPerUs);
}

} // namespace
} // namespace interleave::pytrace
