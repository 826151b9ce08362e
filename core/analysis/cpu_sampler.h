#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// One "cpuN" line of /proc/stat: time spent in each state since boot, in clock ticks.
struct CpuTicks {
    std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;

    // Waiting for I/O counts as idle: the core could have run something else.
    std::uint64_t idleTicks() const noexcept { return idle + iowait; }
    std::uint64_t totalTicks() const noexcept
    {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    friend bool operator==(const CpuTicks&, const CpuTicks&) = default;
};

// The per-core lines of /proc/stat ("cpu0 ...", "cpu1 ...", in order; the "cpu" total line is
// skipped). Guest time is already inside user and nice, so it is not added again. Lines with
// fewer than the four fields every kernel has (user nice system idle) are refused: throws
// std::invalid_argument naming the line. Text with no per-core line gives an empty vector.
std::vector<CpuTicks> parseProcStat(std::string_view text);

// The share of each core that was busy between two readings, in [0, 1]. A core missing from
// either reading (hot-unplugged) or whose counters did not move gives 0.
std::vector<double> coreUtilisation(const std::vector<CpuTicks>& before, const std::vector<CpuTicks>& after);

// Reads /proc/stat (or another file, for tests) and turns successive readings into per-core
// utilisation. Not thread-safe: one owner polls it, e.g. from a GUI timer.
class CpuSampler {
public:
    explicit CpuSampler(std::string path = "/proc/stat");

    // Utilisation per core since the previous call; the first call only takes the reference
    // reading and returns an empty vector. nullopt when the file cannot be read or parsed
    // (error() says why).
    std::optional<std::vector<double>> sample();
    const std::string& error() const noexcept { return m_error; }

private:
    std::string m_path;
    std::vector<CpuTicks> m_previous;
    bool m_havePrevious = false;
    std::string m_error;
};

} // namespace interleave
