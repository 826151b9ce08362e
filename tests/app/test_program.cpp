// The interleave program itself, run as a child process: what it does with the environment it
// is started in (a stale DISPLAY, a QT_QPA_PLATFORM without a display), the exit statuses of
// signals, and a system that refuses threads. Every child gets its DISPLAY, WAYLAND_DISPLAY
// and QT_QPA_PLATFORM set explicitly, so these tests pass whether or not the machine that runs
// them has a display.

#include "engine/child_process.h"
#include "../scratch_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <poll.h>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace interleave {
namespace {

using namespace std::chrono_literals;

struct ProgramOutcome {
    ChildStatus status;
    std::string out;
    std::string err;
};

// An X server display number that no server listens on (checked by programNoServerOn).
constexpr const char* kProgramStaleDisplay = ":97";

bool programNoServerOn97()
{
    return !std::filesystem::exists("/tmp/.X11-unix/X97");
}

// Environment for a child: DISPLAY and the rest as given, empty meaning "not set" (Qt and the
// program treat an empty value as unset).
std::vector<std::string> programEnvironment(const std::string& display, const std::string& platform)
{
    return {"DISPLAY=" + display, "WAYLAND_DISPLAY=", "QT_QPA_PLATFORM=" + platform};
}

void programDrain(ChildProcess& child, std::size_t channel, std::string& into)
{
    const int fd = child.channelFd(channel);
    if (fd < 0)
        return;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            into.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0)
            child.closeChannel(channel);
        return;
    }
}

// Starts path with args, optionally calls `meanwhile` with the running child, and collects its
// output and exit; a child still running after `limit` is killed (and the test fails).
ProgramOutcome programRun(const std::string& path, const std::vector<std::string>& args,
                          const std::vector<std::string>& environment, std::chrono::milliseconds limit = 60s,
                          const std::function<void(ChildProcess&)>& meanwhile = {})
{
    SpawnOptions options;
    options.path = path;
    options.args = args;
    options.channels = {{1, ChildChannel::Direction::FromChild}, {2, ChildChannel::Direction::FromChild}};
    options.extraEnvironment = environment;
    ChildProcess child = ChildProcess::spawn(options);
    ProgramOutcome outcome;
    if (meanwhile)
        meanwhile(child);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (child.channelFd(0) >= 0 || child.channelFd(1) >= 0) {
        std::vector<pollfd> fds;
        for (std::size_t i = 0; i < 2; ++i) {
            if (child.channelFd(i) >= 0)
                fds.push_back({child.channelFd(i), POLLIN, 0});
        }
        ::poll(fds.data(), fds.size(), 100);
        programDrain(child, 0, outcome.out);
        programDrain(child, 1, outcome.err);
        if (std::chrono::steady_clock::now() > deadline) {
            ADD_FAILURE() << path << " still running after " << limit.count() << " ms";
            child.kill();
            break;
        }
    }
    child.reap();
    outcome.status = child.status();
    return outcome;
}

ProgramOutcome programInterleave(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                 std::chrono::milliseconds limit = 60s,
                                 const std::function<void(ChildProcess&)>& meanwhile = {})
{
    return programRun(INTERLEAVE_APP_PATH, args, environment, limit, meanwhile);
}

// The line the README quotes for a window without a display.
std::string programReadmeNoDisplayLine()
{
    std::ifstream readme(INTERLEAVE_README_PATH);
    std::string line;
    while (std::getline(readme, line)) {
        if (line.starts_with("interleave: no display"))
            return line;
    }
    return {};
}

std::string programDescribe(const ProgramOutcome& o)
{
    return o.status.describe() + "\nstdout: " + o.out + "\nstderr: " + o.err;
}

int programThreadCount(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("Threads:"))
            return std::stoi(line.substr(8));
    }
    return 0;
}

bool programHasChild(pid_t pid)
{
    std::ifstream children("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    std::string text;
    std::getline(children, text);
    return !text.empty();
}

bool programWaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition())
            return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

class ProgramDisplay : public ::testing::TestWithParam<std::vector<std::string>> {};

// The window with a display it cannot reach: one line, exit status 1, no SIGABRT.
TEST_P(ProgramDisplay, TheWindowWithoutAUsableDisplayIsOneLineAndExit1)
{
    if (!programNoServerOn97())
        GTEST_SKIP() << "an X server listens on :97";
    const std::string line = programReadmeNoDisplayLine();
    ASSERT_FALSE(line.empty()) << "the README quotes the line";
    const std::vector<std::string> env = GetParam();
    std::vector<std::vector<std::string>> commands{{}};
    // With no display named at all, 'open' prints the trace's summary instead (its --help says
    // so); with one named that cannot be reached, it is the window's line.
    const bool displayNamed = env[0] != "DISPLAY=" || env[2] != "QT_QPA_PLATFORM=";
    if (displayNamed)
        commands.push_back({"open", "/nonexistent/run.json"});
    for (const std::vector<std::string>& args : commands) {
        const ProgramOutcome o = programInterleave(args, env, 30s);
        EXPECT_EQ(o.status.kind, ChildStatus::Kind::Exited) << programDescribe(o);
        EXPECT_EQ(o.status.exitCode, 1) << programDescribe(o);
        EXPECT_EQ(o.err, line + "\n") << programDescribe(o);
        EXPECT_EQ(o.out, "");
    }
}

INSTANTIATE_TEST_SUITE_P(Environments, ProgramDisplay,
                         ::testing::Values(programEnvironment(kProgramStaleDisplay, ""),
                                           programEnvironment("", "xcb"), programEnvironment("", "wayland"),
                                           programEnvironment(kProgramStaleDisplay, "xcb"),
                                           programEnvironment("", "")));

class ProgramOffscreen : public ::testing::TestWithParam<std::vector<std::string>> {};

// The commands that draw choose the offscreen platform themselves.
TEST_P(ProgramOffscreen, ScreenshotAndTourDrawWhateverTheEnvironmentSays)
{
    // In this process's scratch folder, gone when it ends. The case's name has a slash
    // ("...EnvironmentSays/0"): named after it under the temporary folder, the case removed
    // its own folder and left the one above it, empty, after every run.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    const std::filesystem::path dir = testing_scratch::scratchPath("program-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string png = (dir / "shot.png").string();
    const std::vector<std::string> env = GetParam();

    const ProgramOutcome shot = programInterleave(
        {"screenshot", "-o", png, "--model", "sequential", "--workload", "io", "--tasks", "2", "--latency-ms", "5",
         "--size", "400x300"},
        env);
    EXPECT_TRUE(shot.status.succeeded()) << programDescribe(shot);
    EXPECT_TRUE(std::filesystem::exists(png));

    const ProgramOutcome tour = programInterleave(
        // One run per model in its comparison: the platform is what is tested, not the spread.
        {"tour", "--out", (dir / "tour").string(), "--lesson", "08-race-condition", "--size", "400x300",
            "--repeat", "1"},
        env, 120s);
    EXPECT_TRUE(tour.status.succeeded()) << programDescribe(tour);
    EXPECT_FALSE(std::filesystem::is_empty(dir / "tour"));
    std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Environments, ProgramOffscreen,
                         ::testing::Values(programEnvironment(kProgramStaleDisplay, ""),
                                           programEnvironment("", "xcb"), programEnvironment("", "wayland")));

struct ProgramSignalCase {
    int signal;
    int expectedStatus;
};

class ProgramSignals : public ::testing::TestWithParam<ProgramSignalCase> {};

// Ctrl+C and SIGTERM stop a run cleanly and exit as a shell reports a command the signal
// ended: 128 + the signal.
TEST_P(ProgramSignals, RunAndCompareExitWith128PlusTheSignal)
{
    const ProgramSignalCase c = GetParam();
    const std::vector<std::vector<std::string>> commands{
        {"run", "--model", "threads", "--workload", "io", "--tasks", "2", "--latency-ms", "30000"},
        {"compare", "--models", "threads", "--workload", "io", "--tasks", "2", "--latency-ms", "30000"},
    };
    for (const std::vector<std::string>& args : commands) {
        const auto start = std::chrono::steady_clock::now();
        const ProgramOutcome o = programInterleave(args, programEnvironment("", ""), 30s, [&](ChildProcess& child) {
            // The handler is in place once the thread that watches for it runs.
            // (No thread is started before it: these commands measure nothing first.)
            ASSERT_TRUE(programWaitFor([&] { return programThreadCount(child.pid()) >= 2; }, 20s));
            std::this_thread::sleep_for(100ms);
            child.sendSignal(c.signal);
        });
        EXPECT_EQ(o.status.kind, ChildStatus::Kind::Exited) << args[0] << ": " << programDescribe(o);
        EXPECT_EQ(o.status.exitCode, c.expectedStatus) << args[0] << ": " << programDescribe(o);
        EXPECT_LT(std::chrono::steady_clock::now() - start, 25s) << args[0];
    }
}

TEST_P(ProgramSignals, TraceExitsWith128PlusTheSignal)
{
    if (!std::filesystem::exists("/usr/bin/python3"))
        GTEST_SKIP() << "no /usr/bin/python3";
    const ProgramSignalCase c = GetParam();
    const std::filesystem::path script = std::filesystem::temp_directory_path()
        / ("interleave-program-sleep-" + std::to_string(::getpid()) + ".py");
    {
        std::ofstream file(script);
        file << "import time\ntime.sleep(30)\n";
    }
    const ProgramOutcome o = programInterleave(
        {"trace", "--python", "/usr/bin/python3", script.string()}, programEnvironment("", ""), 40s,
        [&](ChildProcess& child) {
            ASSERT_TRUE(programWaitFor([&] { return programHasChild(child.pid()); }, 20s));
            std::this_thread::sleep_for(300ms);
            child.sendSignal(c.signal);
        });
    std::filesystem::remove(script);
    EXPECT_EQ(o.status.kind, ChildStatus::Kind::Exited) << programDescribe(o);
    EXPECT_EQ(o.status.exitCode, c.expectedStatus) << programDescribe(o);
}

INSTANTIATE_TEST_SUITE_P(Signals, ProgramSignals,
                         ::testing::Values(ProgramSignalCase{SIGINT, 130}, ProgramSignalCase{SIGTERM, 143}));

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kProgramUnderSanitizer = true;
#else
constexpr bool kProgramUnderSanitizer = false;
#endif

// A system that refuses threads (here: too little address space for their stacks) gets a
// sentence naming the thread, and exit status 1; never std::terminate's SIGABRT.
TEST(ProgramLimits, ThreadsTheSystemRefusesAreOneLineNotAnAbort)
{
    if (kProgramUnderSanitizer)
        GTEST_SKIP() << "sanitizers reserve more address space than the limit leaves";
    const std::string command = std::string("ulimit -v 300000 && exec '") + INTERLEAVE_APP_PATH
        + "' run --model threads --workload io --tasks 1000 --latency-ms 100";
    const ProgramOutcome o = programRun("/bin/sh", {"-c", command}, programEnvironment("", ""));
    EXPECT_EQ(o.status.kind, ChildStatus::Kind::Exited) << programDescribe(o);
    EXPECT_EQ(o.status.exitCode, 1) << programDescribe(o);
    EXPECT_NE(o.err.find("cannot start thread Thread-"), std::string::npos) << programDescribe(o);
}

} // namespace
} // namespace interleave
