#pragma once

#include "engine/engine.h"
#include "engine/run_config.h"

#include <iosfwd>
#include <optional>
#include <string_view>

namespace CLI {
class App;
}

namespace interleave::cli {

class InterruptStop;

// The workload and model options shared by run, compare and screenshot, bound to a RunConfig
// with Python's defaults. Names and limits are the ones validate() speaks of.
void addWorkloadOptions(CLI::App& command, RunConfig& config);
void addModelOption(CLI::App& command, RunConfig& config);

// After parsing, for a run that starts processes with an emulated Python start-up
// (--process-start python) and no --process-start-ms: the start-up becomes what
// multiprocessing's spawn costs this machine's python3 (measured once, then cached; see
// pytrace/process_start.h). Says so on err when it measures; without python3 the default
// stays, and a configuration validate() refuses is not measured for. True when the figure is a
// measured one.
bool calibrateProcessStart(const CLI::App& command, RunConfig& config, bool startsProcesses, std::ostream& err);

// Runs config into recorder until it ends or interrupt stops it. When the run throws, says why
// on err (prefixed "interleave <command>: ") and returns nullopt.
std::optional<RunResult> runModelOrReport(const RunConfig& config, Recorder& recorder,
    const InterruptStop& interrupt, std::string_view command, std::ostream& err);

} // namespace interleave::cli
