#include "engine/run_config.h"

#include "trace/recorder.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <thread>

namespace interleave {

namespace {

constexpr std::array<std::string_view, 6> kModelNames{"sequential", "threads",      "thread_pool",
                                                      "processes",  "process_pool", "asyncio"};
constexpr std::array<std::string_view, 3> kWorkloadNames{"cpu", "io", "mixed"};
constexpr std::array<std::string_view, 2> kProcessStartNames{"native", "python"};

// Past this many rounds a mixed task is all bookkeeping: each round's share of a sensible
// latency would be below the timer's resolution.
constexpr int kMaxMixedRounds = 10'000;
constexpr double kMinSwitchIntervalMs = 0.001; // CPython's floor: one microsecond
constexpr double kMaxSwitchIntervalMs = 1000;

template <typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const std::array<std::string_view, N>& names, std::string_view name) noexcept
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name)
            return static_cast<Enum>(i);
    }
    return std::nullopt;
}

template <std::size_t N>
std::string_view nameAt(const std::array<std::string_view, N>& names, std::size_t index) noexcept
{
    return index < N ? names[index] : std::string_view("?");
}

std::string formatCount(int value)
{
    char buffer[16];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, ec == std::errc() ? end : buffer);
}

int hardwareThreads() noexcept
{
    // hardware_concurrency() may answer 0 when the count is unknown (some containers).
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// NaN fails every comparison, so the range test is written to let nothing non-finite through.
std::optional<std::string> checkDuration(std::string_view argument, double ms)
{
    if (std::isfinite(ms) && ms >= 0 && ms <= kMaxDurationMs)
        return std::nullopt;
    return std::string(argument) + " must be a number of milliseconds between 0 and 600000 (ten minutes)";
}

} // namespace

std::string_view modelName(Model m) noexcept { return nameAt(kModelNames, static_cast<std::size_t>(m)); }

std::optional<Model> modelFromName(std::string_view name) noexcept
{
    return enumFromName<Model>(kModelNames, name);
}

std::string_view workloadName(WorkloadKind w) noexcept
{
    return nameAt(kWorkloadNames, static_cast<std::size_t>(w));
}

std::optional<WorkloadKind> workloadFromName(std::string_view name) noexcept
{
    return enumFromName<WorkloadKind>(kWorkloadNames, name);
}

std::string_view processStartName(ProcessStart p) noexcept
{
    return nameAt(kProcessStartNames, static_cast<std::size_t>(p));
}

std::optional<ProcessStart> processStartFromName(std::string_view name) noexcept
{
    return enumFromName<ProcessStart>(kProcessStartNames, name);
}

int defaultThreadWorkers() noexcept { return std::min(32, hardwareThreads() + 4); }

// Clamped so that the default never exceeds what validate() accepts on a very large machine.
int defaultProcessWorkers() noexcept { return std::min(kMaxProcesses, hardwareThreads()); }

int effectiveThreadWorkers(const RunConfig& config) noexcept
{
    return config.threadWorkers > 0 ? config.threadWorkers : defaultThreadWorkers();
}

int effectiveProcessWorkers(const RunConfig& config) noexcept
{
    return config.processWorkers > 0 ? config.processWorkers : defaultProcessWorkers();
}

std::size_t effectiveMaxSpans(const RunConfig& config)
{
    return config.maxSpans > 0 ? static_cast<std::size_t>(config.maxSpans) : defaultSpanBudget();
}

std::optional<std::string> validate(const RunConfig& config)
{
    if (config.maxSpans < 0)
        return "--max-spans must be 0 (sized to this machine) or more";
    const int maxTasks = config.model == Model::Processes ? kMaxProcesses : kMaxTasks;
    if (config.tasks < 1 || config.tasks > maxTasks) {
        std::string message = "--tasks must be between 1 and " + formatCount(maxTasks);
        if (config.model == Model::Processes)
            message += " for the processes model (one child process per task)";
        else if (config.model == Model::Threads)
            message += " for the threads model (one thread per task)";
        return message;
    }

    // Negative pool sizes are nonsense for every model; the upper bounds only matter when the
    // model would really start that many threads or processes.
    if (config.threadWorkers < 0 || (config.model == Model::ThreadPool && config.threadWorkers > kMaxThreads))
        return "--thread-workers must be between 0 (the default, min(32, cores + 4)) and "
            + formatCount(kMaxThreads);
    if (config.processWorkers < 0
        || (config.model == Model::ProcessPool && config.processWorkers > kMaxProcesses))
        return "--process-workers must be between 0 (the default, the core count) and "
            + formatCount(kMaxProcesses);

    if (auto error = checkDuration("--latency-ms", config.latencyMs))
        return error;
    if (auto error = checkDuration("--work-ms", config.workMs))
        return error;
    if (auto error = checkDuration("--process-start-ms", config.processStartMs))
        return error;

    if (!(config.switchIntervalMs >= kMinSwitchIntervalMs && config.switchIntervalMs <= kMaxSwitchIntervalMs))
        return std::string("--switch-interval-ms must be between 0.001 and 1000");

    if (config.mixedRounds < 1 || config.mixedRounds > kMaxMixedRounds)
        return "--mixed-rounds must be between 1 and " + formatCount(kMaxMixedRounds);

    if (!(std::isfinite(config.iterationsPerMs) && config.iterationsPerMs >= 0))
        return std::string("--iterations-per-ms must be 0 (calibrate) or a positive number");

    return std::nullopt;
}

} // namespace interleave
