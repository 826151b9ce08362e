#include "analysis/other_cpu_load.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

namespace interleave {

namespace {

// The whitespace-separated unsigned numbers of `text`; nullopt at the first that is not one.
std::optional<std::vector<std::uint64_t>> numbersOf(std::string_view text)
{
    std::vector<std::uint64_t> values;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        if (i >= text.size())
            break;
        std::uint64_t v = 0;
        const auto r = std::from_chars(text.data() + i, text.data() + text.size(), v);
        if (r.ec != std::errc {})
            return std::nullopt;
        values.push_back(v);
        i = static_cast<std::size_t>(r.ptr - text.data());
        if (i < text.size() && text[i] != ' ' && text[i] != '\t')
            return std::nullopt;
    }
    return values;
}

std::optional<std::string> readWholeFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::optional<MachineTicks> parseMachineTicks(std::string_view procStat)
{
    std::size_t start = 0;
    while (start < procStat.size()) {
        std::size_t end = procStat.find('\n', start);
        if (end == std::string_view::npos)
            end = procStat.size();
        const std::string_view line = procStat.substr(start, end - start);
        start = end + 1;
        if (!line.starts_with("cpu "))
            continue;
        const auto fields = numbersOf(line.substr(4));
        if (!fields || fields->size() < 4)
            return std::nullopt;
        std::vector<std::uint64_t> f = *fields;
        f.resize(std::max<std::size_t>(f.size(), 8), 0);
        // user nice system idle iowait irq softirq steal; guest is already in user and nice.
        const std::uint64_t idle = f[3] + f[4];
        const std::uint64_t busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
        return MachineTicks {busy, busy + idle};
    }
    return std::nullopt;
}

std::optional<std::uint64_t> parseOwnTicks(std::string_view procSelfStat)
{
    // "pid (comm) state ppid ...": comm may hold anything, so count from its last ')'.
    const std::size_t close = procSelfStat.rfind(')');
    if (close == std::string_view::npos)
        return std::nullopt;
    std::string_view rest = procSelfStat.substr(close + 1);
    while (!rest.empty() && (rest.back() == '\n' || rest.back() == ' '))
        rest.remove_suffix(1);
    // Field 3 (state) is a letter; the numbers start at field 4 (ppid).
    std::size_t i = 0;
    while (i < rest.size() && rest[i] == ' ')
        ++i;
    const std::size_t afterState = rest.find(' ', i);
    if (afterState == std::string_view::npos)
        return std::nullopt;
    // Only fields 4 to 17 are needed; later ones may be negative (priority, nice).
    std::vector<std::uint64_t> values;
    std::size_t pos = afterState;
    for (int field = 4; field <= 17; ++field) {
        while (pos < rest.size() && rest[pos] == ' ')
            ++pos;
        std::size_t end = rest.find(' ', pos);
        if (end == std::string_view::npos)
            end = rest.size();
        if (pos >= end)
            return std::nullopt;
        const std::string_view token = rest.substr(pos, end - pos);
        std::int64_t v = 0;
        const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
        if (r.ec != std::errc {} || r.ptr != token.data() + token.size())
            return std::nullopt;
        values.push_back(static_cast<std::uint64_t>(std::max<std::int64_t>(v, 0)));
        pos = end;
    }
    // values[0] is field 4; utime is field 14.
    return values[10] + values[11] + values[12] + values[13];
}

std::optional<double> otherCpuShare(const CpuLoadReading& before, const CpuLoadReading& after)
{
    if (after.machine.total < before.machine.total || after.machine.busy < before.machine.busy
        || after.own < before.own)
        return std::nullopt;
    const std::uint64_t total = after.machine.total - before.machine.total;
    if (total < kMinLoadTicks)
        return std::nullopt;
    const double busy = static_cast<double>(after.machine.busy - before.machine.busy);
    const double own = static_cast<double>(after.own - before.own);
    // The two files are read at slightly different moments and own time is rounded per
    // thread: clamp, never report a negative share.
    return std::clamp((busy - own) / static_cast<double>(total), 0.0, 1.0);
}

std::optional<CpuLoadReading> readCpuLoad(const std::string& procStat, const std::string& procSelfStat)
{
    const auto stat = readWholeFile(procStat);
    const auto self = readWholeFile(procSelfStat);
    if (!stat || !self)
        return std::nullopt;
    const auto machine = parseMachineTicks(*stat);
    const auto own = parseOwnTicks(*self);
    if (!machine || !own)
        return std::nullopt;
    return CpuLoadReading {*machine, *own};
}

bool machineWasBusy(std::optional<double> otherShare) noexcept
{
    return otherShare && *otherShare > kBusyMachineShare;
}

std::string busyMachineSentence(double otherShare)
{
    const int percent = static_cast<int>(std::lround(std::clamp(otherShare, 0.0, 1.0) * 100.0));
    return "the machine was busy: " + std::to_string(percent) + " % of the CPUs went to other programs";
}

} // namespace interleave
