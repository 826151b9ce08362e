#include "engine/event_loop.h"
#include "trace/clock.h"

#include "trace/trace.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace interleave {
namespace {


struct LoopFixture {
    Recorder recorder;
    LaneWriter loopLane = recorder.addLane({.kind = LaneKind::Process, .name = "loop"});
    PythonThread thread{loopLane, nullptr, {}};
    std::vector<std::string> log;
    int failures = 0;
    EventLoop loop{thread, {}, [this](std::exception_ptr, LaneId, std::int32_t) {
                       ++failures;
                       return kEndError;
                   }};

    LoopFixture() { thread.begin(kNoTask); }
    LaneWriter lane(const std::string& name)
    {
        return recorder.addLane({.parent = 0, .kind = LaneKind::Coroutine, .name = name});
    }
};

AsyncTask sleeper(EventLoop& loop, std::vector<std::string>& log, std::string name, TimeNs ns)
{
    log.push_back(name + " start");
    co_await loop.sleep(ns);
    log.push_back(name + " end");
}

AsyncTask gatherer(EventLoop& loop, std::vector<std::string>& log)
{
    co_await loop.gatherAll();
    log.push_back("gathered");
}

AsyncTask spawner(LoopFixture& f, std::vector<std::pair<std::string, TimeNs>> tasks)
{
    std::int32_t index = 0;
    for (const auto& [name, ns] : tasks)
        f.loop.createTask(sleeper(f.loop, f.log, name, ns), f.lane(name), index++);
    co_await f.loop.gatherAll();
    f.log.push_back("gathered");
}

TEST(EventLoop, TimersFireInDeadlineOrder)
{
    LoopFixture f;
    f.loop.runUntilComplete(spawner(f, {{"slow", 30 * kNsPerMs}, {"fast", 5 * kNsPerMs}, {"mid", 15 * kNsPerMs}}));
    EXPECT_EQ(f.log, (std::vector<std::string>{"slow start", "fast start", "mid start", "fast end", "mid end",
                                               "slow end", "gathered"}));
}

TEST(EventLoop, SleepZeroYieldsToTheBackOfTheQueue)
{
    LoopFixture f;
    f.loop.runUntilComplete(spawner(f, {{"a", 0}, {"b", 0}}));
    EXPECT_EQ(f.log, (std::vector<std::string>{"a start", "b start", "a end", "b end", "gathered"}));
    const Trace trace = Trace::fromSnapshot(f.recorder.snapshot());
    // sleep(0) is Ready again at once, never Suspended.
    for (LaneId lane : {1, 2}) {
        for (std::size_t i = 0; i < trace.spanCount(lane); ++i)
            EXPECT_NE(trace.span(lane, i).state, State::Suspended);
    }
}

TEST(EventLoop, GatherWithNothingToGatherReturnsAtOnce)
{
    LoopFixture f;
    f.loop.runUntilComplete(gatherer(f.loop, f.log));
    EXPECT_EQ(f.log, (std::vector<std::string>{"gathered"}));
}

AsyncTask thrower()
{
    throw std::runtime_error("inside a coroutine");
    co_return;
}

AsyncTask spawnThrower(LoopFixture& f)
{
    f.loop.createTask(thrower(), f.lane("bad"), 0);
    f.loop.createTask(sleeper(f.loop, f.log, "good", kNsPerMs), f.lane("good"), 1);
    co_await f.loop.gatherAll();
}

TEST(EventLoop, AnExceptionEndsOnlyItsTask)
{
    LoopFixture f;
    f.loop.runUntilComplete(spawnThrower(f));
    EXPECT_EQ(f.failures, 1);
    const Trace trace = Trace::fromSnapshot(f.recorder.snapshot());
    EXPECT_EQ(trace.span(1, trace.spanCount(1) - 1).state, State::Failed);
    EXPECT_EQ(trace.span(2, trace.spanCount(2) - 1).state, State::Done);
}

TEST(EventLoop, StopCancelsEveryUnfinishedTask)
{
    std::stop_source stop;
    Recorder recorder;
    PythonThread thread(recorder.addLane({.name = "loop"}), nullptr, stop.get_token());
    thread.begin(kNoTask);
    EventLoop loop(
        thread, stop.get_token(), [](std::exception_ptr, LaneId, std::int32_t) { return kEndError; });
    std::vector<std::string> log;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        stop.request_stop();
    });
    auto spawn = [&]() -> AsyncTask {
        for (int i = 0; i < 3; ++i)
            loop.createTask(sleeper(loop, log, std::to_string(i), 60'000 * kNsPerMs),
                            recorder.addLane({.kind = LaneKind::Coroutine, .name = std::to_string(i)}), i);
        co_await loop.gatherAll();
    };
    EXPECT_THROW(loop.runUntilComplete(spawn()), RunCancelled);
    stopper.join();
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    for (LaneId lane : {1, 2, 3}) {
        const Span last = trace.span(lane, trace.spanCount(lane) - 1);
        EXPECT_EQ(last.state, State::Stopped);
        EXPECT_EQ(last.detail, kEndCancelled);
    }
}

} // namespace
} // namespace interleave
