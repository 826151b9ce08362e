#pragma once

#include "analysis/repeat_stats.h"
#include "engine/engine.h"

#include <functional>
#include <stop_token>
#include <vector>

namespace interleave {

struct ComparisonRow {
    RunResult result; // result.wallNs is the median of the repetitions
    double speedup = 0; // the sequential median wall time over this one's; 0 when unknown
    RepeatedWall wall; // the repetitions' spread and the speedup's range
};

// Runs the same workload under each model, one after another, each on a fresh recorder, and
// relates every wall time to the sequential run's. Sequential always runs first (it is the
// baseline) and is reported whether or not it was asked for. The CPU calibration is taken
// once, before the first run, so every model computes exactly the same work.
// Each model runs repeat.repeat times, the repetitions interleaved; a row holds the median and
// the spread. onRunDone, if set, is called as each row is complete (in the last round), and
// repeat.onProgress after every single run. Throws std::invalid_argument for a repeat count
// outside 1..kMaxRepeat.
std::vector<ComparisonRow> compareModels(const RunConfig& base, const std::vector<Model>& models,
                                         std::stop_token stop = {},
                                         const std::function<void(const ComparisonRow&)>& onRunDone = {},
                                         const RepeatOptions& repeat = {});

} // namespace interleave
