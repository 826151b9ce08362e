#include "analysis/cpu_sampler.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace interleave {

std::vector<CpuTicks> parseProcStat(std::string_view text)
{
    std::vector<CpuTicks> cores;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        // "cpu0 ..." to "cpuN ...": a digit right after "cpu"; "cpu " is the total.
        if (line.size() < 4 || !line.starts_with("cpu") || line[3] < '0' || line[3] > '9')
            continue;

        std::vector<std::uint64_t> fields;
        std::size_t i = line.find(' ');
        while (i != std::string_view::npos && i < line.size()) {
            while (i < line.size() && line[i] == ' ')
                ++i;
            if (i >= line.size())
                break;
            std::uint64_t v = 0;
            const auto r = std::from_chars(line.data() + i, line.data() + line.size(), v);
            if (r.ec != std::errc {} || (r.ptr != line.data() + line.size() && *r.ptr != ' '))
                throw std::invalid_argument("/proc/stat: not a tick count in '" + std::string(line) + "'");
            fields.push_back(v);
            i = static_cast<std::size_t>(r.ptr - line.data());
        }
        if (fields.size() < 4)
            throw std::invalid_argument("/proc/stat: too few fields in '" + std::string(line) + "'");
        fields.resize(std::max<std::size_t>(fields.size(), 8), 0);
        cores.push_back(
            {fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]});
    }
    return cores;
}

std::vector<double> coreUtilisation(const std::vector<CpuTicks>& before, const std::vector<CpuTicks>& after)
{
    std::vector<double> shares(after.size(), 0.0);
    for (std::size_t i = 0; i < after.size() && i < before.size(); ++i) {
        const std::uint64_t total0 = before[i].totalTicks(), total1 = after[i].totalTicks();
        const std::uint64_t idle0 = before[i].idleTicks(), idle1 = after[i].idleTicks();
        // Counters only grow; a reading that went backwards (a core that came back) says nothing.
        if (total1 <= total0 || idle1 < idle0)
            continue;
        const double total = static_cast<double>(total1 - total0);
        const double idle = static_cast<double>(idle1 - idle0);
        shares[i] = std::clamp(1.0 - idle / total, 0.0, 1.0);
    }
    return shares;
}

CpuSampler::CpuSampler(std::string path)
    : m_path(std::move(path))
{
}

std::optional<std::vector<double>> CpuSampler::sample()
{
    std::ifstream in(m_path);
    if (!in) {
        m_error = "cannot read " + m_path;
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<CpuTicks> now;
    try {
        now = parseProcStat(text.str());
    } catch (const std::exception& e) {
        m_error = e.what();
        return std::nullopt;
    }
    m_error.clear();
    std::vector<double> shares;
    if (m_havePrevious)
        shares = coreUtilisation(m_previous, now);
    m_previous = std::move(now);
    m_havePrevious = true;
    return shares;
}

} // namespace interleave
