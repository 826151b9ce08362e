#include "analysis/repeat_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace interleave {

double medianOf(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

double quantileOf(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1) + 0.5;
    return values[std::min(static_cast<std::size_t>(rank), values.size() - 1)];
}

RepeatedRun foldRepeats(const std::vector<RunResult>& runs)
{
    RepeatedRun folded;
    if (runs.empty()) {
        folded.wall.runs = 0;
        return folded;
    }
    std::vector<const RunResult*> clean;
    for (const RunResult& r : runs) {
        if (!r.cancelled && r.errors.empty() && r.wallNs > 0)
            clean.push_back(&r);
    }
    if (clean.empty()) {
        folded.result = runs.back();
        folded.wall.runs = 0;
        return folded;
    }

    std::vector<double> walls;
    for (const RunResult* r : clean) {
        walls.push_back(static_cast<double>(r->wallNs));
        folded.wall.allNs.push_back(r->wallNs);
    }
    const double median = medianOf(walls);
    const RunResult* nearest = *std::min_element(clean.begin(), clean.end(), [&](const RunResult* a, const RunResult* b) {
        return std::abs(static_cast<double>(a->wallNs) - median) < std::abs(static_cast<double>(b->wallNs) - median);
    });
    folded.result = *nearest;
    folded.result.wallNs = static_cast<TimeNs>(std::llround(median));
    folded.wall.runs = static_cast<int>(clean.size());
    folded.wall.minNs = *std::min_element(folded.wall.allNs.begin(), folded.wall.allNs.end());
    folded.wall.maxNs = *std::max_element(folded.wall.allNs.begin(), folded.wall.allNs.end());

    double busySum = 0;
    int busyCount = 0;
    folded.result.errors.clear();
    for (const RunResult& r : runs) {
        if (r.busyOtherCpu) {
            busySum += *r.busyOtherCpu;
            ++busyCount;
        }
        folded.result.errors.insert(folded.result.errors.end(), r.errors.begin(), r.errors.end());
        folded.result.cancelled = folded.result.cancelled || r.cancelled;
    }
    folded.result.busyOtherCpu = busyCount > 0 ? std::optional<double>(busySum / busyCount) : std::nullopt;
    return folded;
}

SpeedupWithRange speedupAgainst(const RepeatedRun& baseline, const RepeatedRun& point)
{
    if (baseline.wall.runs <= 0 || point.wall.runs <= 0 || baseline.result.wallNs <= 0 || point.result.wallNs <= 0)
        return {};
    const auto ratio = [](TimeNs a, TimeNs b) { return static_cast<double>(a) / static_cast<double>(b); };
    return {ratio(baseline.result.wallNs, point.result.wallNs), ratio(baseline.wall.minNs, point.wall.maxNs),
        ratio(baseline.wall.maxNs, point.wall.minNs)};
}

std::string speedupText(double median, double low, double high, int runs)
{
    if (median <= 0)
        return "-";
    char text[64];
    if (runs <= 1 || low <= 0 || high <= 0)
        std::snprintf(text, sizeof text, "%.2fx", median);
    else
        std::snprintf(text, sizeof text, "%.2fx (%.2f-%.2f)", median, low, high);
    return text;
}

} // namespace interleave
