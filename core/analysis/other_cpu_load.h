#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace interleave {

// How much of the machine other programs took while a run was measured. A wall time says
// little when a build or a browser shared the cores: the run then waited for CPUs it did not
// get, and every model looks slower than it is, some more than others.
//
// The share is (busy ticks of all CPUs - this process's ticks) / (all ticks of all CPUs) over
// the run: /proc/stat's "cpu" line for the machine, /proc/self/stat's utime + stime + cutime +
// cstime for this process and the children it has reaped (the process models reap theirs
// before a run ends). Ticks are coarse (1/100 s), so a run shorter than a few ticks says
// nothing (nullopt).

// The "cpu" (all CPUs) line of /proc/stat: busy ticks (everything but idle and iowait) and
// all ticks, summed over every CPU. nullopt when there is no such line or it is malformed.
struct MachineTicks {
    std::uint64_t busy = 0;
    std::uint64_t total = 0;
    friend bool operator==(const MachineTicks&, const MachineTicks&) = default;
};
std::optional<MachineTicks> parseMachineTicks(std::string_view procStat);

// utime + stime + cutime + cstime of a /proc/<pid>/stat text (fields 14 to 17, counted after
// the command name in parentheses, which may itself hold spaces and parentheses). nullopt when
// malformed.
std::optional<std::uint64_t> parseOwnTicks(std::string_view procSelfStat);

struct CpuLoadReading {
    MachineTicks machine;
    std::uint64_t own = 0;
};

// The share of all CPUs' time between the two readings that went to other programs, in
// [0, 1]. nullopt when fewer than kMinLoadTicks ticks passed (too short to say) or a counter
// went backwards.
inline constexpr std::uint64_t kMinLoadTicks = 10;
std::optional<double> otherCpuShare(const CpuLoadReading& before, const CpuLoadReading& after);

// Reads both files now; nullopt when either cannot be read or parsed (not Linux, no /proc).
std::optional<CpuLoadReading> readCpuLoad(
    const std::string& procStat = "/proc/stat", const std::string& procSelfStat = "/proc/self/stat");

// Above this share of the CPUs taken by others a measurement is reported as made on a busy
// machine: a quarter of the cores is enough to turn a 2x into a 1.5x on a small machine.
inline constexpr double kBusyMachineShare = 0.25;

bool machineWasBusy(std::optional<double> otherShare) noexcept;

// "the machine was busy: 38 % of the CPUs went to other programs"
std::string busyMachineSentence(double otherShare);

} // namespace interleave
