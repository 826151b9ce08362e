#pragma once

#include "engine/engine.h"

#include <functional>
#include <stop_token>
#include <vector>

namespace interleave {

struct ComparisonRow {
    RunResult result;
    double speedup = 0; // the sequential run's wall time over this one's; 0 when unknown
};

// Runs the same workload under each model, one after another, each on a fresh recorder, and
// relates every wall time to the sequential run's. Sequential always runs first (it is the
// baseline) and is reported whether or not it was asked for. The CPU calibration is taken
// once, before the first run, so every model computes exactly the same work.
// onRunDone, if set, is called after each run with its index and the rows so far (progress).
std::vector<ComparisonRow> compareModels(const RunConfig& base, const std::vector<Model>& models,
                                         std::stop_token stop = {},
                                         const std::function<void(const ComparisonRow&)>& onRunDone = {});

} // namespace interleave
