#include "cli/commandline.h"
#include "cli/commands.h"

#include "trace/chrome_trace.h"
#include "trace/trace.h"
#include "trace/trace_summary.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>
#include <ostream>
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
    try {
        const Trace trace = loadChromeTrace(options.path);
        io.out << formatTraceSummary(trace);
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
        "open", "Show a saved trace (Chrome Trace Event JSON) in the window, or a Python script in its Python tab; "
                "without a display, print the trace's summary");
    open->add_option("file", options->path, "The trace, e.g. one written by 'interleave run --trace', or a .py script")
        ->required();
    open->add_flag("--summary", options->summary, "Print the summary even when a window could open");
    return {open, [options](CommandIo& io) { return openTrace(*options, io); }};
}

} // namespace interleave::cli
