#pragma once

#include "analysis/repeat_stats.h"
#include "engine/engine.h"

#include <string>

namespace interleave {

// One finished run and what it is measured against: the row every export writes, whether it
// came from a comparison of models or from a workers sweep.
struct MeasuredRun {
    std::string experiment; // "compare" or "sweep"
    RunConfig config; // config.model is the model that ran
    RunResult result; // result.wallNs is the median of the repetitions
    double speedup = 0; // the baseline's median wall time over this run's; 0 when unknown
    RepeatedWall wall; // the repetitions' spread and the speedup's range
};

// How many lanes really run the tasks: one for sequential and asyncio (one thread), one per
// task for threads and processes, the pool's size for the pools.
int workersOf(const RunConfig& config) noexcept;

} // namespace interleave
