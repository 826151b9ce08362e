// The program's output options as a user meets them: the real executable run as a child,
// its standard streams read through pipes, signals sent to it while it writes.

#include "trace/chrome_trace.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace interleave {
namespace {

namespace fs = std::filesystem;
using OutputsClock = std::chrono::steady_clock;

struct OutputsChild {
    pid_t pid = -1;
    int outFd = -1;
    int errFd = -1;
};

// Starts `interleave args...` with stdout and stderr on pipes (stdin: /dev/null).
OutputsChild outputsSpawn(const std::vector<std::string>& args)
{
    int out[2];
    int err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
        return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    std::vector<std::string> all {INTERLEAVE_APP_PATH};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    OutputsChild child;
    const int spawned
        = ::posix_spawn(&child.pid, INTERLEAVE_APP_PATH, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    if (spawned != 0) {
        ::close(out[0]);
        ::close(err[0]);
        return {};
    }
    child.outFd = out[0];
    child.errFd = err[0];
    return child;
}

std::string outputsReadAll(int fd)
{
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

int outputsWait(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct OutputsResult {
    int status = -1;
    std::string out;
    std::string err;
    double seconds = 0;
};

OutputsResult outputsRun(const std::vector<std::string>& args)
{
    const auto begin = OutputsClock::now();
    OutputsChild child = outputsSpawn(args);
    EXPECT_GT(child.pid, 0);
    if (child.pid <= 0)
        return {};
    OutputsResult r;
    std::thread errReader([&] { r.err = outputsReadAll(child.errFd); });
    r.out = outputsReadAll(child.outFd);
    errReader.join();
    r.status = outputsWait(child.pid);
    r.seconds = std::chrono::duration<double>(OutputsClock::now() - begin).count();
    return r;
}

class OutputsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("interleave_outputs_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::vector<std::string> entries() const
    {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(m_dir))
            names.push_back(entry.path().filename().string());
        return names;
    }

    fs::path m_dir;
};

const std::vector<std::string> kOutputsQuickRun {
    "run", "--model", "threads", "--workload", "io", "--tasks", "3", "--latency-ms", "5"};

std::vector<std::string> outputsWith(std::vector<std::string> args, const std::vector<std::string>& more)
{
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

TEST_F(OutputsTest, TraceDashWritesTheTraceToStandardOutputAndTheSummaryToStderr)
{
    const OutputsResult r = outputsRun(outputsWith(kOutputsQuickRun, {"--trace", "-"}));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(fs::exists("-"));
    std::istringstream in(r.out);
    const Trace trace = readChromeTrace(in); // standard output is the trace and nothing else
    EXPECT_GE(trace.laneCount(), 3u);
    EXPECT_NE(r.err.find("threads"), std::string::npos) << r.err;
}

TEST_F(OutputsTest, TwoOutputsOnStandardOutputAreRefusedBeforeTheRun)
{
    const OutputsResult r = outputsRun(outputsWith(kOutputsQuickRun, {"--trace", "-", "--json"}));
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("both write to standard output"), std::string::npos) << r.err;
}

TEST_F(OutputsTest, AMissingFolderFailsBeforeTheRun)
{
    const std::string path = (m_dir / "missing" / "run.json").string();
    // A run that would take 20 s: failing at once shows it never started.
    const OutputsResult r = outputsRun({"run", "--model", "sequential", "--workload", "io", "--tasks", "4",
        "--latency-ms", "5000", "--trace", path});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_LT(r.seconds, 10.0) << "the run took place";
    EXPECT_EQ(r.out, "") << "a summary was printed, so the experiment ran";
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "missing"));
}

TEST_F(OutputsTest, ATraceThroughASymlinkWritesItsTargetAndKeepsTheLink)
{
    std::ofstream(m_dir / "real.json") << "old";
    fs::create_symlink("real.json", m_dir / "link.json");
    const OutputsResult r
        = outputsRun(outputsWith(kOutputsQuickRun, {"--trace", (m_dir / "link.json").string()}));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::is_symlink(m_dir / "link.json"));
    EXPECT_GE(loadChromeTrace((m_dir / "real.json").string()).laneCount(), 3u);
    EXPECT_EQ(entries().size(), 2u);
}

TEST_F(OutputsTest, ACsvIntoAFifoIsWrittenThrough)
{
    const fs::path fifo = m_dir / "results.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::string csv;
    std::thread reader([&] {
        std::ifstream in(fifo);
        csv.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    });
    const OutputsResult r = outputsRun({"compare", "--models", "threads", "--workload", "io", "--tasks", "2",
        "--latency-ms", "5", "--csv", fifo.string()});
    reader.join();
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(csv.rfind("experiment,", 0), 0u) << csv;
    struct stat info { };
    ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode));
}

// Spans in the trace the signal tests write: long enough a write to be inside it 50 ms after it
// began. Optimised, 5,000,000 spans take about a second to write; a sanitizer's build writes
// 1,000,000 in 0.9 s (ASan) to 5 s (TSan), and built 5,000,000 first for 9 s of the test's 10.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr const char* kOutputsSignalSpans = "1000000";
#else
constexpr const char* kOutputsSignalSpans = "5000000";
#endif

// Starts writing a large trace over an old file, signals the writer once its temporary file
// appears, and checks what is left.
void outputsInterruptWhileWriting(const fs::path& dir, int signal, int expectedStatus)
{
    const fs::path target = dir / "big.json";
    std::ofstream(target) << "old";
    OutputsChild child
        = outputsSpawn({"bench", "trace-write", "--spans", kOutputsSignalSpans, "--trace", target.string()});
    ASSERT_GT(child.pid, 0);
    std::string err;
    std::thread errReader([&] { err = outputsReadAll(child.errFd); });
    std::thread outReader([&] { outputsReadAll(child.outFd); });
    // Building the trace takes a while on a busy machine; the write begins with the temporary.
    bool writing = false;
    const auto deadline = OutputsClock::now() + std::chrono::seconds(120);
    while (!writing && OutputsClock::now() < deadline) {
        for (const auto& entry : fs::directory_iterator(dir))
            writing = writing || entry.path().filename().string().rfind(".big.json.", 0) == 0;
        if (!writing)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_TRUE(writing) << "the write never started";
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // well inside the write
    const auto signalled = OutputsClock::now();
    ::kill(child.pid, signal);
    const int status = outputsWait(child.pid);
    const double seconds = std::chrono::duration<double>(OutputsClock::now() - signalled).count();
    errReader.join();
    outReader.join();
    EXPECT_EQ(status, expectedStatus) << err;
    // The goal is 200 ms; a loaded machine gets a generous bound.
    EXPECT_LT(seconds, 2.0) << "took " << seconds << " s to stop";
    std::cerr << "[ stopped " << seconds * 1000 << " ms after the signal ]\n";
    EXPECT_NE(err.find("stopped while writing the trace"), std::string::npos) << err;
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(dir))
        left.push_back(entry.path().filename().string());
    EXPECT_EQ(left, std::vector<std::string> {"big.json"}) << "a temporary file was left";
    std::ifstream in(target);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()), "old");
}

TEST_F(OutputsTest, SigintWhileWritingATraceStopsAndRemovesThePartialFile)
{
    outputsInterruptWhileWriting(m_dir, SIGINT, 130);
}

TEST_F(OutputsTest, SigtermWhileWritingATraceStopsAndRemovesThePartialFile)
{
    outputsInterruptWhileWriting(m_dir, SIGTERM, 143);
}

} // namespace
} // namespace interleave

namespace interleave {
namespace {

// `bench startup --run`: the window starts offscreen, Run is pressed once it is painted, and
// the first frame of the run is timed from there.
TEST(StartupBench, TimesTheFirstFrameOfARunFromPressingRun)
{
    const OutputsResult r = outputsRun({"bench", "startup", "--run", "--runs", "1", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    const auto& marks = report.at("marks_ms");
    EXPECT_GT(marks.at("first-frame").get<double>(), 0);
    // Run is pressed once the window is painted, and its frame comes after.
    EXPECT_GE(marks.at("run-pressed").get<double>(), marks.at("first-frame").get<double>());
    EXPECT_GT(marks.at("run-first-frame").get<double>(), marks.at("run-pressed").get<double>());
    EXPECT_NEAR(report.at("run_first_frame_ms").get<double>(),
        marks.at("run-first-frame").get<double>() - marks.at("run-pressed").get<double>(), 0.11);
}

} // namespace
} // namespace interleave

namespace interleave {
namespace {

TEST(WindowBench, ReportsTheEventLoopsLongestWaitDuringAndAfterARun)
{
    const OutputsResult r = outputsRun(
        {"bench", "window", "--tasks", "8", "--latency-ms", "20", "--after-ms", "100", "--tab", "lanes", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    EXPECT_EQ(report.at("tasks").get<int>(), 8);
    EXPECT_EQ(report.at("lanes").get<int>(), 9); // the process and its eight threads
    EXPECT_GE(report.at("wall_ms").get<double>(), 20);
    EXPECT_GE(report.at("during_max_ms").get<double>(), report.at("during_p99_ms").get<double>());
    EXPECT_GE(report.at("after_max_ms").get<double>(), 0);
    EXPECT_TRUE(report.at("meets").is_boolean());
    // A configuration the engine refuses is refused before any window.
    EXPECT_EQ(outputsRun({"bench", "window", "--tasks", "10001"}).status, 2);
}

} // namespace
} // namespace interleave
