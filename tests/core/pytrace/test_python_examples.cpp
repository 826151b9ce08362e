// Every example program shipped for the Python tab, traced with real CPython: each one shows
// what its comments say it shows. Shapes, never timings: a busy machine stretches the
// pictures, it does not change them.

#include "pytrace/python_examples.h"
#include "pytrace/stuck_threads.h"

#include "python_test_support.h"

#include <gtest/gtest.h>

#include <dirent.h>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace interleave::pytrace {
namespace {

using namespace testsupport;

std::string examplesDir()
{
    return examplesDirOf(INTERLEAVE_PYTHON_DIR);
}

SessionRun runExample(const std::string& name, std::chrono::milliseconds timeout = std::chrono::seconds(60))
{
    return runSession(traceOptions(example(name), timeout));
}

// "counter: N, expected M, lost K" as the counter examples print it.
struct Count {
    long counter = -1;
    long lost = -1;
};

Count countIn(const std::string& output)
{
    std::smatch m;
    static const std::regex pattern("counter: (\\d+), expected \\d+, lost (-?\\d+)");
    Count c;
    if (std::regex_search(output, m, pattern)) {
        c.counter = std::stol(m[1]);
        c.lost = std::stol(m[2]);
    }
    return c;
}

#define EXPECT_FINISHED(run)                                                                                 \
    do {                                                                                                     \
        ASSERT_EQ((run).result.outcome, PythonTraceResult::Outcome::Finished) << (run).result.problem;        \
        EXPECT_TRUE((run).result.status.succeeded()) << (run).result.status.describe() << "\n" << (run).output; \
    } while (false)

TEST(PythonExamples, TheListNamesEveryExampleOnceWithATitle)
{
    const std::vector<PythonExample> examples = listPythonExamples(examplesDir());
    ASSERT_FALSE(examples.empty());
    std::set<std::string> listed;
    for (const PythonExample& e : examples) {
        EXPECT_FALSE(e.title.empty()) << e.fileName;
        EXPECT_TRUE(listed.insert(e.fileName).second) << e.fileName << " is listed twice";
    }
    DIR* dir = ::opendir(examplesDir().c_str());
    ASSERT_NE(dir, nullptr);
    std::set<std::string> files;
    while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.ends_with(".py"))
            files.insert(name);
    }
    ::closedir(dir);
    EXPECT_EQ(listed, files) << "README.md lists exactly the .py files of the folder";
    EXPECT_EQ(examples.front().fileName, "downloads_sequential.py") << "the menu starts where a tutorial does";
}

TEST(PythonExamples, ParsesOnlyTheListLines)
{
    const auto list = parseExampleList("# Examples\n\nSome text with `code.py` in it.\n- `a.py`: First one\n"
                                       "- `b.txt`: not a script\n- `c.py`:  Third  \r\n* `d.py`: another bullet\n");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].fileName, "a.py");
    EXPECT_EQ(list[0].title, "First one");
    EXPECT_EQ(list[1].fileName, "c.py");
    EXPECT_EQ(list[1].title, " Third");
}

TEST(PythonExamples, SequentialDownloadsWaitOneAfterAnother)
{
    REQUIRE_PYTHON();
    const SessionRun run = runExample("downloads_sequential.py");
    EXPECT_FINISHED(run);
    const Trace& t = run.result.trace;
    ASSERT_EQ(t.laneCount(), 1u) << "one thread does it all";
    // Eight exact sleeps of 200 ms, never two at once.
    EXPECT_GE(timeIn(t, 0, State::BlockedIo, "sleep"), 8 * 200'000'000LL);
}

TEST(PythonExamples, ThreadedDownloadsWaitAllAtOnce)
{
    REQUIRE_PYTHON();
    const SessionRun run = runExample("threads_io.py");
    EXPECT_FINISHED(run);
    const std::vector<LaneId> downloads = lanesWhere(run.result.trace, LaneKind::Thread, "download-");
    ASSERT_EQ(downloads.size(), 8u);
    EXPECT_GE(peakAtOnce(run.result.trace, downloads, State::BlockedIo, "sleep"), 4)
        << "the GIL is released while they wait: their sleeps overlap";
}

TEST(PythonExamples, AThreadPoolOfThreeWaitsAtMostThreeAtOnce)
{
    REQUIRE_PYTHON();
    const SessionRun run = runExample("thread_pool_map.py");
    EXPECT_FINISHED(run);
    const Trace& t = run.result.trace;
    const std::vector<LaneId> workers = lanesWhere(t, LaneKind::Thread, "ThreadPoolExecutor-");
    ASSERT_EQ(workers.size(), 3u);
    const int peak = peakAtOnce(t, workers, State::BlockedIo, "sleep");
    EXPECT_GE(peak, 2);
    EXPECT_LE(peak, 3);
    // Eight tasks on three workers: eight sleeps in all (back to back on a worker, they draw as
    // one stretch), so some worker slept more than twice.
    TimeNs slept = 0;
    TimeNs most = 0;
    for (LaneId id : workers) {
        slept += timeIn(t, id, State::BlockedIo, "sleep");
        most = std::max(most, timeIn(t, id, State::BlockedIo, "sleep"));
    }
    EXPECT_GE(slept, 8 * 200'000'000LL);
    EXPECT_GE(most, 3 * 200'000'000LL);
}

TEST(PythonExamples, CpuBoundWorkOnTwoProcessesOfAnExecutorRunsAtOnce)
{
    REQUIRE_PYTHON();
    const SessionRun run = runExample("process_pool_executor.py");
    EXPECT_FINISHED(run);
    const Trace& t = run.result.trace;
    std::vector<LaneId> workers;
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        const auto id = static_cast<LaneId>(i);
        if (t.lane(id).kind == LaneKind::Process && t.lane(id).parent != kNoLane)
            workers.push_back(id);
    }
    ASSERT_EQ(workers.size(), 2u);
    for (LaneId id : workers)
        EXPECT_EQ(lastState(t, id), State::Done) << t.lane(id).name;
    EXPECT_GE(peakAtOnce(t, workers, State::Running), 2) << "two processes, two GILs";
}

TEST(PythonExamples, APlainCounterTakesTurnsOnTheGilAndLosesNothingOn311)
{
    REQUIRE_PYTHON();
    const SessionRun run = runExample("counter_plain.py");
    EXPECT_FINISHED(run);
    const std::vector<LaneId> adders = lanesWhere(run.result.trace, LaneKind::Thread, "adder-");
    ASSERT_EQ(adders.size(), 4u);
    // One GIL: they take turns. As for threads_cpu.py, a thread's exact end may meet the next
    // one's sampled start: a sliver of overlap, never more.
    // Waits for the GIL are sampled: on a loaded machine the sampler may catch a thread only
    // while it held the GIL (seen once in a test run beside two builds), so most, not all,
    // must have been seen waiting.
    const Trace& t = run.result.trace;
    int seenWaiting = 0;
    for (std::size_t i = 0; i < adders.size(); ++i) {
        if (totalFor(t.stateTotals(adders[i]), State::WaitingGil) > 0)
            ++seenWaiting;
        for (std::size_t j = i + 1; j < adders.size(); ++j) {
            const TimeNs shorter = std::min(totalFor(t.stateTotals(adders[i]), State::Running),
                                            totalFor(t.stateTotals(adders[j]), State::Running));
            EXPECT_LE(overlapIn(t, adders[i], adders[j], State::Running), shorter / 20);
        }
    }
    EXPECT_GE(seenWaiting, 3) << "four threads, one GIL";
    const Count c = countIn(run.output);
    ASSERT_GE(c.counter, 0) << run.output;
    if (run.result.trace.metadata().at("python").starts_with("3.11")) {
        EXPECT_EQ(c.lost, 0) << "CPython 3.11 switches only at calls and backward jumps";
    }
}

TEST(PythonExamples, ACallBetweenReadAndWriteLosesUpdatesAndALockKeepsThem)
{
    REQUIRE_PYTHON();
    const SessionRun race = runExample("race_counter.py");
    EXPECT_FINISHED(race);
    const Count lost = countIn(race.output);
    ASSERT_GE(lost.counter, 0) << race.output;
    EXPECT_GT(lost.lost, 0) << "500,000 rounds on each of four threads, a switch every 5 ms or so";

    const SessionRun locked = runExample("counter_locked.py");
    EXPECT_FINISHED(locked);
    const Count kept = countIn(locked.output);
    ASSERT_GE(kept.counter, 0) << locked.output;
    EXPECT_EQ(kept.lost, 0);
    const Trace& t = locked.result.trace;
    const std::string site = "lock made at counter_locked.py:"
        + std::to_string(lineOf(example("counter_locked.py"), "threading.Lock()"));
    bool waited = false;
    for (LaneId id : lanesWhere(t, LaneKind::Thread, "locked-"))
        waited = waited || hasSpan(t, id, State::WaitingLock, site);
    EXPECT_TRUE(waited) << "no lane waited for " << site;
}

TEST(PythonExamples, ADeadlockShowsBothThreadsWaitingForTheOthersLockUntilStopped)
{
    REQUIRE_PYTHON();
    // Stopped 2.5 s in: what the check below asks (1 s stuck) with room for a slow start (a
    // loaded machine took over half a second to reach the deadlock).
    const SessionRun run = runExample("deadlock.py", std::chrono::milliseconds(2500));
    EXPECT_EQ(run.result.outcome, PythonTraceResult::Outcome::TimedOut) << "it never ends by itself";
    EXPECT_NE(run.output.find("both threads started"), std::string::npos) << run.output;
    const Trace& t = run.result.trace;
    const std::string path = example("deadlock.py");
    const std::string siteA = "lock made at deadlock.py:" + std::to_string(lineOf(path, "lock_a = "));
    const std::string siteB = "lock made at deadlock.py:" + std::to_string(lineOf(path, "lock_b = "));
    const std::vector<LaneId> one = lanesWhere(t, LaneKind::Thread, "a-then-b");
    const std::vector<LaneId> two = lanesWhere(t, LaneKind::Thread, "b-then-a");
    ASSERT_EQ(one.size(), 1u);
    ASSERT_EQ(two.size(), 1u);
    EXPECT_TRUE(hasSpan(t, one[0], State::WaitingLock, siteB)) << spansText(t, one[0]);
    EXPECT_TRUE(hasSpan(t, two[0], State::WaitingLock, siteA)) << spansText(t, two[0]);
    EXPECT_GT(overlapIn(t, one[0], two[0], State::WaitingLock), 0) << "both wait at the same time";
    // Seen from outside: two threads waiting for locks, nothing running.
    const std::vector<StuckOnLock> stuck = likelyDeadlock(t, 1'000'000'000);
    ASSERT_EQ(stuck.size(), 2u) << spansText(t, one[0]) << "\n" << spansText(t, two[0]) << "\n" << spansText(t, 0)
                                << "\nend " << t.endTime() - t.startTime();
    EXPECT_EQ(stuck[0].lane, one[0]);
    EXPECT_EQ(stuck[1].lane, two[0]);
    // Cut short, not finished: stopped, as every lane a stop ends.
    EXPECT_EQ(lastState(t, one[0]), State::Stopped);
    EXPECT_EQ(lastState(t, two[0]), State::Stopped);
}

} // namespace
} // namespace interleave::pytrace
