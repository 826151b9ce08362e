#pragma once

#include "engine/run_config.h"
#include "trace/clock.h"
#include "workloads/workload.h"

#include <cstdint>
#include <string>
#include <vector>

namespace interleave {

// What the parent tells an interleave-worker on its command line. Built by the process models,
// parsed by the worker: the two ends share this one definition, so they cannot drift apart.
//
// The work is passed in kernel iterations computed by the parent from its one calibration, so
// every child does exactly the same amount of work whatever its own core's speed.
struct ProcessWorkerOptions {
    enum class Mode {
        Single, // the processes model: run one task, then exit
        Pool,   // process_pool: take chunks from the command channel until told to exit
    };

    Mode mode = Mode::Single;
    int index = 1;          // 1-based, as in "Process-3" or "SpawnPoolWorker-3"
    std::int32_t task = 0;  // Single: the task to run
    WorkloadSpec spec;
    bool gil = true;        // a GIL per process; with one Python thread per worker it is never
                            // contended, but the same code path as the thread models runs
    TimeNs switchIntervalNs = 5'000'000;
    ProcessStart start = ProcessStart::Python;
    std::uint64_t startIterations = 0; // Python: the emulated interpreter start-up
    double iterationsPerMs = 0;        // informational: the parent's calibration
    int recordsFd = 3;                 // where the worker writes its frames
    int commandsFd = 0;                // Pool: where it reads chunks

    friend bool operator==(const ProcessWorkerOptions&, const ProcessWorkerOptions&) = default;
};

// "--mode pool --index 2 ..." (without argv[0]).
std::vector<std::string> toWorkerArguments(const ProcessWorkerOptions& options);

// The inverse. Throws std::invalid_argument naming the option for an unknown option, a missing
// or malformed value, or a value out of range.
ProcessWorkerOptions parseWorkerArguments(const std::vector<std::string>& args);

} // namespace interleave
