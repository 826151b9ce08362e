#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/interruptstop.h"
#include "io/program_dir.h"
#include "cli/tracesave.h"
#include "cli/jsonnumbers.h"

#include "io/output_file.h"
#include "pytrace/python_session.h"
#include "pytrace/python_trace_builder.h"
#include "trace/chrome_trace.h"
#include "trace/trace.h"
#include "trace/trace_summary.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <climits>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace interleave::cli {
namespace {

constexpr int kExitTimedOut = 124;       // as timeout(1) reports it
constexpr int kExitPythonMissing = 127;  // as a shell reports a command not found

struct TraceOptions {
    pytrace::PythonTraceOptions run;
    std::string tracePath;
    bool json = false;
    int timeoutSeconds = 600;
};

// The script's own status, as a shell would report it.
int scriptExitStatus(const ChildStatus& status)
{
    if (status.kind == ChildStatus::Kind::Exited)
        return status.exitCode;
    if (status.kind == ChildStatus::Kind::Signalled)
        return 128 + status.signal;
    return kExitFailure;
}

std::size_t runningStretches(const Trace& trace, LaneId id)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < trace.spanCount(id); ++i)
        n += trace.span(id, i).state == State::Running ? 1 : 0;
    return n;
}

nlohmann::json laneJson(const Trace& trace, LaneId id)
{
    const LaneInfo& info = trace.lane(id);
    nlohmann::json totals = nlohmann::json::object();
    const StateTotals t = trace.stateTotals(id);
    for (State s : kAllStates) {
        if (totalFor(t, s) > 0)
            totals[std::string(stateName(s))] = roundedMs(totalFor(t, s));
    }
    nlohmann::json lane{
        {"id", id},
        {"parent", info.parent},
        {"kind", laneKindName(info.kind)},
        {"name", info.name},
        {"pid", info.pid},
        {"tid", info.tid},
        {"spans", trace.spanCount(id)},
        {"running_stretches", runningStretches(trace, id)},
        {"ms", totals},
    };
    if (trace.spanCount(id) > 0) {
        const Span last = trace.span(id, trace.spanCount(id) - 1);
        lane["end"] = stateName(last.state);
    }
    // What the lane waited on, and how long: "sleep", "lock made at race.py:12", ...
    nlohmann::json waits = nlohmann::json::object();
    for (std::size_t i = 0; i < trace.spanCount(id); ++i) {
        const Span span = trace.span(id, i);
        const std::string detail = pytrace::detailText(trace, span.detail);
        if (detail.empty() || span.duration() <= 0)
            continue;
        const std::string key = std::string(stateName(span.state)) + ": " + detail;
        waits[key] = (waits.contains(key) ? waits[key].get<double>() : 0.0) + roundedMs(span.duration());
    }
    if (!waits.empty())
        lane["details_ms"] = waits;
    return lane;
}

int traceScript(TraceOptions& options, const std::vector<std::string>& command, CommandIo& io)
{
    if (command.empty()) {
        io.err << "interleave trace: name the Python script to run; see 'interleave trace --help'" << std::endl;
        return kExitUsage;
    }
    if (options.run.sampleHz < pytrace::ThreadSampler::kMinHz || options.run.sampleHz > pytrace::ThreadSampler::kMaxHz) {
        io.err << "interleave trace: --sample-hz must be between 1 and 5000" << std::endl;
        return kExitUsage;
    }
    if (options.timeoutSeconds < 0) {
        io.err << "interleave trace: --timeout must not be negative" << std::endl;
        return kExitUsage;
    }
    if (options.tracePath == "-") {
        // The script writes to standard output as it runs: a trace there would follow its
        // output and be no JSON file.
        io.err << "interleave trace: --trace -: the script's own output goes to standard output; give the "
                  "trace a file name (a FIFO or /dev/stdout of a pipe works too)"
               << std::endl;
        return kExitUsage;
    }
    // Before the run: a missing folder should not cost the run.
    if (!options.tracePath.empty()) {
        if (auto problem = outputPathProblem(options.tracePath)) {
            io.err << "interleave trace: --trace: " << *problem << std::endl;
            return kExitFailure;
        }
    }
    options.run.script = command.front();
    options.run.args.assign(command.begin() + 1, command.end());
    options.run.bootstrapDir = pytrace::findBootstrapDir(programDir());
    options.run.timeout = std::chrono::seconds(options.timeoutSeconds);
    options.run.passStdin = ::isatty(0) == 0;

    pytrace::PythonTraceResult result;
    // Kept to the end: a signal while the trace is written stops the write too.
    InterruptStop interrupt;
    io.out.flush();
    io.err.flush();
    result = pytrace::tracePython(options.run, interrupt.token());
    using Outcome = pytrace::PythonTraceResult::Outcome;
    if (result.outcome == Outcome::PythonMissing) {
        io.err << "interleave trace: " << result.problem << std::endl;
        return kExitPythonMissing;
    }
    if (result.outcome == Outcome::CouldNotStart) {
        io.err << "interleave trace: " << result.problem << std::endl;
        return kExitFailure;
    }
    const Trace& trace = result.trace;

    if (!options.tracePath.empty()) {
        const int status = saveCommandTrace(trace, options.tracePath, interrupt, "trace", io.err);
        if (status != kExitOk)
            return status;
    }

    const auto python = trace.metadata().find("python");
    const std::string version = python != trace.metadata().end() ? python->second : "?";
    const TimeNs gilWait = pytrace::threadTimeIn(trace, State::WaitingGil);
    if (options.json) {
        nlohmann::json lanes = nlohmann::json::array();
        for (std::size_t i = 0; i < trace.laneCount(); ++i)
            lanes.push_back(laneJson(trace, static_cast<LaneId>(i)));
        nlohmann::json out{
            {"script", options.run.script},
            {"python", version},
            {"exit_status", scriptExitStatus(result.status)},
            {"outcome", result.outcome == Outcome::TimedOut ? "timed_out"
                        : result.outcome == Outcome::Stopped ? "stopped"
                                                             : "finished"},
            {"wall_ms", roundedMs(result.wallNs)},
            // The script's CPU time, and that of the children it waited for (wait4's rusage).
            {"cpu_ms", roundedMs(result.status.cpuNs())},
            {"gil_wait_ms", roundedMs(gilWait)},
            {"sample_hz", options.run.sampleHz},
            {"sampler",
             {{"sweeps", result.sampler.sweeps},
              {"late_sweeps", result.sampler.lateSweeps},
              {"preempted_sweeps", result.sampler.preemptedSweeps},
              {"gil_only_reads", result.sampler.gilOnlyReads},
              {"thread_reads_saved", result.sampler.threadReadsSaved},
              {"longest_gap_ms", roundedMs(result.sampler.longestGap)},
              {"cpu_ms", roundedMs(result.sampler.cpuNs)},
              {"wall_ms", roundedMs(result.sampler.wallNs)}}},
            {"events", result.eventCount},
            {"lanes", lanes},
            {"notices", result.notices},
        };
        if (result.gilRead)
            out["gil_switches"] = result.gilSwitches;
        else
            out["gil_switches"] = nullptr;
        // Why there is no GIL row (an unsupported version, a free-threaded build), or null.
        if (result.gilNotice.empty())
            out["gil_notice"] = nullptr;
        else
            out["gil_notice"] = result.gilNotice;
        out["calls"] = result.calls;
        if (!options.tracePath.empty())
            out["trace"] = options.tracePath;
        // One line, after whatever the script printed: the last line of the output.
        io.out << out.dump() << std::endl;
    } else {
        char figures[200];
        std::snprintf(figures, sizeof figures, "wall %.1f ms · waiting for the GIL %.1f ms · ",
                      static_cast<double>(result.wallNs) / 1e6, static_cast<double>(gilWait) / 1e6);
        io.out << "\nTraced " << options.run.script << " under CPython " << version << "\n"
               << figures
               << (result.gilRead ? std::to_string(result.gilSwitches) + " GIL switches" : "GIL not read") << "\n\n"
               << formatTraceSummary(trace);
        for (const TraceNote& note : trace.notes()) {
            if (note.lane >= 0 && static_cast<std::size_t>(note.lane) < trace.laneCount())
                io.out << trace.lane(note.lane).name << ": " << note.text << "\n";
        }
        if (!options.tracePath.empty())
            io.out << "\nTrace written to " << options.tracePath << " (opens in Perfetto and in Interleave)\n";
        io.out.flush();
    }
    for (const std::string& notice : result.notices)
        io.err << "interleave trace: " << notice << std::endl;

    switch (result.outcome) {
    case Outcome::TimedOut:
        io.err << "interleave trace: stopped after " << options.timeoutSeconds
               << " s (--timeout); the trace holds what ran" << std::endl;
        return kExitTimedOut;
    case Outcome::Stopped:
        io.err << "interleave trace: stopped before the end; the trace holds what ran" << std::endl;
        return interrupt.exitStatus(); // 130 after Ctrl+C, 143 after SIGTERM
    default:
        return scriptExitStatus(result.status);
    }
}

} // namespace

Command addTraceCommand(CLI::App& parser)
{
    auto options = std::make_shared<TraceOptions>();
    CLI::App* trace = parser.add_subcommand(
        "trace", "Run a Python script under a real CPython and record what its processes, threads and "
                 "asyncio tasks did (interleave trace [options] SCRIPT.py [ARGS...])");
    // Everything from the script's name on belongs to the script, options included.
    trace->prefix_command();
    trace->add_option("--python", options->run.python, "The Python to run (default: python3 on PATH)");
    trace->add_option("--trace", options->tracePath, "Also write the trace as Chrome Trace Event JSON (Perfetto)");
    trace->add_flag("--json", options->json, "Print per-lane totals, wall time, GIL waits and switches as JSON");
    trace->add_option("--sample-hz", options->run.sampleHz, "How often threads are sampled, 1 to 5000 (default 1000)");
    trace->add_flag("--calls", options->run.calls,
                    "Also record the calls of the script's own functions (files in its folder): a Running "
                    "stretch names its function. Slows Python code down; the figure is printed");
    trace->add_option("--timeout", options->timeoutSeconds,
                      "Stop the script after this many seconds, 0 for never (default 600); exit status 124");
    return {trace, [options, trace](CommandIo& io) { return traceScript(*options, trace->remaining(), io); }};
}

} // namespace interleave::cli
