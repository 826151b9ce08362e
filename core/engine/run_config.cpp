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


int hardwareThreads() noexcept
{
    // hardware_concurrency() may answer 0 when the count is unknown (some containers).
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
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

std::int64_t nanosecondsFromMs(double ms) noexcept { return std::llround(ms * 1e6); }

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

} // namespace interleave
