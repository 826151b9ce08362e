#pragma once

#include "analysis/repeat_stats.h"
#include "engine/engine.h"

#include <optional>
#include <string>

namespace interleave {

// The same tasks as a real Python program under a real CPython (compare --python): its wall
// times, as the program measured them, over the repetitions.
struct CPythonWall {
    int runs = 0; // the runs that finished and printed their wall time
    double wallMs = 0; // their median
    double wallMsMin = 0;
    double wallMsMax = 0;
    double speedup = 0; // CPython's own sequential median over this median; 0 when unknown
};

// One finished run and what it is measured against: the row every export writes, whether it
// came from a comparison of models or from a workers sweep.
struct MeasuredRun {
    std::string experiment; // "compare" or "sweep"
    RunConfig config; // config.model is the model that ran
    RunResult result; // result.wallNs is the median of the repetitions
    double speedup = 0; // the baseline's median wall time over this run's; 0 when unknown
    RepeatedWall wall; // the repetitions' spread and the speedup's range
    std::optional<CPythonWall> python; // when the comparison also ran the program in CPython
};

// How many lanes really run the tasks: one for sequential and asyncio (one thread), one per
// task for threads and processes, the pool's size for the pools.
int workersOf(const RunConfig& config) noexcept;

} // namespace interleave
