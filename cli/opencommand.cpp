#include "cli/commandline.h"
#include "cli/commands.h"

#include "engine/run_fields.h"
#include "lab/wait_for_graph_at.h"
#include "teach/scenario.h"
#include "trace/chrome_trace.h"
#include "trace/duration_text.h"
#include "trace/trace.h"
#include "trace/trace_summary.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

namespace interleave::cli {
namespace {

struct OpenOptions {
    std::string path;
    bool summary = false;
};

// Whether a window can be shown: a display is named and Qt is not told to draw off-screen.
bool windowCanOpen()
{
    const auto value = [](const char* name) -> std::string_view {
        const char* v = std::getenv(name);
        return v != nullptr ? std::string_view(v) : std::string_view();
    };
    const std::string_view platform = value("QT_QPA_PLATFORM");
    if (!platform.empty())
        return !platform.starts_with("offscreen") && !platform.starts_with("minimal");
    return !value("DISPLAY").empty() || !value("WAYLAND_DISPLAY").empty();
}

// What a scenario file holds, a line a part: its title and sentence, then what it runs.
std::string formatScenarioSummary(const Scenario& scenario)
{
    std::string text = "Scenario: " + scenario.title + "\n";
    if (!scenario.description.empty())
        text += scenario.description + "\n";
    if (scenario.run) {
        text += "run: " + std::string(modelName(scenario.run->model)) + ", "
            + std::string(workloadName(scenario.run->workload)) + ", "
            + std::string(processStartName(scenario.run->processStart)) + " process start; " + runFieldsText(*scenario.run)
            + "\n";
    }
    if (scenario.lab) {
        text += "lab: " + scenario.lab->name;
        for (const auto& [name, value] : scenario.lab->parameters) {
            text += " " + name + "=";
            if (const bool* b = std::get_if<bool>(&value))
                text += *b ? "true" : "false";
            else if (const double* d = std::get_if<double>(&value))
                text += (std::ostringstream() << *d).str();
            else
                text += std::get<std::string>(value);
        }
        text += "\n";
    }
    if (scenario.python)
        text += "python: " + scenario.python->example + "\n";
    return text;
}

// What a lab run's lock log holds, and what its wait-for graph came to; empty without one.
std::string formatLockLogSummary(const Trace& trace)
{
    const LockLog& log = trace.lockLog();
    if (log.empty())
        return {};
    std::string text = "Lock log: " + std::to_string(log.threads.size()) + " threads, "
        + std::to_string(log.locks.size()) + " locks, " + std::to_string(log.events.size()) + " lock events; ";
    const std::optional<TimeNs> closed = firstCycleAt(log);
    if (!closed)
        return text + "no deadlock\n";
    const WaitForGraph graph = waitForGraphAt(log, *closed);
    const std::vector<std::string> nodes = cycleNodeNames(graph, *findWaitCycle(graph));
    text += "deadlocked " + durationText(*closed - trace.startTime()) + " after the start: ";
    for (const std::string& node : nodes)
        text += node + " -> ";
    return text + nodes.front() + "\n";
}

int openTrace(const OpenOptions& options, CommandIo& io)
{
    if (!options.summary && windowCanOpen()) {
        io.windowFile = options.path; // the window loads it and reports a bad file itself
        return kExitOk;
    }
    if (std::string_view(options.path).ends_with(".py")) {
        io.err << "interleave open: a Python script opens in the window (Python tab); without one, trace it "
                  "with 'interleave trace "
               << options.path << "'" << std::endl;
        return kExitUsage;
    }
    if (isScenarioFile(options.path)) {
        try {
            const Scenario scenario = loadScenario(options.path);
            io.out << formatScenarioSummary(scenario);
            io.out.flush();
        } catch (const ScenarioError& e) {
            io.err << "interleave open: " << options.path << ": " << e.what() << std::endl;
            return kExitFailure;
        }
        return kExitOk;
    }
    try {
        const Trace trace = loadChromeTrace(options.path);
        io.out << formatTraceSummary(trace) << formatLockLogSummary(trace);
        io.out.flush();
    } catch (const std::exception& e) {
        io.err << "interleave open: " << e.what() << std::endl;
        return kExitFailure;
    }
    return kExitOk;
}

} // namespace

Command addOpenCommand(CLI::App& parser)
{
    auto options = std::make_shared<OpenOptions>();
    CLI::App* open = parser.add_subcommand(
        "open", "Show a saved trace (Chrome Trace Event JSON) or a scenario file in the window, or a Python "
                "script in its Python tab; without a display, print the trace's or the scenario's summary");
    open->add_option("file", options->path, "The trace (e.g. one written by 'interleave run --trace'), a scenario file, or a .py script")
        ->required();
    open->add_flag("--summary", options->summary, "Print the summary even when a window could open");
    return {open, [options](CommandIo& io) { return openTrace(*options, io); }};
}

} // namespace interleave::cli
