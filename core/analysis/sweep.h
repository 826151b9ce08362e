#pragma once

#include "analysis/amdahl.h"
#include "analysis/measured_run.h"

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// The models whose worker count is a parameter of its own (the pools); the others run one
// lane per task or a single lane.
constexpr bool hasWorkerCount(Model m) noexcept
{
    return m == Model::ThreadPool || m == Model::ProcessPool;
}

// The largest pool a sweep offers: beyond it the lesson (Amdahl's ceiling) is already clear.
inline constexpr int kMaxSweepWorkers = 64;

// "1,2,4,8" or "1-16" or a mix ("1-4,6,8"): ascending, without repeats. Throws
// std::invalid_argument naming the bad part for anything else, an empty list, or a count
// outside 1..kMaxSweepWorkers.
std::vector<int> parseWorkerList(std::string_view text);

// The config of one point of a sweep: `base` with its pool (thread_pool or process_pool) set
// to `workers`.
RunConfig withWorkers(const RunConfig& base, int workers);

// Runs base.model (a pool) once per worker count, in order, each on a fresh recorder, with
// the same tasks and the same CPU calibration. A run with one worker is always made first (it
// is the baseline, T(1)); each run's speedup is T(1) / T(n). Each count runs repeat.repeat
// times, the repetitions interleaved; a point holds the median and the spread. onRunDone, if
// set, is called as each point is complete (in the last round), repeat.onProgress after every
// single run. Stops between runs, and within a run, when `stop` is requested. Throws
// std::invalid_argument for a model without a worker count, a config validate() rejects at
// any of the counts, or a repeat count outside 1..kMaxRepeat.
std::vector<MeasuredRun> sweepWorkers(const RunConfig& base, const std::vector<int>& workers,
    std::stop_token stop = {}, const std::function<void(const MeasuredRun&)>& onRunDone = {},
    const RepeatOptions& repeat = {});

// The samples an Amdahl fit takes: (workers, speedup) of every run that finished cleanly.
std::vector<SpeedupSample> speedupSamples(const std::vector<MeasuredRun>& sweep);

// The core limit the fit with a start-up cost uses for a sweep of `config` (see
// fitAmdahlWithStartup): this machine's cores for CPU-bound work that can use them (a process
// pool, or threads without a GIL); 0 (none) for waiting, which needs no core, and for threads
// under the GIL, whose taking turns is exactly the serial fraction the fit should find.
double sweepCoreLimit(const RunConfig& config);

// The samples the fit with a start-up cost takes: (workers, wall ms) of every clean
// repetition of every point.
std::vector<TimeSample> timeSamples(const std::vector<MeasuredRun>& sweep);

} // namespace interleave
