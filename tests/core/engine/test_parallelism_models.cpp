// What the parallelism strip and `run --json` count, on the traces every model records: the
// rules that hold by construction, whatever the machine's load.

#include "engine/engine.h"
#include "trace/parallelism.h"
#include "trace/trace.h"
#include "workloads/workload.h"

#include "trace_checks.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace interleave {
namespace {

using trace_checks::lanesOfKind;
using trace_checks::maxConcurrent;
using trace_checks::spansOf;

RunConfig config(Model model, WorkloadKind workload, int tasks)
{
    RunConfig c = trace_checks::makeConfig(model, workload, tasks);
    c.workerPath = INTERLEAVE_WORKER_PATH;
    c.processStart = ProcessStart::Native;
    c.latencyMs = 20;
    c.workMs = 20;
    c.mixedRounds = 2;
    return c;
}

std::string label(Model model, WorkloadKind workload)
{
    return std::string(modelName(model)) + " " + std::string(workloadName(workload));
}

bool isOsThread(const Trace& trace, LaneId lane)
{
    const LaneKind kind = trace.lane(lane).kind;
    return kind == LaneKind::Process || kind == LaneKind::Thread;
}

// The OS thread lanes of each process, by pid.
std::map<std::int32_t, std::vector<LaneId>> threadsByProcess(const Trace& trace)
{
    std::map<std::int32_t, std::vector<LaneId>> out;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        const auto lane = static_cast<LaneId>(i);
        if (isOsThread(trace, lane))
            out[trace.lane(lane).pid].push_back(lane);
    }
    return out;
}

constexpr WorkloadKind kWorkloads[] = {WorkloadKind::Cpu, WorkloadKind::Io, WorkloadKind::Mixed};

// With the GIL on, a process's threads take turns: Running is recorded only while the GIL is
// held, so no two threads of one process are ever Running at the same instant.
TEST(ParallelismOfModels, UnderTheGilNoTwoThreadsOfAProcessRunAtOnce)
{
    for (Model model : kAllModels) {
        for (WorkloadKind workload : kWorkloads) {
            RunConfig c = config(model, workload, 4);
            c.gil = true;
            const auto run = trace_checks::runToTrace(c);
            ASSERT_TRUE(run.result.errors.empty()) << label(model, workload);
            for (const auto& [pid, lanes] : threadsByProcess(run.trace))
                EXPECT_LE(maxConcurrent(run.trace, lanes, State::Running), 1)
                    << label(model, workload) << ", pid " << pid << ", " << lanes.size() << " threads";
        }
    }
}

// The count never exceeds the threads that exist, the mean never the peak, and one thread
// (sequential, asyncio) or one GIL (threads, thread_pool) never gives more than one.
TEST(ParallelismOfModels, CountsPerModel)
{
    for (Model model : kAllModels) {
        for (WorkloadKind workload : kWorkloads) {
            RunConfig c = config(model, workload, 4);
            c.gil = true;
            const auto run = trace_checks::runToTrace(c);
            const ParallelismProfile profile(run.trace);
            const std::string what = label(model, workload);
            EXPECT_GE(profile.peak(), 1) << what;
            EXPECT_LE(profile.peak(), profile.threadCount()) << what;
            EXPECT_LE(profile.mean(), profile.peak()) << what;
            EXPECT_GT(profile.mean(), 0) << what;
            // runModel reports the same count, over the same lanes.
            EXPECT_EQ(run.result.peakParallelism, profile.peak()) << what;
            EXPECT_NEAR(run.result.meanParallelism, profile.mean(), 1e-9) << what;
            if (!usesProcesses(model)) {
                EXPECT_EQ(profile.peak(), 1) << what << ": one process, one GIL";
            }
            if (model == Model::Sequential || model == Model::Asyncio) {
                EXPECT_EQ(profile.threadCount(), 1) << what;
            }
        }
    }
}

// Without the GIL, threads computing at the same time are all counted: four threads that each
// compute for 100 ms, started within microseconds of each other, overlap.
TEST(ParallelismOfModels, FreeThreadedThreadsRunAtOnce)
{
    RunConfig c = config(Model::Threads, WorkloadKind::Cpu, 4);
    c.gil = false;
    c.workMs = 100;
    const auto run = trace_checks::runToTrace(c);
    EXPECT_GE(run.result.peakParallelism, 2);
    EXPECT_EQ(ParallelismProfile(run.trace).threadCount(), 5); // the main thread and four
}

// 2,000 coroutines on one loop: one thread, so at most one executes.
TEST(ParallelismOfModels, ManyCoroutinesAreOneThread)
{
    RunConfig c = config(Model::Asyncio, WorkloadKind::Io, 2000);
    c.latencyMs = 10;
    const auto run = trace_checks::runToTrace(c);
    const ParallelismProfile profile(run.trace);
    EXPECT_EQ(profile.threadCount(), 1);
    EXPECT_EQ(profile.peak(), 1);
    EXPECT_LE(profile.mean(), 1.0);
}

LaneId processLane(const Trace& trace)
{
    const auto lanes = lanesOfKind(trace, LaneKind::Process);
    return lanes.empty() ? kNoLane : lanes.front();
}

// The loop's own lane: waiting in select (BlockedIo, kBlockedInSelect) while every task is
// suspended, never while a task runs; a coroutine runs only while the loop runs.
TEST(ParallelismOfModels, AsyncioLoopWaitsInSelectWhileEveryTaskIsSuspended)
{
    RunConfig c = config(Model::Asyncio, WorkloadKind::Io, 8);
    c.latencyMs = 50;
    const auto run = trace_checks::runToTrace(c);
    const Trace& trace = run.trace;
    const LaneId loop = processLane(trace);
    ASSERT_NE(loop, kNoLane);
    const auto coroutines = lanesOfKind(trace, LaneKind::Coroutine);
    ASSERT_EQ(coroutines.size(), 8u);

    TimeNs selectNs = 0;
    for (const Span& span : spansOf(trace, loop)) {
        if (span.state == State::BlockedIo) {
            EXPECT_EQ(span.detail, kBlockedInSelect);
            selectNs += span.duration();
            for (LaneId coroutine : coroutines)
                EXPECT_EQ(totalFor(trace.stateTotals(coroutine, span.start, span.end), State::Running), 0)
                    << "a coroutine ran while the loop waited in select";
        }
    }
    // Eight 50 ms sleeps side by side: the loop spends most of the run in its selector.
    EXPECT_GT(selectNs, run.result.wallNs / 2);

    // Every instant a coroutine is Running, the loop's lane is Running too.
    for (LaneId coroutine : coroutines) {
        for (const Span& span : spansOf(trace, coroutine)) {
            if (span.state != State::Running || span.duration() == 0)
                continue;
            const StateTotals loopTotals = trace.stateTotals(loop, span.start, span.end);
            EXPECT_EQ(totalFor(loopTotals, State::Running), span.duration());
        }
    }
}

// A sleeping task becomes Ready at its deadline: it is Suspended for its whole sleep, and
// Ready from then until the loop steps it.
TEST(ParallelismOfModels, AsyncioSleeperIsReadyFromItsDeadline)
{
    RunConfig c = config(Model::Asyncio, WorkloadKind::Io, 4);
    c.latencyMs = 30;
    const auto run = trace_checks::runToTrace(c);
    for (LaneId coroutine : lanesOfKind(run.trace, LaneKind::Coroutine)) {
        const auto spans = spansOf(run.trace, coroutine);
        bool sawSleep = false;
        for (std::size_t i = 0; i + 1 < spans.size(); ++i) {
            if (spans[i].state != State::Suspended)
                continue;
            sawSleep = true;
            EXPECT_GE(spans[i].duration(), 30'000'000);
            EXPECT_EQ(spans[i + 1].state, State::Ready);
        }
        EXPECT_TRUE(sawSleep);
    }
}

// The state a lane shows at instant t.
std::optional<State> stateAt(const Trace& trace, LaneId lane, TimeNs t)
{
    const auto index = trace.spanAt(lane, t);
    if (!index)
        return std::nullopt;
    return trace.span(lane, *index).state;
}

// A pool task's lane: Ready while queued, then, span for span, what its worker shows, naming
// the worker in every span's detail; Done at the end.
void expectTaskLanesMirrorTheirWorkers(const Trace& trace, const std::string& what)
{
    const auto tasks = lanesOfKind(trace, LaneKind::Task);
    ASSERT_FALSE(tasks.empty()) << what;
    int notRunning = 0;
    for (LaneId task : tasks) {
        const auto spans = spansOf(trace, task);
        ASSERT_GE(spans.size(), 2u) << what;
        EXPECT_EQ(spans.front().state, State::Ready) << what;
        EXPECT_EQ(spans.back().state, State::Done) << what;
        for (std::size_t i = 1; i + 1 < spans.size(); ++i) {
            const Span& span = spans[i];
            ASSERT_GT(span.detail, 0) << what;
            ASSERT_LT(static_cast<std::size_t>(span.detail), trace.laneCount()) << what;
            const auto worker = static_cast<LaneId>(span.detail);
            EXPECT_TRUE(isOsThread(trace, worker)) << what;
            if (span.state != State::Running)
                ++notRunning;
            if (span.duration() == 0)
                continue;
            // Recorded at the worker's instants: at its start and just before its end the
            // worker shows the same state.
            EXPECT_EQ(stateAt(trace, worker, span.start), span.state) << what << " task span " << i;
            EXPECT_EQ(stateAt(trace, worker, span.end - 1), span.state) << what << " task span " << i;
        }
    }
    EXPECT_GT(notRunning, 0) << what << ": the tasks' waits show on their lanes";
}

TEST(ParallelismOfModels, ThreadPoolTaskLanesShowWhatTheirWorkerDoes)
{
    for (WorkloadKind workload : {WorkloadKind::Io, WorkloadKind::Mixed}) {
        RunConfig c = config(Model::ThreadPool, workload, 6);
        c.threadWorkers = 2;
        const auto run = trace_checks::runToTrace(c);
        expectTaskLanesMirrorTheirWorkers(run.trace, label(Model::ThreadPool, workload));
    }
}

TEST(ParallelismOfModels, ProcessPoolTaskLanesShowWhatTheirWorkerDoes)
{
    for (WorkloadKind workload : {WorkloadKind::Io, WorkloadKind::Mixed}) {
        RunConfig c = config(Model::ProcessPool, workload, 6);
        c.processWorkers = 2;
        const auto run = trace_checks::runToTrace(c);
        ASSERT_TRUE(run.result.errors.empty());
        expectTaskLanesMirrorTheirWorkers(run.trace, label(Model::ProcessPool, workload));
    }
}

// CPU-bound threads in a pool under the GIL: a task whose worker waits for the GIL shows it.
TEST(ParallelismOfModels, ThreadPoolTaskWaitingForTheGilShowsIt)
{
    RunConfig c = config(Model::ThreadPool, WorkloadKind::Cpu, 3);
    c.threadWorkers = 3;
    c.workMs = 40;
    c.gil = true;
    const auto run = trace_checks::runToTrace(c);
    TimeNs waiting = 0;
    for (LaneId task : lanesOfKind(run.trace, LaneKind::Task))
        waiting += trace_checks::timeIn(run.trace, task, State::WaitingGil);
    // Three tasks of 40 ms under one GIL, each held by its own worker: they wait for each other.
    EXPECT_GT(waiting, 20'000'000);
}

} // namespace
} // namespace interleave
