#include "lab/race.h"

#include "trace/trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace interleave {
namespace {

bool hasState(const Trace& trace, LaneId lane, State state)
{
    for (std::size_t i = 0; i < trace.spanCount(lane); ++i) {
        if (trace.span(lane, i).state == state)
            return true;
    }
    return false;
}

// Polls until the race has finished; generous, so a loaded machine does not fail it.
bool waitFinished(const LiveRace& race, std::chrono::seconds limit)
{
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!race.finished()) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

TEST(Race, UnsafeLosesUpdatesWhenTheWindowIsWide)
{
    // Each thread sleeps between its load and its store, so at any moment it is almost surely
    // inside its window. For no update to be lost, every store of one thread would have to
    // land in the nanoseconds between the other's store and its next load, 2000 times over.
    // Sleeping (not spinning) makes the windows overlap even with one free core.
    const RaceConfig config {.threads = 2,
        .increments = 2000,
        .mode = RaceMode::Unsafe,
        .gil = false,
        .widenUs = 20,
        .widenBy = WidenMethod::Sleep};
    const RaceRunResult r = runRace(config);
    EXPECT_TRUE(r.completed);
    EXPECT_EQ(r.expected, 4000);
    EXPECT_GT(r.lost(), 0) << "actual " << r.actual;
    // A thread's own increments do not have to survive: one stale store can wipe out
    // everything the other thread did meanwhile, and the other can do the same back. The
    // fewest a two-thread race with two or more increments each can end at is 2.
    EXPECT_GE(r.actual, 2);
    EXPECT_LT(r.actual, r.expected);
}

TEST(Race, TheLockNeverLoses)
{
    for (const bool gil : {true, false}) {
        for (const RaceBetween between : {RaceBetween::None, RaceBetween::Call}) {
            SCOPED_TRACE(std::string("gil ") + std::string(gilName(gil)) + ", between "
                + std::string(raceBetweenName(between)));
            const RaceRunResult fast = runRace(
                {.threads = 4, .increments = 20'000, .mode = RaceMode::Lock, .gil = gil, .between = between});
            EXPECT_EQ(fast.actual, 80'000);
            EXPECT_EQ(fast.lost(), 0);

            Recorder recorder;
            RaceProgress progress(2);
            // A few hundred increments: each sleeps in the window (tens of microseconds at least,
            // far more on a loaded machine), and every one of them is a chance to contend.
            const RaceConfig widened {.threads = 2,
                .increments = 300,
                .mode = RaceMode::Lock,
                .gil = gil,
                .between = between,
                .widenUs = 1};
            const RaceRunResult slow = runRace(widened, recorder, progress);
            EXPECT_EQ(slow.actual, 600);
            EXPECT_EQ(slow.lost(), 0);
            // While one thread sleeps holding the lock (with the GIL: having released the GIL to
            // sleep), the other waits for the lock: the waits are drawn.
            const Trace trace = Trace::fromSnapshot(recorder.snapshot());
            ASSERT_EQ(trace.laneCount(), 3u);
            EXPECT_TRUE(hasState(trace, 1, State::WaitingLock) || hasState(trace, 2, State::WaitingLock));
        }
    }
}

// The race table of the lab: what loses updates, and what cannot. Each case runs 5 times,
// 4 threads x 100,000 increments: every thread spans several 5 ms switch intervals.
std::vector<RaceRunResult> fiveRuns(bool gil, RaceBetween between)
{
    std::vector<RaceRunResult> results;
    for (int run = 0; run < 5; ++run) {
        const RaceConfig config {.threads = 4, .increments = 100'000, .gil = gil, .between = between};
        results.push_back(runRace(config));
        EXPECT_TRUE(results.back().completed);
    }
    return results;
}

TEST(RaceWithTheGil, CounterPlusEqualsOneLosesNothing)
{
    // CPython 3.10+ asks a thread to drop the GIL only at calls and backward jumps; `counter
    // += 1` has neither between its load and its store. Not a statistical claim: with the GIL,
    // no other thread can run there, whatever the timing.
    std::int64_t switches = 0;
    for (const RaceRunResult& r : fiveRuns(true, RaceBetween::None)) {
        EXPECT_EQ(r.lost(), 0) << "actual " << r.actual << " of " << r.expected;
        EXPECT_EQ(r.switchesInWindow, 0);
        switches += r.switches;
    }
    // The threads did take turns in the middle of their loops (a run spans several switch
    // intervals): the exact count is not that each ran alone.
    EXPECT_GT(switches, 0);
}

TEST(RaceWithTheGil, ACallBetweenLoadAndStoreLoses)
{
    // About half of the switches fall at one()'s RESUME, between a load and its store; a run
    // has several switches, so all five runs keeping every update would be a very rare event
    // (and a bug far more likely).
    int runsThatLost = 0;
    for (const RaceRunResult& r : fiveRuns(true, RaceBetween::Call)) {
        if (r.lost() > 0) {
            ++runsThatLost;
            // Under the GIL an update can only be lost by a switch inside the window.
            EXPECT_GT(r.switchesInWindow, 0) << "lost " << r.lost();
        }
        EXPECT_LE(r.switchesInWindow, r.switches);
    }
    EXPECT_GE(runsThatLost, 1);
}

TEST(RaceWithTheGil, RunningLanesNeverOverlap)
{
    // One thread at a time runs Python: the trace says so, because each thread records the
    // end of its Running span while it still holds the GIL, and the main thread shows it waits
    // in join() before the threads start. With the lock too: a thread that must wait for the
    // lock releases the GIL first, and records Running again only once it holds both.
    for (const RaceMode mode : {RaceMode::Unsafe, RaceMode::Lock}) {
        SCOPED_TRACE(std::string(raceModeName(mode)));
        const RaceConfig config {
            .threads = 4, .increments = 100'000, .mode = mode, .gil = true, .between = RaceBetween::Call};
        Recorder recorder;
        RaceProgress progress(config.threads);
        runRace(config, recorder, progress);
        const Trace trace = Trace::fromSnapshot(recorder.snapshot());
        std::vector<Span> running;
        for (LaneId lane = 0; lane < static_cast<LaneId>(trace.laneCount()); ++lane) {
            for (std::size_t i = 0; i < trace.spanCount(lane); ++i) {
                if (trace.span(lane, i).state == State::Running)
                    running.push_back(trace.span(lane, i));
            }
        }
        std::sort(
            running.begin(), running.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
        ASSERT_GT(running.size(), 4u) << "the threads took turns";
        for (std::size_t i = 1; i < running.size(); ++i)
            EXPECT_LE(running[i - 1].end, running[i].start) << "Running spans " << i - 1 << " and " << i;
        EXPECT_EQ(trace.metadata().at("race_gil"), "on");
        EXPECT_EQ(trace.metadata().at("race_between"), "call");
    }
}

TEST(RaceWithoutTheGil, FreeThreadedLoses)
{
    // Real threads at once: on two cores the windows overlap thousands of times; on one, a
    // thread preempted inside its window (a third of each increment) is enough.
    for (const RaceBetween between : {RaceBetween::None, RaceBetween::Call}) {
        int runsThatLost = 0;
        for (const RaceRunResult& r : fiveRuns(false, between)) {
            runsThatLost += r.lost() > 0 ? 1 : 0;
            EXPECT_EQ(r.switches, 0) << "no GIL, no switches counted";
        }
        EXPECT_GE(runsThatLost, 1) << "between " << raceBetweenName(between);
    }
}

TEST(Race, AtomicNeverLoses)
{
    const RaceRunResult r = runRace({.threads = 4, .increments = 50'000, .mode = RaceMode::Atomic});
    EXPECT_EQ(r.actual, 200'000);
    EXPECT_EQ(r.lost(), 0);
    const RaceRunResult widened
        = runRace({.threads = 2, .increments = 500, .mode = RaceMode::Atomic, .widenUs = 5});
    EXPECT_EQ(widened.lost(), 0);
}

TEST(Race, EachThreadIsALaneOfTheTimeline)
{
    Recorder recorder;
    RaceProgress progress(3);
    runRace({.threads = 3, .increments = 1000}, recorder, progress);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    ASSERT_EQ(trace.laneCount(), 4u);
    EXPECT_EQ(trace.lane(0).kind, LaneKind::Process);
    for (LaneId lane = 1; lane <= 3; ++lane) {
        EXPECT_EQ(trace.lane(lane).kind, LaneKind::Thread);
        EXPECT_EQ(trace.lane(lane).parent, 0);
        EXPECT_EQ(trace.lane(lane).name, "Thread-" + std::to_string(lane));
        EXPECT_TRUE(hasState(trace, lane, State::Running));
        EXPECT_EQ(trace.span(lane, trace.spanCount(lane) - 1).state, State::Done);
        EXPECT_EQ(progress.done(lane - 1), 1000);
    }
    EXPECT_EQ(trace.metadata().at("race_mode"), "unsafe");
    EXPECT_EQ(trace.metadata().at("race_gil"), "on") << "the GIL is on unless turned off";
    EXPECT_EQ(trace.metadata().at("race_between"), "none");
    EXPECT_THROW(runRace({.threads = 3, .increments = 1000}, recorder, progress), std::invalid_argument)
        << "a progress already used would make the expected count wrong";
}

TEST(Race, RefusesAbsurdParameters)
{
    EXPECT_TRUE(validate(RaceConfig {.threads = 0}).has_value());
    EXPECT_TRUE(validate(RaceConfig {.threads = kMaxRaceThreads + 1}).has_value());
    EXPECT_TRUE(validate(RaceConfig {.increments = 0}).has_value());
    EXPECT_TRUE(validate(RaceConfig {.increments = kMaxRaceIncrements + 1}).has_value());
    EXPECT_TRUE(validate(RaceConfig {.widenUs = -1}).has_value());
    EXPECT_TRUE(validate(RaceConfig {.widenUs = kMaxWidenUs + 1}).has_value());
    EXPECT_TRUE(validate(RaceConfig {.repeat = 0}).has_value());
    const auto tooLong = validate(RaceConfig {.increments = 10'000'000, .widenUs = 100});
    ASSERT_TRUE(tooLong.has_value());
    EXPECT_NE(tooLong->find("pause"), std::string::npos) << *tooLong;
    EXPECT_FALSE(validate(RaceConfig {}).has_value());
    EXPECT_THROW(runRace(RaceConfig {.threads = 0}), std::invalid_argument);
    EXPECT_THROW(LiveRace(RaceConfig {.repeat = 0}), std::invalid_argument);
}

TEST(LiveRace, RepeatsAndReportsEveryRun)
{
    LiveRace race({.threads = 2, .increments = 5000, .mode = RaceMode::Lock, .repeat = 5});
    // Read the live figures while it runs, as the view's timer does.
    while (!race.finished()) {
        const LiveRace::Live live = race.live();
        const std::int64_t done = live.progress->doneTotal(); // the counts first
        const std::int64_t counter = live.progress->counter();
        EXPECT_GE(counter, done) << "with the lock, the counter is never behind the counts read before it";
        EXPECT_LE(counter, 10'000);
        (void)live.recorder->snapshot();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const std::vector<RaceRunResult> results = race.results();
    ASSERT_EQ(results.size(), 5u);
    for (const RaceRunResult& r : results) {
        EXPECT_EQ(r.expected, 10'000);
        EXPECT_EQ(r.actual, 10'000);
    }
    const RaceSummary s = summarize(results);
    EXPECT_EQ(s.runs, 5);
    EXPECT_EQ(s.runsThatLost, 0);
    EXPECT_EQ(s.meanLost, 0.0);
    EXPECT_EQ(race.live().run, 4);
}

TEST(LiveRace, StopsAtAnyMoment)
{
    // Unstopped, this would sleep for about 100 s per thread, a hundred times.
    LiveRace race({.threads = 4, .increments = 1'000'000, .widenUs = 100, .repeat = 100});
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    race.requestStop();
    ASSERT_TRUE(waitFinished(race, std::chrono::seconds(10)));
    EXPECT_TRUE(race.results().empty()) << "a run cut short is not a sample";
    const LiveRace::Live live = race.live();
    EXPECT_EQ(live.run, 0);
    EXPECT_LT(live.progress->doneTotal(), 4'000'000);
}

TEST(LiveRace, DestroyingARunningRaceStopsIt)
{
    LiveRace race({.threads = 2, .increments = 1'000'000, .widenUs = 100});
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
} // the destructor stops and joins; the test would time out otherwise

TEST(RaceSummary, CountsRunsThatLost)
{
    const RaceSummary s = summarize(
        {{.expected = 10, .actual = 10}, {.expected = 10, .actual = 7}, {.expected = 10, .actual = 9}});
    EXPECT_EQ(s.runs, 3);
    EXPECT_EQ(s.runsThatLost, 2);
    EXPECT_DOUBLE_EQ(s.meanLost, 4.0 / 3.0);
    EXPECT_EQ(s.minActual, 7);
    EXPECT_EQ(s.maxActual, 10);
    EXPECT_EQ(summarize({}).runs, 0);
}

} // namespace
} // namespace interleave
