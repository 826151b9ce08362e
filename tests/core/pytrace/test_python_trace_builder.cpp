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

} // namespace
} // namespace interleave::pytrace
