#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace interleave {

// The six execution models, named exactly as on the command line.
enum class Model { Sequential, Threads, ThreadPool, Processes, ProcessPool, Asyncio };

inline constexpr std::array<Model, 6> kAllModels{Model::Sequential, Model::Threads,   Model::ThreadPool,
                                                 Model::Processes,  Model::ProcessPool, Model::Asyncio};

std::string_view modelName(Model m) noexcept;
std::optional<Model> modelFromName(std::string_view name) noexcept;
constexpr bool usesProcesses(Model m) noexcept { return m == Model::Processes || m == Model::ProcessPool; }

enum class WorkloadKind { Cpu, Io, Mixed };
std::string_view workloadName(WorkloadKind w) noexcept;
std::optional<WorkloadKind> workloadFromName(std::string_view name) noexcept;

// How a child process starts: only what really happens (native), or with an emulated Python
// interpreter start-up (CPU work, like a real interpreter starting) before its first task.
enum class ProcessStart { Native, Python };
std::string_view processStartName(ProcessStart p) noexcept;
std::optional<ProcessStart> processStartFromName(std::string_view name) noexcept;

// Limits on what a run may ask for. Past them a run is refused with a message, not attempted.
inline constexpr int kMaxTasks = 10'000;  // coroutines, pooled tasks, tasks one after another
inline constexpr int kMaxThreads = 4096;  // the threads model's tasks (a thread each), a pool's threads
inline constexpr int kMaxProcesses = 256;
// Lanes of one run: the process, each task's lane and a pool's workers. A saved run must open
// again (trace/chrome_trace_reader.h reads at most kMaxChromeTraceLanes).
inline constexpr int kMaxRunLanes = 10'400;
inline constexpr double kMaxDurationMs = 600'000; // ten minutes for any one duration

struct RunConfig {
    Model model = Model::Threads;
    WorkloadKind workload = WorkloadKind::Io;
    int tasks = 4;
    double latencyMs = 100;   // io: each wait; mixed: the total wait of a task
    double workMs = 100;      // cpu: each task's compute, alone; mixed: the total compute of a task
    int mixedRounds = 4;      // mixed: compute and wait alternate this many times
    int threadWorkers = 0;    // thread_pool size; 0: min(32, cores + 4), like ThreadPoolExecutor
    int processWorkers = 0;   // process_pool size; 0: the core count, like multiprocessing.Pool
    bool gil = true;          // Python semantics; false models the free-threaded build
    double switchIntervalMs = 5; // sys.getswitchinterval()
    ProcessStart processStart = ProcessStart::Python;
    double processStartMs = 60; // the emulated interpreter start-up's CPU work
    std::string workerPath;     // the interleave-worker executable; empty: beside this program
    double iterationsPerMs = 0; // CPU calibration shared with children; 0: calibrate first
    // The process models' watchdog: a child that stays stopped (SIGSTOP, SIGTSTP, a tracer)
    // this long is killed and reported, since it would otherwise hold the run forever. Two
    // seconds: far above any scheduling hiccup, short enough that a person still waits.
    // 0 turns the watchdog off.
    int stoppedWorkerTimeoutMs = 2000;
    // Records the run's recorder keeps; past it lanes keep exact totals but no detail.
    // 0: sized to this machine (defaultSpanBudget()).
    std::int64_t maxSpans = 0;

    friend bool operator==(const RunConfig&, const RunConfig&) = default;
};

// A duration the configuration gives in milliseconds, in nanoseconds, rounded to the nearest:
// the one conversion every model uses (a switch interval of 0.0005 ms is 500 ns, never 499).
std::int64_t nanosecondsFromMs(double ms) noexcept;

int defaultThreadWorkers() noexcept;
int defaultProcessWorkers() noexcept;
int effectiveThreadWorkers(const RunConfig& config) noexcept;
int effectiveProcessWorkers(const RunConfig& config) noexcept;
// The recorder's span budget for a run: maxSpans, or sized to this machine when 0.
std::size_t effectiveMaxSpans(const RunConfig& config);

// Why the configuration cannot run, naming the field as the command line does
// (e.g. "--tasks must be between 1 and 256 for the processes model"); nullopt when it can.
// The limits are run_fields.h's table; checkRunConfig() there says it without a flag name.
std::optional<std::string> validate(const RunConfig& config);

} // namespace interleave
