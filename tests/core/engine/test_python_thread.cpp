#include "engine/python_thread.h"
#include "trace/clock.h"

#include "engine/gil.h"
#include "trace_checks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace interleave {
namespace {

using namespace interleave::trace_checks;
using namespace std::chrono_literals;


std::uint64_t iterationsFor(double ms) { return static_cast<std::uint64_t>(ms * testIterationsPerMs()); }

// Runs `count` Python threads, each doing body(thread, index) between begin and end, and
// returns the trace of their lanes (lane i is thread i).
template <typename Body>
Trace runThreads(int count, Gil* gil, Body body, std::stop_token stop = {})
{
    Recorder recorder;
    std::vector<LaneWriter> lanes;
    for (int i = 0; i < count; ++i)
        lanes.push_back(recorder.addLane({.kind = LaneKind::Thread, .name = "t" + std::to_string(i)}));
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            PythonThread thread(lanes[static_cast<std::size_t>(i)], gil, stop);
            try {
                thread.begin(i);
                body(thread, i);
                thread.end();
            } catch (const RunCancelled&) {
                thread.end(State::Failed, kEndCancelled);
            }
        });
    }
    for (std::thread& t : threads)
        t.join();
    return Trace::fromSnapshot(recorder.snapshot());
}

std::vector<LaneId> allLanes(const Trace& trace)
{
    std::vector<LaneId> lanes;
    for (std::size_t i = 0; i < trace.laneCount(); ++i)
        lanes.push_back(static_cast<LaneId>(i));
    return lanes;
}

TEST(PythonThread, TwoCpuThreadsHandOffAboutEverySwitchInterval)
{
    Gil gil(5 * kNsPerMs);
    const Trace trace = runThreads(2, &gil, [](PythonThread& t, int) { t.compute(iterationsFor(100)); });
    const int handOffs = gilAcquisitionsAfterWaiting(trace, allLanes(trace));
    const double wallMs = static_cast<double>(trace.duration()) / kNsPerMs;
    // About one hand-off per 5 ms of wall time; the bounds are loose because the machine is
    // shared and a waiter's wakeup can be late, never early.
    EXPECT_GE(handOffs, 10) << "wall " << wallMs << " ms";
    EXPECT_LE(handOffs, std::max(80, static_cast<int>(2 * wallMs / 5))) << "wall " << wallMs << " ms";
    // Every hand-off is a change of holder. (How many went through the forced-switch wait
    // depends on the scheduler: a woken waiter often preempts the dropper and takes the GIL
    // before the dropper even looks, and then there is nothing left to wait for.)
    EXPECT_GE(gil.stats().switches, static_cast<std::uint64_t>(handOffs));
    RecordProperty("hand_offs", handOffs);
    RecordProperty("wall_ms", static_cast<int>(wallMs));
}

TEST(PythonThread, WithTheGilNoTwoThreadsRunAtOnce)
{
    Gil gil(1 * kNsPerMs);
    const Trace trace = runThreads(3, &gil, [](PythonThread& t, int) { t.compute(iterationsFor(30)); });
    EXPECT_EQ(maxConcurrent(trace, allLanes(trace), State::Running), 1);
    for (LaneId lane : allLanes(trace)) {
        EXPECT_TRUE(endsWith(trace, lane, State::Done, kEndNormal));
        EXPECT_GT(timeIn(trace, lane, State::WaitingGil), 0);
    }
}

TEST(PythonThread, WithoutTheGilThreadsRunTogether)
{
    const Trace trace = runThreads(2, nullptr, [](PythonThread& t, int) { t.compute(iterationsFor(50)); });
    EXPECT_EQ(maxConcurrent(trace, allLanes(trace), State::Running), 2);
    for (LaneId lane : allLanes(trace)) {
        EXPECT_EQ(timeIn(trace, lane, State::WaitingGil), 0);
        EXPECT_EQ(statesOf(trace, lane), (std::vector<State>{State::Running, State::Done}));
    }
}

TEST(PythonThread, BlockingIoReleasesTheGil)
{
    Gil gil(5 * kNsPerMs);
    const Trace trace = runThreads(4, &gil, [](PythonThread& t, int) { t.blockingWait(100 * kNsPerMs); });
    EXPECT_EQ(maxConcurrent(trace, allLanes(trace), State::BlockedIo), 4);
    EXPECT_EQ(maxConcurrent(trace, allLanes(trace), State::Running), 1);
}

TEST(PythonThread, RecordsStateChangesNotSlices)
{
    Gil gil(5 * kNsPerMs);
    const Trace trace = runThreads(1, &gil, [](PythonThread& t, int) {
        t.compute(kSliceIterations * 50);
        t.blockingWait(kNsPerMs);
        t.compute(kSliceIterations * 3);
    });
    // Uncontended: no WaitingGil at all, not even a zero-length one.
    EXPECT_EQ(statesOf(trace, 0),
              (std::vector<State>{State::Running, State::BlockedIo, State::Running, State::Done}));
    for (const Span& span : spansOf(trace, 0))
        EXPECT_EQ(span.task, 0);
}

TEST(PythonThread, ComputeCanShowAsStarting)
{
    const Trace trace = runThreads(1, nullptr, [](PythonThread& t, int) {
        t.compute(kSliceIterations, State::Starting);
        t.compute(kSliceIterations);
    });
    EXPECT_EQ(statesOf(trace, 0),
        (std::vector<State> {State::Running, State::Starting, State::Running, State::Done}));
}

TEST(PythonThread, MixedTaskAlternatesComputeAndWait)
{
    WorkloadSpec spec {.kind = WorkloadKind::Mixed,
        .workIterations = kSliceIterations * 4,
        .latencyNs = 4 * kNsPerMs,
        .rounds = 3};
    const Trace trace = runThreads(1, nullptr, [&](PythonThread& t, int i) { runTask(t, spec, i); });
    EXPECT_EQ(statesOf(trace, 0),
        (std::vector<State> {State::Running, State::BlockedIo, State::Running, State::BlockedIo,
            State::Running, State::BlockedIo, State::Running, State::Done}));
}

TEST(PythonThread, CheckpointHonoursADropRequest)
{
    Gil gil(1 * kNsPerMs);
    Recorder recorder;
    LaneWriter laneA = recorder.addLane({.name = "a"});
    LaneWriter laneB = recorder.addLane({.name = "b"});
    std::atomic<bool> aHolds{false};
    // A "interprets" for 40 ms, polling the eval breaker; B wants the GIL once, meanwhile.
    std::thread a([&] {
        PythonThread thread(laneA, &gil, {});
        thread.begin(0);
        aHolds = true;
        const auto until = std::chrono::steady_clock::now() + 40ms;
        while (std::chrono::steady_clock::now() < until) {
            thread.checkpoint();
            std::this_thread::sleep_for(100us);
        }
        thread.end();
    });
    std::thread b([&] {
        while (!aHolds)
            std::this_thread::yield();
        PythonThread thread(laneB, &gil, {});
        thread.begin(1);
        thread.end();
    });
    a.join();
    b.join();
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    EXPECT_EQ(statesOf(trace, 1), (std::vector<State>{State::WaitingGil, State::Running, State::Done}));
    EXPECT_EQ(stateSequence(trace, 0),
        (std::vector<State> {State::Running, State::WaitingGil, State::Running, State::Done}));
    EXPECT_EQ(maxConcurrent(trace, {0, 1}, State::Running), 1);
    EXPECT_LT(trace.laneEnd(1), trace.laneEnd(0));
}

TEST(PythonThread, StopCutsComputeAndWaitsShort)
{
    std::stop_source stop;
    Gil gil(5 * kNsPerMs, stop.get_token());
    std::thread stopper([&] {
        std::this_thread::sleep_for(50ms);
        stop.request_stop();
    });
    const auto start = std::chrono::steady_clock::now();
    const Trace trace = runThreads(
        3, &gil,
        [](PythonThread& t, int i) {
            if (i == 2)
                t.blockingWait(60'000 * kNsPerMs);
            else
                t.compute(iterationsFor(60'000));
        },
        stop.get_token());
    stopper.join();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    for (LaneId lane : allLanes(trace))
        EXPECT_TRUE(endsWith(trace, lane, State::Failed, kEndCancelled)) << lane;
}

TEST(PythonThread, EndRecordsOnceAndReleasesTheGil)
{
    Gil gil(5 * kNsPerMs);
    Recorder recorder;
    LaneWriter lane = recorder.addLane({});
    {
        PythonThread thread(lane, &gil, {});
        thread.begin(7);
        EXPECT_TRUE(thread.holdsGil());
        thread.end();
        EXPECT_FALSE(thread.holdsGil());
        thread.end(State::Failed, kEndError);
    }
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    EXPECT_EQ(statesOf(trace, 0), (std::vector<State>{State::Running, State::Done}));
    int other = 0;
    EXPECT_TRUE(gil.take(&other));
    gil.drop(&other);
}

TEST(PythonThread, DestructorReleasesTheGil)
{
    Gil gil(5 * kNsPerMs);
    Recorder recorder;
    {
        PythonThread thread(recorder.addLane({}), &gil, {});
        thread.begin(0);
    }
    int other = 0;
    int waits = 0;
    EXPECT_TRUE(gil.take(&other, [](void* n) { ++*static_cast<int*>(n); }, &waits));
    EXPECT_EQ(waits, 0);
    gil.drop(&other);
}

TEST(PythonThread, ReleaseForAndReacquire)
{
    Gil gil(5 * kNsPerMs);
    Recorder recorder;
    PythonThread thread(recorder.addLane({}), &gil, {});
    thread.begin(kNoTask);
    thread.releaseFor(State::WaitingLock);
    EXPECT_FALSE(thread.holdsGil());
    thread.reacquire();
    EXPECT_TRUE(thread.holdsGil());
    thread.end();
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    EXPECT_EQ(statesOf(trace, 0),
        (std::vector<State> {State::Running, State::WaitingLock, State::Running, State::Done}));
}

} // namespace
} // namespace interleave
