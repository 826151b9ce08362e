#include "engine/child_process.h"

#include "process_test_support.h"

#include <gtest/gtest.h>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unistd.h>

namespace interleave {
namespace {

using namespace std::chrono_literals;
using test::processGone;
using test::readToEnd;

SpawnOptions shell(const std::string& script)
{
    SpawnOptions o;
    o.path = "/bin/sh";
    o.args = {"-c", script};
    return o;
}

TEST(ChildProcess, TrueExitsWithZero)
{
    SpawnOptions o;
    o.path = "/bin/true";
    ChildProcess child = ChildProcess::spawn(o);
    ASSERT_TRUE(child.valid());
    const int pid = child.pid();
    EXPECT_GT(pid, 0);
    EXPECT_NE(pid, ::getpid());
    child.reap();
    ASSERT_TRUE(child.reaped());
    EXPECT_EQ(child.status().kind, ChildStatus::Kind::Exited);
    EXPECT_EQ(child.status().exitCode, 0);
    EXPECT_TRUE(child.status().succeeded());
    EXPECT_EQ(child.status().describe(), "exited with code 0");
    EXPECT_GT(child.status().reapedAt, 0);
    EXPECT_TRUE(processGone(pid));
}

TEST(ChildProcess, ExitCodeIsReported)
{
    ChildProcess child = ChildProcess::spawn(shell("exit 3"));
    EXPECT_TRUE(child.waitFor(10s));
    EXPECT_EQ(child.status().kind, ChildStatus::Kind::Exited);
    EXPECT_EQ(child.status().exitCode, 3);
    EXPECT_FALSE(child.status().succeeded());
    EXPECT_EQ(child.status().describe(), "exited with code 3");
}

TEST(ChildProcess, KilledSleeperIsDescribedAndReaped)
{
    SpawnOptions o;
    o.path = "/bin/sleep";
    o.args = {"10"};
    ChildProcess child = ChildProcess::spawn(o);
    const int pid = child.pid();
    EXPECT_FALSE(child.tryReap()) << "still sleeping";
    EXPECT_EQ(child.status().describe(), "is still running");
    EXPECT_TRUE(child.kill());
    child.reap();
    EXPECT_EQ(child.status().kind, ChildStatus::Kind::Signalled);
    EXPECT_EQ(child.status().signal, SIGKILL);
    EXPECT_EQ(child.status().describe(), "was killed by signal 9 (SIGKILL)");
    EXPECT_TRUE(processGone(pid));
    EXPECT_FALSE(child.terminate()) << "no signal once reaped: the pid may be someone else's";
}

TEST(ChildProcess, TerminateAndReapStopsAPoliteChild)
{
    SpawnOptions o;
    o.path = "/bin/sleep";
    o.args = {"10"};
    ChildProcess child = ChildProcess::spawn(o);
    const auto start = std::chrono::steady_clock::now();
    child.terminateAndReap(2s);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_EQ(child.status().kind, ChildStatus::Kind::Signalled);
    EXPECT_EQ(child.status().signal, SIGTERM);
    EXPECT_EQ(child.status().describe(), "was killed by signal 15 (SIGTERM)");
}

TEST(ChildProcess, TerminateEscalatesToKillAfterTheGrace)
{
    // The shell ignores SIGTERM, and so does sleep, which inherits the ignored disposition.
    ChildProcess child = ChildProcess::spawn(shell("trap '' TERM; exec sleep 10"));
    // Give the shell time to install the trap; a SIGTERM before that would just end it.
    std::this_thread::sleep_for(100ms);
    const int pid = child.pid();
    const auto start = std::chrono::steady_clock::now();
    child.terminateAndReap(100ms);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_GE(elapsed, 90ms);
    EXPECT_LT(elapsed, 5s);
    EXPECT_EQ(child.status().signal, SIGKILL);
    EXPECT_TRUE(processGone(pid));
}

TEST(ChildProcess, ReadsStdoutAndStderrChannels)
{
    SpawnOptions o = shell("echo hello; echo oops >&2");
    o.channels = {{1, ChildChannel::Direction::FromChild}, {2, ChildChannel::Direction::FromChild}};
    ChildProcess child = ChildProcess::spawn(o);
    EXPECT_EQ(readToEnd(child.channelFd(0)), "hello\n");
    EXPECT_EQ(readToEnd(child.channelFd(1)), "oops\n");
    child.reap();
    EXPECT_TRUE(child.status().succeeded());
}

TEST(ChildProcess, ChannelOnAnFdAboveStderr)
{
    SpawnOptions o = shell("echo three >&3");
    o.channels = {{3, ChildChannel::Direction::FromChild}};
    ChildProcess child = ChildProcess::spawn(o);
    EXPECT_EQ(readToEnd(child.channelFd(0)), "three\n");
    child.reap();
    EXPECT_TRUE(child.status().succeeded());
}

TEST(ChildProcess, WritesToTheChildsStdin)
{
    SpawnOptions o;
    o.path = "/bin/cat";
    o.channels = {{0, ChildChannel::Direction::ToChild}, {1, ChildChannel::Direction::FromChild}};
    ChildProcess child = ChildProcess::spawn(o);
    const std::string text = "ping\n";
    ASSERT_TRUE(child.writeAll(0, text.data(), text.size()));
    child.closeChannel(0); // end of file for cat
    EXPECT_EQ(child.channelFd(0), -1);
    EXPECT_EQ(readToEnd(child.channelFd(1)), text);
    child.reap();
    EXPECT_TRUE(child.status().succeeded());
}

TEST(ChildProcess, WritingToADeadChildFailsWithoutSigpipe)
{
    SpawnOptions o;
    o.path = "/bin/true";
    o.channels = {{0, ChildChannel::Direction::ToChild}};
    ChildProcess child = ChildProcess::spawn(o);
    child.reap();
    // The reader is gone: an error, not a SIGPIPE that would kill the test program.
    const std::string text(1 << 16, 'x');
    bool ok = true;
    for (int i = 0; i < 8 && ok; ++i)
        ok = child.writeAll(0, text.data(), text.size());
    EXPECT_FALSE(ok);
}

TEST(ChildProcess, StdinIsDevNullWithoutAChannel)
{
    SpawnOptions o;
    o.path = "/bin/cat"; // would block forever on an inherited terminal
    o.channels = {{1, ChildChannel::Direction::FromChild}};
    ChildProcess child = ChildProcess::spawn(o);
    EXPECT_EQ(readToEnd(child.channelFd(0)), "");
    EXPECT_TRUE(child.waitFor(10s));
    EXPECT_TRUE(child.status().succeeded());
}

TEST(ChildProcess, DescriptorsDoNotLeakIntoTheChild)
{
    // An fd opened without O_CLOEXEC, as some library might: the child must not get it.
    const int leaky = ::open("/dev/null", O_RDONLY);
    ASSERT_GE(leaky, 0);
    const std::string fd = "/proc/$$/fd/" + std::to_string(leaky);
    SpawnOptions o = shell("if [ -e " + fd + " ]; then echo leaked; else echo clean; fi");
    o.channels = {{1, ChildChannel::Direction::FromChild}};
    ChildProcess child = ChildProcess::spawn(o);
    EXPECT_EQ(readToEnd(child.channelFd(0)), "clean\n");
    child.reap();
    ::close(leaky);
}

TEST(ChildProcess, ChannelsOfOneChildDoNotReachAnother)
{
    // b is spawned while a's stdout pipe is open in the parent. If b inherited it, a's pipe
    // would not reach end of file until b exits.
    SpawnOptions oa = shell("echo a");
    oa.channels = {{1, ChildChannel::Direction::FromChild}};
    ChildProcess a = ChildProcess::spawn(oa);
    SpawnOptions ob;
    ob.path = "/bin/sleep";
    ob.args = {"10"};
    ChildProcess b = ChildProcess::spawn(ob);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(readToEnd(a.channelFd(0), 5s), "a\n");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
    b.kill();
}

TEST(ChildProcess, MissingExecutableThrowsNamingThePath)
{
    SpawnOptions o;
    o.path = "/nonexistent/interleave-worker";
    try {
        ChildProcess::spawn(o);
        FAIL() << "spawn succeeded";
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find(o.path), std::string::npos) << e.what();
        EXPECT_EQ(e.code().value(), ENOENT);
    }
}

TEST(ChildProcess, DestructorKillsAndReapsARunningChild)
{
    int pid = 0;
    {
        SpawnOptions o;
        o.path = "/bin/sleep";
        o.args = {"10"};
        ChildProcess child = ChildProcess::spawn(o);
        pid = child.pid();
        ASSERT_FALSE(processGone(pid)) << "our child, running";
    }
    EXPECT_TRUE(processGone(pid)) << "no zombie, no orphan";
}

TEST(ChildProcess, MoveTransfersOwnership)
{
    SpawnOptions o;
    o.path = "/bin/sleep";
    o.args = {"10"};
    ChildProcess a = ChildProcess::spawn(o);
    const int pid = a.pid();
    ChildProcess b = std::move(a);
    EXPECT_FALSE(a.valid()); // NOLINT(bugprone-use-after-move): moved-from state is specified
    EXPECT_EQ(b.pid(), pid);
    b = ChildProcess(); // the old child is killed and reaped by the assignment
    EXPECT_TRUE(processGone(pid));
}

TEST(ChildProcess, ExitFdBecomesReadableWhenTheChildExits)
{
    ChildProcess child = ChildProcess::spawn(shell("sleep 0.05"));
    if (child.exitFd() < 0)
        GTEST_SKIP() << "no pidfd on this kernel";
    pollfd p{child.exitFd(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 10'000), 1);
    EXPECT_TRUE(child.tryReap());
    EXPECT_EQ(child.exitFd(), -1) << "closed once reaped";
}

TEST(ChildProcess, PollingFallbackWithoutPidfd)
{
    SpawnOptions o = shell("sleep 0.05; exit 7");
    o.usePidfd = false;
    ChildProcess child = ChildProcess::spawn(o);
    EXPECT_EQ(child.exitFd(), -1);
    EXPECT_FALSE(child.waitFor(1ms));
    EXPECT_TRUE(child.waitFor(10s));
    EXPECT_EQ(child.status().exitCode, 7);
}

TEST(ChildProcess, CpuTimeComesFromRusage)
{
    ChildProcess child = ChildProcess::spawn(shell("i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"));
    child.reap();
    ASSERT_TRUE(child.status().succeeded());
    EXPECT_GT(child.status().cpuNs(), 1'000'000) << "a busy loop of the shell costs CPU";
}

TEST(ChildProcess, SignalsIgnoredByTheParentAreResetInTheChild)
{
    // A GUI ignores SIGPIPE; the child must start with the default disposition (and no
    // blocked signals), or SIGTERM could never stop it.
    auto previous = std::signal(SIGTERM, SIG_IGN);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigset_t old;
    pthread_sigmask(SIG_BLOCK, &block, &old);
    SpawnOptions o;
    o.path = "/bin/sleep";
    o.args = {"10"};
    ChildProcess child = ChildProcess::spawn(o);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    std::signal(SIGTERM, previous);
    child.terminate();
    EXPECT_TRUE(child.waitFor(5s));
    EXPECT_EQ(child.status().signal, SIGTERM);
}

} // namespace
} // namespace interleave
