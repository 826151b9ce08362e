#include "cli/commandline.h"
#include "cli/commands.h"

#include "engine/engine.h"
#include "trace/trace.h"
#include "trace/trace_summary.h"

#include <CLI/CLI.hpp>

#include <ostream>

namespace interleave::cli {
namespace {

// A short run that shows the GIL at work: three CPU-bound threads take turns on one
// interpreter, so together they are no faster than one after another.
int runDemo(CommandIo& io)
{
    RunConfig config;
    config.model = Model::Threads;
    config.workload = WorkloadKind::Mixed;
    config.tasks = 3;
    config.workMs = 30;
    config.latencyMs = 60;
    config.mixedRounds = 3;

    Recorder recorder;
    const RunResult result = runModel(config, recorder);
    io.out << "Demo: 3 Python-like threads, each computing 30 ms and waiting 60 ms in 3 rounds, with the "
              "GIL.\nWhile one waits for I/O another computes; two never compute at once.\n\n"
           << formatTraceSummary(Trace::fromSnapshot(recorder.snapshot()));
    io.out << "\nTry: interleave compare --workload io --tasks 16 --latency-ms 100\n";
    io.out.flush();
    return result.errors.empty() ? kExitOk : kExitFailure;
}

} // namespace

Command addDemoCommand(CLI::App& parser)
{
    CLI::App* demo = parser.add_subcommand("demo", "Run three Python-like threads briefly and print what each did");
    return {demo, runDemo};
}

} // namespace interleave::cli
