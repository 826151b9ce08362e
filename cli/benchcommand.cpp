#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/importbench.h"
#include "cli/interruptstop.h"
#include "cli/pytracebench.h"
#include "cli/startupbench.h"
#include "cli/synthetictrace.h"
#include "cli/tracesave.h"

#include "io/output_file.h"

#include "trace/trace.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

struct TraceWriteOptions {
    std::int64_t spans = 5'000'000;
    std::string path;
};

// Writes the synthetic trace as a run's --trace does (interruptible, with progress on a
// terminal) and reports how fast.
int runTraceWriteBench(const TraceWriteOptions& options, CommandIo& io)
{
    const Trace trace = syntheticTrace(options.spans);
    InterruptStop interrupt;
    const auto begin = std::chrono::steady_clock::now();
    const int status = saveCommandTrace(trace, options.path, interrupt, "bench trace-write", io.err);
    if (status != kExitOk)
        return status;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::error_code ec;
    const auto bytes = options.path == "-" ? 0 : std::filesystem::file_size(options.path, ec);
    std::ostream& out = options.path == "-" ? io.err : io.out;
    out << std::fixed << std::setprecision(2) << "Wrote " << trace.totalSpanCount() << " spans";
    if (!ec && bytes > 0)
        out << ", " << static_cast<double>(bytes) / 1e6 << " MB, in " << seconds << " s ("
            << static_cast<double>(bytes) / 1e6 / seconds << " MB/s)";
    else
        out << " in " << seconds << " s";
    out << "\n" << std::flush;
    return kExitOk;
}

} // namespace

Command addBenchCommand(CLI::App& parser, const DrawingCommands& drawing)
{
    CLI::App* bench = parser.add_subcommand("bench", "Measure how fast parts of Interleave are");
    bench->require_subcommand(1);
    // In the order `bench --help` lists them; render and lanes paint, so the program's Qt side
    // adds them.
    std::vector<Command> benches;
    if (drawing.benchRender != nullptr)
        benches.push_back(drawing.benchRender(*bench));

    CLI::App* pytrace = bench->add_subcommand(
        "pytrace", "Measure what tracing a real CPython costs and how right its picture is");
    auto py = std::make_shared<PytraceBenchOptions>();
    pytrace->add_option("--python", py->python, "The Python to trace")->capture_default_str();
    pytrace->add_option("--repeat", py->repeat, "Rounds; medians are reported")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    pytrace->add_option("--sample-hz", py->sampleHz, "How often the sampler reads the threads")
        ->check(CLI::Range(1, 5000))
        ->capture_default_str();
    pytrace->add_flag("--json", py->json, "Print one JSON object");
    pytrace->add_flag("--calls", py->calls, "Trace with function calls recorded, as trace --calls does");
    benches.push_back({pytrace, [py](CommandIo& io) { return runPytraceBench(*py, io); }});

    if (drawing.benchLanes != nullptr)
        benches.push_back(drawing.benchLanes(*bench));
    if (drawing.benchWindow != nullptr)
        benches.push_back(drawing.benchWindow(*bench));

    CLI::App* startup = bench->add_subcommand(
        "startup", "Time from starting the program to its window's first painted frame (offscreen)");
    auto start = std::make_shared<StartupBenchOptions>();
    startup->add_option("--runs", start->runs, "Starts timed; the median is reported")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    startup->add_flag("--json", start->json, "Print one JSON object");
    startup->add_flag("--run", start->run,
        "Then press Run (the default experiment) and time the run's first frame on the timeline");
    benches.push_back({startup, [start](CommandIo& io) { return runStartupBench(*start, io); }});

    CLI::App* import = bench->add_subcommand("import",
        "Peak memory of reading two hostile traces made on the fly (many threads; a sea of whitespace)");
    auto imports = std::make_shared<ImportBenchOptions>();
    import->add_option("--lanes", imports->lanes, "Distinct thread ids of the first input")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    import->add_option("--whitespace-mb", imports->whitespaceMb, "Megabytes of whitespace in the second input")
        ->check(CLI::Range(1, 100'000))
        ->capture_default_str();
    import->add_flag("--json", imports->json, "Print one JSON object");
    benches.push_back({import, [imports](CommandIo& io) { return runImportBench(*imports, io); }});

    CLI::App* traceWrite = bench->add_subcommand("trace-write",
        "Time writing a large synthetic trace as --trace does (Ctrl+C stops it, leaving the target as it was)");
    auto writes = std::make_shared<TraceWriteOptions>();
    traceWrite->add_option("--spans", writes->spans, "How many spans the trace has (over 64 lanes)")
        ->check(CLI::Range(std::int64_t {64}, std::int64_t {100'000'000}))
        ->capture_default_str();
    traceWrite->add_option("--trace", writes->path, "Where to write it ('-': standard output)")->required();
    benches.push_back({traceWrite, [writes](CommandIo& io) {
                           if (auto problem = outputPathProblem(writes->path)) {
                               io.err << "interleave bench trace-write: --trace: " << *problem << std::endl;
                               return kExitFailure;
                           }
                           return runTraceWriteBench(*writes, io);
                       }});

    return {bench, [benches](CommandIo& io) {
                for (const Command& chosen : benches) {
                    if (chosen.subcommand->parsed())
                        return chosen.run(io);
                }
                return kExitUsage; // require_subcommand(1) lets none through
            }};
}

} // namespace interleave::cli
