#include "cli/importbench.h"

#include "cli/commandline.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <ostream>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace interleave::cli {
namespace {

struct ImportMeasure {
    std::uint64_t inputBytes = 0;
    std::uint64_t peakKb = 0;
    int status = -1; // the child's exit status, -1 when it did not exit
    double seconds = 0;
};

using Generator = std::function<void(const std::function<void(const std::string&)>& send)>;

// Runs `interleave open --summary /dev/stdin` with the generated input on its stdin, and
// reads its peak resident size from wait4.
ImportMeasure measureImport(const Generator& generate)
{
    ImportMeasure m;
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return m;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[0], STDIN_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args {"interleave", "open", "--summary", "/dev/stdin"};
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const auto begin = std::chrono::steady_clock::now();
    const int spawned = ::posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[0]);
    if (spawned != 0) {
        ::close(pipeFds[1]);
        return m;
    }
    // The child may refuse the input early and close its end: stop writing then.
    const auto previous = std::signal(SIGPIPE, SIG_IGN);
    bool open = true;
    generate([&](const std::string& text) {
        std::size_t done = 0;
        while (open && done < text.size()) {
            const ssize_t n = ::write(pipeFds[1], text.data() + done, text.size() - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                open = false;
                break;
            }
            done += static_cast<std::size_t>(n);
        }
        m.inputBytes += text.size();
    });
    ::close(pipeFds[1]);
    int status = 0;
    rusage usage {};
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) { }
    std::signal(SIGPIPE, previous);
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    m.peakKb = static_cast<std::uint64_t>(usage.ru_maxrss);
    m.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m;
}

std::string event(int tid, int ts)
{
    return R"({"ph":"X","name":"Running","pid":1,"tid":)" + std::to_string(tid) + R"(,"ts":)"
        + std::to_string(ts) + R"(,"dur":1})";
}

// Many threads, one span each: what a trace of a huge thread pool (or a hostile file) is.
void manyLanes(int lanes, const std::function<void(const std::string&)>& send)
{
    std::string chunk = "{\"traceEvents\":[\n";
    for (int i = 0; i < lanes; ++i) {
        chunk += event(i + 2, i);
        chunk += i + 1 < lanes ? ",\n" : "\n";
        if (chunk.size() > 64 * 1024) {
            send(chunk);
            chunk.clear();
        }
    }
    chunk += "]}\n";
    send(chunk);
}

// Two events with megabytes of blank lines between them.
void muchWhitespace(int megabytes, const std::function<void(const std::string&)>& send)
{
    send("{\"traceEvents\":[" + event(2, 0) + ",");
    std::string blank(1024 * 1024, ' ');
    for (std::size_t i = 1023; i < blank.size(); i += 1024)
        blank[i] = '\n';
    for (int i = 0; i < megabytes; ++i)
        send(blank);
    send(event(2, 5) + "]}\n");
}

double mb(std::uint64_t bytes)
{
    return static_cast<double>(bytes) / 1e6;
}

} // namespace

int runImportBench(const ImportBenchOptions& options, CommandIo& io)
{
    struct Case {
        std::string name;
        ImportMeasure m;
    };
    std::vector<Case> cases;
    cases.push_back({"baseline (one event)", measureImport([](const auto& send) { manyLanes(1, send); })});
    cases.push_back({std::to_string(options.lanes) + " distinct thread ids",
        measureImport([&](const auto& send) { manyLanes(options.lanes, send); })});
    cases.push_back({std::to_string(options.whitespaceMb) + " MB of whitespace between two events",
        measureImport([&](const auto& send) { muchWhitespace(options.whitespaceMb, send); })});

    bool withinGoal = true;
    if (options.json)
        io.out << "{\"cases\": [";
    else
        io.out << "Trace import, peak memory of `interleave open --summary` (ru_maxrss of a child):\n";
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const double peakMb = static_cast<double>(c.m.peakKb) * 1024 / 1e6;
        const double goalMb = 4 * mb(c.m.inputBytes) + 50;
        withinGoal = withinGoal && peakMb <= goalMb;
        char line[320];
        if (options.json) {
            std::snprintf(line, sizeof line,
                "%s{\"case\": \"%s\", \"input_mb\": %.1f, \"peak_mb\": %.1f, \"goal_mb\": %.1f, "
                "\"exit_status\": %d, "
                "\"seconds\": %.2f}",
                i == 0 ? "" : ", ", c.name.c_str(), mb(c.m.inputBytes), peakMb, goalMb, c.m.status,
                c.m.seconds);
        } else {
            std::snprintf(line, sizeof line,
                "  %-44s input %8.1f MB  peak %7.1f MB  (goal <= %.1f MB)  exit %d%s  %.2f s\n",
                c.name.c_str(), mb(c.m.inputBytes), peakMb, goalMb, c.m.status,
                c.m.status == 0 ? " (read)" : " (refused)", c.m.seconds);
        }
        io.out << line;
    }
    if (options.json)
        io.out << "], \"within_goal\": " << (withinGoal ? "true" : "false") << "}\n";
    else
        io.out << (withinGoal ? "  every case within 4x its input plus 50 MB\n"
                              : "  SOME CASE ABOVE 4x ITS INPUT PLUS 50 MB\n");
    io.out.flush();
    return withinGoal ? kExitOk : kExitFailure;
}

} // namespace interleave::cli
