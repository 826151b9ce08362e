#pragma once

#include "engine/run_config.h"

namespace CLI {
class App;
}

namespace interleave::cli {

// The workload and model options shared by run, compare and screenshot, bound to a RunConfig
// with Python's defaults. Names and limits are the ones validate() speaks of.
void addWorkloadOptions(CLI::App& command, RunConfig& config);
void addModelOption(CLI::App& command, RunConfig& config);

} // namespace interleave::cli
