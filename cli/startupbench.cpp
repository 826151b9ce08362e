#include "cli/startupbench.h"

#include "cli/commandline.h"
#include "engine/child_process.h"
#include "trace/clock.h"

#include <nlohmann/json.hpp>

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

// The marks in the order start-up passes them; "exec" is the parent's time before spawning.
const char* const kStartupMarks[] = {"main", "application", "window-built", "shown", "first-frame"};
// With --run, after those: Run pressed, and the timeline's first frame with the run's lanes.
const char* const kRunMarks[] = {"run-pressed", "run-first-frame"};

std::string selfPath()
{
    std::error_code error;
    const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::string() : path.string();
}

double medianOf(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// One start: ms from exec to each mark the child printed; empty when it failed.
std::map<std::string, double> startOnce(
    const std::string& program, const std::string& settingsDir, bool run, std::string& error)
{
    SpawnOptions spawn;
    spawn.path = program;
    spawn.channels.push_back({2, ChildChannel::Direction::FromChild});
    spawn.extraEnvironment = {std::string("INTERLEAVE_STARTUP_MARKS=") + (run ? "run" : "quit"), "QT_QPA_PLATFORM=offscreen",
        "XDG_CONFIG_HOME=" + settingsDir, "QT_LOGGING_RULES=*.debug=false;qt.qpa.*=false"};
    const TimeNs exec = nowNs();
    ChildProcess child = ChildProcess::spawn(spawn);
    // The pipe is non-blocking: wait for it, until end of file (the child quit or died) or
    // half a minute without a word.
    std::string text;
    char buffer[4096];
    pollfd waitFor {child.channelFd(0), POLLIN, 0};
    while (::poll(&waitFor, 1, 30'000) > 0) {
        const ssize_t n = ::read(waitFor.fd, buffer, sizeof buffer);
        if (n > 0)
            text.append(buffer, static_cast<std::size_t>(n));
        else if (n == 0 || (errno != EINTR && errno != EAGAIN))
            break;
    }
    if (!child.waitFor(std::chrono::seconds(30)))
        child.terminateAndReap(std::chrono::milliseconds(500));
    std::map<std::string, double> marks;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string tag;
        std::string mark;
        long long ns = 0;
        if (words >> tag >> mark >> ns && tag == "interleave-startup")
            marks[mark] = static_cast<double>(ns - exec) / 1e6;
    }
    if (!marks.contains("first-frame") || (run && !marks.contains("run-first-frame"))) {
        error = std::string(marks.contains("first-frame") ? "the run never painted" : "the window never painted")
            + " (" + child.status().describe() + ")";
        if (!text.empty())
            error += ": " + text.substr(0, 400);
        marks.clear();
    }
    return marks;
}

// Per start: from pressing Run to the run's first frame.
std::vector<double> runFirstFrame(std::map<std::string, std::vector<double>>& samples)
{
    std::vector<double> after;
    const std::vector<double>& pressed = samples["run-pressed"];
    const std::vector<double>& painted = samples["run-first-frame"];
    for (std::size_t i = 0; i < std::min(pressed.size(), painted.size()); ++i)
        after.push_back(painted[i] - pressed[i]);
    return after;
}

} // namespace

int runStartupBench(const StartupBenchOptions& options, CommandIo& io)
{
    const std::string program = selfPath();
    if (program.empty()) {
        io.err << "interleave bench startup: cannot find this program (/proc/self/exe)" << std::endl;
        return kExitFailure;
    }
    // Fresh settings for every start: a saved layout or theme would make runs differ.
    std::string settingsDir = std::filesystem::temp_directory_path() / "interleave-startup-XXXXXX";
    if (::mkdtemp(settingsDir.data()) == nullptr) {
        io.err << "interleave bench startup: cannot create a settings folder in /tmp" << std::endl;
        return kExitFailure;
    }
    std::map<std::string, std::vector<double>> samples;
    std::string error;
    for (int run = 0; run < options.runs; ++run) {
        std::filesystem::remove_all(std::filesystem::path(settingsDir) / "Interleave");
        std::map<std::string, double> marks;
        try {
            marks = startOnce(program, settingsDir, options.run, error);
        } catch (const std::exception& e) {
            error = e.what();
        }
        if (marks.empty()) {
            std::filesystem::remove_all(settingsDir);
            io.err << "interleave bench startup: " << error << std::endl;
            return kExitFailure;
        }
        for (const auto& [mark, ms] : marks)
            samples[mark].push_back(ms);
    }
    std::filesystem::remove_all(settingsDir);

    std::ostream& out = io.out;
    out << std::fixed << std::setprecision(1);
    if (options.json) {
        nlohmann::json marks = nlohmann::json::object();
        for (const char* mark : kStartupMarks)
            marks[mark] = std::round(medianOf(samples[mark]) * 10) / 10;
        nlohmann::json runs = nlohmann::json::array();
        for (double ms : samples["first-frame"])
            runs.push_back(std::round(ms * 10) / 10);
        nlohmann::json report {{"runs", options.runs}, {"first_frame_ms", marks["first-frame"]},
            {"first_frame_runs_ms", runs}, {"marks_ms", marks}};
        if (options.run) {
            for (const char* mark : kRunMarks)
                report["marks_ms"][mark] = std::round(medianOf(samples[mark]) * 10) / 10;
            report["run_first_frame_ms"] = std::round(medianOf(runFirstFrame(samples)) * 10) / 10;
        }
        out << report.dump(2) << "\n";
    } else {
        out << "Start-up, exec to the window's first painted frame (offscreen), median of " << options.runs
            << ": " << medianOf(samples["first-frame"]) << " ms\n";
        const auto [low, high] = std::minmax_element(samples["first-frame"].begin(), samples["first-frame"].end());
        out << "  runs from " << *low << " to " << *high << " ms; on the way (medians, ms since exec):\n";
        for (const char* mark : kStartupMarks)
            out << "    " << std::left << std::setw(16) << mark << std::right << std::setw(8)
                << medianOf(samples[mark]) << "\n";
        if (options.run) {
            for (const char* mark : kRunMarks)
                out << "    " << std::left << std::setw(16) << mark << std::right << std::setw(8)
                    << medianOf(samples[mark]) << "\n";
            const std::vector<double> after = runFirstFrame(samples);
            const auto [lo, hi] = std::minmax_element(after.begin(), after.end());
            out << "First frame of a run, from pressing Run (the default experiment), median of " << options.runs
                << ": " << medianOf(after) << " ms (runs from " << *lo << " to " << *hi << " ms)\n";
        }
    }
    out.flush();
    return kExitOk;
}

} // namespace interleave::cli
