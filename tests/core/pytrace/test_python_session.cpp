// The live session a window drives: the trace grows while the program runs, its output is
// captured, its error found, and a stop ends every process it started.

#include "python_test_support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>
#include <vector>

namespace interleave::pytrace {
namespace {

using namespace testsupport;

PythonTraceOptions optionsFor(const std::string& script)
{
    PythonTraceOptions o = traceOptions(script);
    o.captureOutput = true;
    return o;
}

// Polls like a window's timer would, until the session has finished (or a minute passed).
void waitFor(const PythonSession& session)
{
    for (int i = 0; i < 6000 && !session.finished(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(session.finished());
}

std::string allOutput(const PythonSession& session)
{
    std::string text;
    std::uint64_t at = 0;
    while (true) {
        const OutputLog::Read read = session.output(at);
        if (read.pieces.empty())
            return text;
        for (const OutputLog::Piece& p : read.pieces)
            text += p.text;
        at = read.next;
    }
}

TEST(PythonSession, CallsCostNoteNamesTheHookEachVersionUses)
{
    EXPECT_NE(callsCostNote("3.11.2").find("sys.setprofile"), std::string::npos);
    EXPECT_NE(callsCostNote("3.11.2").find("4.5x"), std::string::npos);
    EXPECT_NE(callsCostNote("3.12.1").find("sys.monitoring"), std::string::npos);
    EXPECT_NE(callsCostNote("3.13.0").find("sys.monitoring"), std::string::npos);
    EXPECT_NE(callsCostNote("3.9.18").find("sys.setprofile"), std::string::npos);
}

TEST(PythonSession, TheTraceGrowsWhileTheProgramRuns)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("grows.py", R"(import threading, time
t = threading.Thread(target=time.sleep, args=(0.6,), name="napper")
t.start()
t.join()
)");
    PythonSession session(optionsFor(script));
    session.start();
    bool seenLive = false;
    std::uint64_t generations = 0;
    std::uint64_t last = 0;
    while (!session.finished()) {
        const std::uint64_t g = session.traceGeneration();
        if (g != last) {
            ++generations;
            last = g;
            const Trace t = session.trace();
            seenLive = seenLive || (hasLane(t, "napper") && !session.finished());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(seenLive) << "the thread's lane was shown before the program ended";
    EXPECT_GT(generations, 3u) << "snapshots every " << PythonSession::kSnapshotPeriod.count() << " ms or so";
    const PythonTraceResult r = session.result();
    EXPECT_EQ(r.outcome, PythonTraceResult::Outcome::Finished);
    EXPECT_TRUE(r.status.succeeded());
    EXPECT_TRUE(hasLane(session.trace(), "napper"));
    EXPECT_EQ(session.trace().laneCount(), r.trace.laneCount()) << "the last trace is the result's";
}

TEST(PythonSession, OutputIsCapturedAndATracebackPointsAtItsLine)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("fails.py", R"(import sys
print("hello from stdout")
print("a warning", file=sys.stderr)

def divide():
    return 1 / 0

divide()
)");
    PythonSession session(optionsFor(script));
    session.start();
    waitFor(session);
    const std::string output = allOutput(session);
    EXPECT_NE(output.find("hello from stdout"), std::string::npos) << output;
    EXPECT_NE(output.find("a warning"), std::string::npos) << output;
    EXPECT_NE(output.find("ZeroDivisionError"), std::string::npos) << output;

    const PythonTraceResult r = session.result();
    EXPECT_EQ(r.status.kind, ChildStatus::Kind::Exited);
    EXPECT_EQ(r.status.exitCode, 1);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->message, "ZeroDivisionError: division by zero");
    EXPECT_EQ(r.error->scriptLine, 6);
    EXPECT_EQ(describeOutcome(r, "fails.py").rfind("Exited with status 1 after ", 0), 0u);
    EXPECT_NE(describeOutcome(r, "fails.py").find("ZeroDivisionError: division by zero (line 6)."), std::string::npos)
        << describeOutcome(r, "fails.py");
    // The main thread is the process lane: it ends Failed.
    const Trace& t = r.trace;
    ASSERT_GT(t.laneCount(), 0u);
    EXPECT_EQ(t.span(0, t.spanCount(0) - 1).state, State::Failed);
}

TEST(PythonSession, AFailingThreadIsNamedAndItsLaneFails)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("thread_fails.py", R"(import threading

def work():
    raise ValueError("bad input")

t = threading.Thread(target=work, name="worker")
t.start()
t.join()
)");
    PythonSession session(optionsFor(script));
    session.start();
    waitFor(session);
    const PythonTraceResult r = session.result();
    EXPECT_TRUE(r.status.succeeded()) << "an exception in a thread does not end the program";
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->thread, "worker");
    EXPECT_EQ(r.error->scriptLine, 4);
    EXPECT_NE(describeOutcome(r, "thread_fails.py").find("thread worker failed: ValueError: bad input (line 4)"),
              std::string::npos);
    const Trace& t = r.trace;
    bool failed = false;
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        const auto id = static_cast<LaneId>(i);
        if (t.lane(id).name == "worker")
            failed = t.span(id, t.spanCount(id) - 1).state == State::Failed;
    }
    EXPECT_TRUE(failed);
}

TEST(PythonSession, ASyntaxErrorIsOneSentenceWithItsLine)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("bad_syntax.py", "x = 1\ndef f(:\n    pass\n");
    PythonSession session(optionsFor(script));
    session.start();
    waitFor(session);
    const PythonTraceResult r = session.result();
    ASSERT_TRUE(r.error);
    EXPECT_TRUE(r.error->syntax);
    EXPECT_EQ(r.error->scriptLine, 2);
    EXPECT_EQ(describeOutcome(r, "bad_syntax.py"),
              "bad_syntax.py did not run: line 2 has an error: SyntaxError: invalid syntax.");
}

TEST(PythonSession, AMissingPythonIsOneSentence)
{
    PythonTraceOptions o = optionsFor("whatever.py");
    o.python = "no-such-python3";
    PythonSession session(o);
    session.start();
    waitFor(session);
    const PythonTraceResult r = session.result();
    EXPECT_EQ(r.outcome, PythonTraceResult::Outcome::PythonMissing);
    EXPECT_EQ(describeOutcome(r, "whatever.py"),
              "No-such-python3 was not found on PATH; install it or name one with --python.");
}

TEST(PythonSession, AFloodOfOutputIsBounded)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("flood.py", R"(import sys
line = "x" * 99 + "\n"
for _ in range(50_000):
    sys.stdout.write(line)
print("the end")
)");
    PythonSession session(optionsFor(script));
    session.start();
    waitFor(session);
    EXPECT_TRUE(session.result().status.succeeded());
    const OutputLog::Read read = session.output(0);
    EXPECT_GT(read.cut, 0u) << "5 MB written, a read takes the newest " << PythonSession::kOutputReadLimit;
    std::string text;
    for (const OutputLog::Piece& p : read.pieces)
        text += p.text;
    EXPECT_LE(text.size(), PythonSession::kOutputReadLimit);
    EXPECT_NE(text.find("the end"), std::string::npos);
    EXPECT_EQ(read.cut + text.size(), 50'000u * 100 + 8);
}

// Alive and not a zombie waiting for init. Read with read(2): a process reaped between the
// open and the read fails the read (ESRCH), which a std::ifstream reports by throwing.
bool running(int pid)
{
    const std::string path = "/proc/" + std::to_string(pid) + "/stat";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buffer[1024];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n <= 0)
        return false;
    const std::string_view text(buffer, static_cast<std::size_t>(n));
    const std::size_t close = text.rfind(')');
    return close != std::string_view::npos && close + 2 < text.size() && text[close + 2] != 'Z';
}

TEST(PythonSession, StopEndsTheWholeProgramWithin200Ms)
{
    REQUIRE_PYTHON();
    // A script that never ends: a child process and a grandchild that both ignore SIGTERM, a
    // program started by subprocess, and itself, asleep.
    const std::string script = writeScript("forever.py", R"(import multiprocessing, signal, subprocess, sys, time

def stubborn():
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    grandchild = multiprocessing.Process(target=time.sleep, args=(1000,))
    grandchild.start()
    with open(sys.argv[1] + ".grandchild", "w") as f:
        f.write(str(grandchild.pid))
    time.sleep(1000)

if __name__ == "__main__":
    child = multiprocessing.Process(target=stubborn, name="stubborn")
    child.start()
    sleeper = subprocess.Popen(["sleep", "1000"])
    while True:
        try:
            with open(sys.argv[1] + ".grandchild") as f:
                grandchild = int(f.read())
            break
        except (OSError, ValueError):
            time.sleep(0.01)
    with open(sys.argv[1], "w") as f:
        f.write("%d %d %d %d" % (multiprocessing.current_process().pid, child.pid, grandchild, sleeper.pid))
    time.sleep(1000)
)");
    const std::string pidsFile = ::testing::TempDir() + "/forever.pids";
    std::remove(pidsFile.c_str());
    std::remove((pidsFile + ".grandchild").c_str());
    PythonTraceOptions o = optionsFor(script);
    o.args = {pidsFile};
    PythonSession session(o);
    session.start();
    std::vector<int> pids;
    for (int i = 0; i < 3000 && pids.size() < 4; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        std::ifstream in(pidsFile);
        pids.clear();
        for (int pid = 0; in >> pid;)
            pids.push_back(pid);
    }
    ASSERT_EQ(pids.size(), 4u) << "the script did not start its children";
    for (int pid : pids)
        ASSERT_TRUE(running(pid)) << pid;

    const auto stopAt = std::chrono::steady_clock::now();
    session.requestStop();
    std::vector<int> left = pids;
    while (!left.empty() && std::chrono::steady_clock::now() - stopAt < std::chrono::seconds(5)) {
        std::erase_if(left, [](int pid) { return !running(pid); });
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stopAt);
    RecordProperty("stop_ms", static_cast<int>(took.count()));
    EXPECT_TRUE(left.empty()) << left.size() << " processes outlived the stop";
    EXPECT_LE(took.count(), 200) << "every process ended " << took.count() << " ms after the stop";
    waitFor(session);
    EXPECT_EQ(session.result().outcome, PythonTraceResult::Outcome::Stopped);
    EXPECT_EQ(describeOutcome(session.result(), "forever.py").rfind("Stopped after ", 0), 0u);
}

} // namespace
} // namespace interleave::pytrace
