#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/interruptstop.h"
#include "cli/jsonnumbers.h"
#include "cli/runoptions.h"
#include "cli/tracesave.h"

#include "engine/engine.h"
#include "io/output_file.h"
#include "trace/chrome_trace.h"
#include "trace/trace.h"
#include "trace/trace_summary.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace interleave::cli {
namespace {

double toMs(TimeNs ns)
{
    return static_cast<double>(ns) / 1e6;
}

std::string describeRun(const RunConfig& c)
{
    std::string text = std::string(modelName(c.model)) + " · " + std::string(workloadName(c.workload)) + " · "
        + std::to_string(c.tasks) + (c.tasks == 1 ? " task" : " tasks");
    text += c.gil ? " · GIL on" : " · GIL off";
    if (usesProcesses(c.model) && c.processStart == ProcessStart::Python)
        text += " · Python start-up " + std::to_string(std::lround(c.processStartMs)) + " ms";
    return text;
}

struct RunOptions {
    RunConfig config;
    std::string tracePath;
    bool json = false;
};

int runOnce(const RunOptions& options, CommandIo& io)
{
    if (auto problem = validate(options.config)) {
        io.err << "interleave run: " << *problem << std::endl;
        return kExitUsage;
    }
    if (auto problem = sharedStdoutProblem("--trace", options.tracePath, "--json", options.json ? "-" : "")) {
        io.err << "interleave run: " << *problem << std::endl;
        return kExitUsage;
    }
    // Before the run: a missing folder should not cost the run.
    if (!options.tracePath.empty()) {
        if (auto problem = outputPathProblem(options.tracePath)) {
            io.err << "interleave run: --trace: " << *problem << std::endl;
            return kExitFailure;
        }
    }
    InterruptStop interrupt;
    Recorder recorder(effectiveMaxSpans(options.config));
    const std::optional<RunResult> ran = runModelOrReport(options.config, recorder, interrupt, "run", io.err);
    if (!ran)
        return kExitFailure;
    const RunResult& result = *ran;
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());

    if (!options.tracePath.empty()) {
        io.out.flush();
        const int status = saveCommandTrace(trace, options.tracePath, interrupt, "run", io.err);
        if (status != kExitOk)
            return status;
    }
    // With the trace on standard output, the summary goes to the error stream.
    std::ostream& text = options.tracePath == "-" ? io.err : io.out;

    if (options.json) {
        nlohmann::json out{
            {"model", modelName(result.model)},
            {"workload", workloadName(options.config.workload)},
            {"tasks", options.config.tasks},
            {"wall_ms", roundedMs(result.wallNs)},
            {"cpu_ms", roundedMs(result.cpuNs)},
            {"gil_wait_ms", roundedMs(result.gilWaitNs)},
            {"peak_parallelism", result.peakParallelism},
            {"mean_parallelism", roundedTo3(result.meanParallelism)},
            {"lanes", trace.laneCount()},
            {"spans", trace.totalSpanCount()},
            {"spans_dropped", trace.droppedSpanCount()},
            {"cancelled", result.cancelled},
            {"errors", result.errors},
        };
        if (!options.tracePath.empty())
            out["trace"] = options.tracePath;
        io.out << out.dump(2) << std::endl;
    } else {
        char figures[160];
        std::snprintf(figures, sizeof figures, "%s %.1f ms · CPU %.1f ms · waiting for the GIL %.1f ms",
                      result.cancelled ? "stopped after" : "wall", toMs(result.wallNs), toMs(result.cpuNs),
                      toMs(result.gilWaitNs));
        char parallelism[160];
        std::snprintf(parallelism, sizeof parallelism, "threads running at once: at most %d, %.2f on average",
            result.peakParallelism, result.meanParallelism);
        text << describeRun(options.config) << "\n" << figures << "\n" << parallelism << "\n\n"
             << formatTraceSummary(trace);
        if (!options.tracePath.empty() && options.tracePath != "-")
            text << "\nTrace written to " << options.tracePath << " (opens in Perfetto and in Interleave)\n";
        text.flush();
    }
    for (const std::string& error : result.errors)
        io.err << "interleave run: " << error << std::endl;
    if (result.cancelled) {
        io.err << "interleave run: stopped before the end; the trace holds what ran" << std::endl;
        return interrupt.exitStatus();
    }
    return result.errors.empty() ? kExitOk : kExitFailure;
}

} // namespace

Command addRunCommand(CLI::App& parser)
{
    auto options = std::make_shared<RunOptions>();
    CLI::App* run = parser.add_subcommand("run", "Run one model over a workload on real threads, processes or "
                                                 "coroutines, and print what every lane did");
    addModelOption(*run, options->config);
    addWorkloadOptions(*run, options->config);
    run->add_option("--trace", options->tracePath,
        "Also write the trace as Chrome Trace Event JSON (Perfetto); '-': to standard output, the summary "
        "then to the error stream");
    run->add_flag("--json", options->json, "Print the result as JSON");
    return {run, [options, run](CommandIo& io) {
                calibrateProcessStart(*run, options->config, usesProcesses(options->config.model), io.err);
                return runOnce(*options, io);
            }};
}

} // namespace interleave::cli
