#include "engine/lane_thread.h"

#include "trace/trace.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <unistd.h>

namespace interleave {
namespace {

TEST(LaneThread, AddsALaneWithTheThreadsRealIdAndStartsItAsStarting)
{
    Recorder recorder;
    std::atomic<TimeNs> cpu{0};
    int bodyTid = 0;
    const TimeNs before = nowNs();
    LaneId id = kNoLane;
    {
        LaneThread thread(
            recorder, LaneInfo{.parent = 7, .kind = LaneKind::Thread, .pid = 42, .name = "Thread-1"},
            [&](LaneWriter lane) {
                bodyTid = static_cast<int>(::gettid());
                lane.record(State::Running);
                lane.record(State::Done);
            },
            &cpu);
        id = thread.lane();
    }
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    ASSERT_EQ(trace.laneCount(), 1u);
    EXPECT_EQ(id, 0);
    const LaneInfo& info = trace.lane(0);
    EXPECT_EQ(info.name, "Thread-1");
    EXPECT_EQ(info.parent, 7);
    EXPECT_EQ(info.pid, 42);
    EXPECT_EQ(info.tid, bodyTid);
    EXPECT_NE(info.tid, static_cast<int>(::gettid()));
    ASSERT_EQ(trace.spanCount(0), 3u);
    EXPECT_EQ(trace.span(0, 0).state, State::Starting);
    EXPECT_GE(trace.span(0, 0).start, before);
    EXPECT_EQ(trace.span(0, 2).state, State::Done);
    EXPECT_GT(cpu.load(), 0);
}

TEST(LaneThread, MovesAndJoins)
{
    Recorder recorder;
    std::vector<LaneThread> threads;
    std::atomic<int> ran{0};
    for (int i = 0; i < 8; ++i)
        threads.emplace_back(recorder, LaneInfo{.name = std::to_string(i)}, [&](LaneWriter lane) {
            ++ran;
            lane.record(State::Done);
        });
    for (LaneThread& thread : threads)
        thread.join();
    EXPECT_EQ(ran.load(), 8);
    EXPECT_EQ(recorder.laneCount(), 8u);
}

} // namespace
} // namespace interleave
