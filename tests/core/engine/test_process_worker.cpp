// The interleave-worker executable, driven directly through its pipes.

#include "engine/child_process.h"
#include "engine/process_worker_options.h"
#include "engine/python_thread.h"
#include "engine/worker_protocol.h"
#include "workloads/workload.h"

#include "process_test_support.h"

#include <gtest/gtest.h>

#include <csignal>
#include <functional>
#include <poll.h>
#include <string>
#include <thread>
#include <vector>

namespace interleave {
namespace {

using namespace std::chrono_literals;
namespace wp = worker_protocol;

double workerIterationsPerMs()
{
    static const double rate = calibrateIterationsPerMs(10);
    return rate;
}

// A worker with its records pipe on fd 3, stderr captured, and (pool) commands on stdin.
class WorkerUnderTest {
public:
    explicit WorkerUnderTest(const ProcessWorkerOptions& options, std::vector<std::string> extraArgs = {})
    {
        SpawnOptions spawn;
        spawn.path = INTERLEAVE_WORKER_PATH;
        spawn.args = toWorkerArguments(options);
        spawn.args.insert(spawn.args.end(), extraArgs.begin(), extraArgs.end());
        spawn.channels = {{3, ChildChannel::Direction::FromChild}, {2, ChildChannel::Direction::FromChild}};
        if (options.mode == ProcessWorkerOptions::Mode::Pool)
            spawn.channels.push_back({0, ChildChannel::Direction::ToChild});
        child = ChildProcess::spawn(spawn);
    }

    // Reads frames until one satisfies pred (true), or end of file / timeout (false).
    bool readUntil(const std::function<bool(const wp::Message&)>& pred,
                   std::chrono::milliseconds timeout = 20s)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            wp::Message m;
            while (decoder.next(m) == wp::FrameDecoder::Status::Message) {
                frames.push_back(m);
                if (pred(m))
                    return true;
            }
            if (decoder.failed() || eof || std::chrono::steady_clock::now() >= deadline)
                return false;
            pollfd p{child.channelFd(0), POLLIN, 0};
            ::poll(&p, 1, 20);
            char buffer[4096];
            const ssize_t n = ::read(child.channelFd(0), buffer, sizeof buffer);
            if (n > 0)
                decoder.feed(buffer, static_cast<std::size_t>(n));
            else if (n == 0)
                eof = true;
        }
    }

    void readToEnd()
    {
        readUntil([](const wp::Message&) { return false; });
        stderrText = test::readToEnd(child.channelFd(1));
    }

    void send(const wp::Message& m)
    {
        const auto bytes = wp::encodeFrame(m);
        ASSERT_TRUE(child.writeAll(2, bytes.data(), bytes.size()));
    }

    std::vector<StateChange> records() const
    {
        std::vector<StateChange> out;
        for (const auto& m : frames) {
            if (const auto* r = std::get_if<wp::Record>(&m))
                out.push_back(r->change);
        }
        return out;
    }

    template <typename T>
    std::vector<T> framesOf() const
    {
        std::vector<T> out;
        for (const auto& m : frames) {
            if (const auto* t = std::get_if<T>(&m))
                out.push_back(*t);
        }
        return out;
    }

    ChildProcess child;
    wp::FrameDecoder decoder;
    std::vector<wp::Message> frames;
    std::string stderrText;
    bool eof = false;
};

ProcessWorkerOptions ioWorker(ProcessWorkerOptions::Mode mode, TimeNs latency)
{
    ProcessWorkerOptions o;
    o.mode = mode;
    o.task = 5;
    o.spec = WorkloadSpec{WorkloadKind::Io, 0, latency, 1};
    o.start = ProcessStart::Native;
    o.iterationsPerMs = workerIterationsPerMs();
    return o;
}

void expectNonDecreasing(const std::vector<StateChange>& records)
{
    for (std::size_t i = 1; i < records.size(); ++i)
        EXPECT_LE(records[i - 1].time, records[i].time) << "record " << i;
}

TEST(ProcessWorker, SingleTaskStreamsHelloRecordsAndBye)
{
    const TimeNs before = nowNs();
    WorkerUnderTest w(ioWorker(ProcessWorkerOptions::Mode::Single, 20'000'000));
    w.readToEnd();
    w.child.reap();
    const TimeNs after = nowNs();
    EXPECT_TRUE(w.child.status().succeeded()) << w.child.status().describe() << " " << w.stderrText;
    EXPECT_FALSE(w.decoder.failed()) << w.decoder.error();
    EXPECT_EQ(w.decoder.pendingBytes(), 0u);

    ASSERT_FALSE(w.frames.empty());
    const auto* hello = std::get_if<wp::Hello>(&w.frames.front());
    ASSERT_NE(hello, nullptr);
    EXPECT_EQ(hello->pid, w.child.pid());
    ASSERT_TRUE(std::holds_alternative<wp::Bye>(w.frames.back()));
    EXPECT_GT(std::get<wp::Bye>(w.frames.back()).cpuNs, 0);

    const auto records = w.records();
    ASSERT_GE(records.size(), 3u);
    EXPECT_EQ(records.front().state, State::Running) << "native start: the first record is the task";
    EXPECT_EQ(records.front().task, 5);
    EXPECT_EQ(records.back().state, State::Done);
    bool blocked = false;
    for (const StateChange& r : records) {
        blocked = blocked || r.state == State::BlockedIo;
        // On the parent's clock: CLOCK_MONOTONIC is shared by every process.
        EXPECT_GE(r.time, before);
        EXPECT_LE(r.time, after);
    }
    EXPECT_TRUE(blocked);
    expectNonDecreasing(records);
}

TEST(ProcessWorker, PythonStartUpIsComputedAsStarting)
{
    ProcessWorkerOptions o = ioWorker(ProcessWorkerOptions::Mode::Single, 1'000'000);
    o.start = ProcessStart::Python;
    o.startIterations = static_cast<std::uint64_t>(workerIterationsPerMs() * 30);
    WorkerUnderTest w(o);
    w.readToEnd();
    w.child.reap();
    ASSERT_TRUE(w.child.status().succeeded()) << w.stderrText;
    const auto records = w.records();
    ASSERT_GE(records.size(), 2u);
    EXPECT_EQ(records[0].state, State::Starting);
    EXPECT_EQ(records[1].state, State::Running);
    EXPECT_GE(records[1].time - records[0].time, 15'000'000) << "about 30 ms of CPU work";
}

TEST(ProcessWorker, PoolWorkerRunsTheChunksItIsGiven)
{
    WorkerUnderTest w(ioWorker(ProcessWorkerOptions::Mode::Pool, 5'000'000));
    auto isReady = [](const wp::Message& m) { return std::holds_alternative<wp::Ready>(m); };
    ASSERT_TRUE(w.readUntil(isReady));
    EXPECT_EQ(w.framesOf<wp::Ready>().back().chunksDone, 0u);
    ASSERT_FALSE(w.records().empty());
    EXPECT_EQ(w.records().back().state, State::WaitingLock) << "idle, blocked on the task queue";

    w.send(wp::Chunk{0, {3, 4}});
    ASSERT_TRUE(w.readUntil(isReady));
    EXPECT_EQ(w.framesOf<wp::Ready>().back().chunksDone, 1u);
    const auto started = w.framesOf<wp::TaskStarted>();
    const auto finished = w.framesOf<wp::TaskFinished>();
    ASSERT_EQ(started.size(), 2u);
    ASSERT_EQ(finished.size(), 2u);
    EXPECT_EQ(started[0].task, 3);
    EXPECT_EQ(started[1].task, 4);
    EXPECT_EQ(finished[0].task, 3);
    EXPECT_EQ(finished[0].state, State::Done);
    EXPECT_LE(started[0].time, finished[0].time);
    EXPECT_LE(finished[0].time, started[1].time);
    // The task starts at the very instant the worker's lane shows it Running.
    bool matched = false;
    for (const StateChange& r : w.records())
        matched = matched || (r.state == State::Running && r.task == 3 && r.time == started[0].time);
    EXPECT_TRUE(matched);

    w.send(wp::Exit{});
    w.readToEnd();
    w.child.reap();
    EXPECT_TRUE(w.child.status().succeeded()) << w.stderrText;
    EXPECT_EQ(w.records().back().state, State::Done);
    EXPECT_TRUE(std::holds_alternative<wp::Bye>(w.frames.back()));
    expectNonDecreasing(w.records());
}

TEST(ProcessWorker, RecordsArriveWhileTheTaskIsStillRunning)
{
    // Live view: a record made inside a task reaches the parent within milliseconds, not when
    // the task ends. Here the idle pool worker's ticker is asleep when the chunk arrives.
    WorkerUnderTest w(ioWorker(ProcessWorkerOptions::Mode::Pool, 10'000'000'000));
    ASSERT_TRUE(w.readUntil([](const wp::Message& m) { return std::holds_alternative<wp::Ready>(m); }));
    std::this_thread::sleep_for(20ms); // let the ticker settle into its idle sleep
    w.send(wp::Chunk{0, {1}});
    const auto sent = std::chrono::steady_clock::now();
    ASSERT_TRUE(w.readUntil(
        [](const wp::Message& m) {
            const auto* r = std::get_if<wp::Record>(&m);
            return r && r->change.state == State::BlockedIo;
        },
        5s));
    EXPECT_LT(std::chrono::steady_clock::now() - sent, 5s);
    w.child.terminate();
    w.readToEnd();
    w.child.reap();
}

TEST(ProcessWorker, SigtermCancelsTheTaskAndEndsTheLane)
{
    WorkerUnderTest w(ioWorker(ProcessWorkerOptions::Mode::Single, 10'000'000'000));
    ASSERT_TRUE(w.readUntil([](const wp::Message& m) {
        const auto* r = std::get_if<wp::Record>(&m);
        return r && r->change.state == State::BlockedIo;
    }));
    const auto start = std::chrono::steady_clock::now();
    w.child.terminate();
    w.readToEnd();
    ASSERT_TRUE(w.child.waitFor(5s));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_EQ(w.child.status().kind, ChildStatus::Kind::Exited);
    EXPECT_EQ(w.child.status().exitCode, wp::kExitCancelled);
    EXPECT_EQ(w.records().back().state, State::Stopped);
    EXPECT_EQ(w.records().back().detail, kEndCancelled);
}

TEST(ProcessWorker, SigtermWhileIdleInThePool)
{
    WorkerUnderTest w(ioWorker(ProcessWorkerOptions::Mode::Pool, 1'000'000));
    ASSERT_TRUE(w.readUntil([](const wp::Message& m) { return std::holds_alternative<wp::Ready>(m); }));
    w.child.terminate();
    w.readToEnd();
    ASSERT_TRUE(w.child.waitFor(5s));
    EXPECT_EQ(w.child.status().exitCode, wp::kExitCancelled);
    EXPECT_EQ(w.records().back().state, State::Stopped);
}

TEST(ProcessWorker, ExitsWhenTheParentClosesItsPipes)
{
    WorkerUnderTest w(ioWorker(ProcessWorkerOptions::Mode::Pool, 1'000'000));
    w.child.closeChannel(0); // nobody reads the records any more
    w.child.closeChannel(2); // and the task queue is gone
    ASSERT_TRUE(w.child.waitFor(10s));
    EXPECT_EQ(w.child.status().kind, ChildStatus::Kind::Exited);
    EXPECT_EQ(w.child.status().exitCode, wp::kExitPipeClosed);
}

TEST(ProcessWorker, GarbageOnTheCommandChannelIsAnError)
{
    WorkerUnderTest w(ioWorker(ProcessWorkerOptions::Mode::Pool, 1'000'000));
    ASSERT_TRUE(w.readUntil([](const wp::Message& m) { return std::holds_alternative<wp::Ready>(m); }));
    const std::string junk = "this is not a frame";
    ASSERT_TRUE(w.child.writeAll(2, junk.data(), junk.size()));
    w.readToEnd();
    w.child.reap();
    EXPECT_EQ(w.child.status().exitCode, wp::kExitError);
    EXPECT_NE(w.stderrText.find("bad command stream"), std::string::npos) << w.stderrText;
    EXPECT_EQ(w.records().back().state, State::Failed);
    EXPECT_EQ(w.records().back().detail, kEndError);
}

TEST(ProcessWorker, BadArgumentsExitWithUsage)
{
    WorkerUnderTest w(ioWorker(ProcessWorkerOptions::Mode::Single, 1), {"--bogus", "1"});
    w.readToEnd();
    w.child.reap();
    EXPECT_EQ(w.child.status().exitCode, wp::kExitUsage);
    EXPECT_NE(w.stderrText.find("--bogus"), std::string::npos) << w.stderrText;
    EXPECT_TRUE(w.frames.empty());
}

} // namespace
} // namespace interleave
