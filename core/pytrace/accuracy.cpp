#include "pytrace/accuracy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>

namespace interleave::pytrace {
namespace {

std::map<std::int32_t, LaneId> threadLanesByTid(const Trace& trace)
{
    std::map<std::int32_t, LaneId> lanes;
    for (LaneId id = 0; id < static_cast<LaneId>(trace.laneCount()); ++id)
        if (trace.lane(id).kind == LaneKind::Thread)
            lanes.emplace(trace.lane(id).tid, id);
    return lanes;
}

std::optional<State> stateAt(const Trace& trace, LaneId lane, TimeNs t)
{
    if (const auto i = trace.spanAt(lane, t))
        return trace.span(lane, *i).state;
    return std::nullopt;
}

// Whether consecutive notes at most maxGap apart surround t.
bool heldAt(const std::vector<TimeNs>& stamps, TimeNs t, TimeNs maxGap)
{
    const auto after = std::lower_bound(stamps.begin(), stamps.end(), t);
    if (after == stamps.end())
        return false;
    if (*after == t)
        return true;
    if (after == stamps.begin())
        return false;
    return *after - *std::prev(after) <= maxGap;
}

TimeNs median(std::vector<TimeNs> v)
{
    if (v.empty())
        return 0;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

} // namespace

Truth parseTruth(const std::string& text)
{
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("threads") || !json["threads"].is_array())
        throw std::runtime_error("a truth file is a JSON object with an array \"threads\"");
    Truth truth;
    try {
        for (const auto& t : json["threads"]) {
            TruthThread thread;
            thread.name = t.at("name").get<std::string>();
            thread.tid = t.at("tid").get<std::int32_t>();
            if (t.contains("stamps"))
                thread.stamps = t["stamps"].get<std::vector<TimeNs>>();
            if (t.contains("sleeps"))
                for (const auto& s : t["sleeps"])
                    thread.sleeps.emplace_back(s.at(0).get<TimeNs>(), s.at(1).get<TimeNs>());
            if (!std::is_sorted(thread.stamps.begin(), thread.stamps.end()))
                throw std::runtime_error("thread " + thread.name + ": its stamps are not in time order");
            truth.threads.push_back(std::move(thread));
        }
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("a truth file's thread is malformed: ") + e.what());
    }
    return truth;
}

GilAgreement compareGilHolder(const Trace& trace, const Truth& truth, TimeNs step, TimeNs maxGap)
{
    GilAgreement result;
    if (step <= 0)
        return result;
    const auto lanes = threadLanesByTid(trace);
    TimeNs from = 0, to = 0;
    bool any = false;
    for (const TruthThread& t : truth.threads) {
        if (t.stamps.empty())
            continue;
        from = any ? std::min(from, t.stamps.front()) : t.stamps.front();
        to = any ? std::max(to, t.stamps.back()) : t.stamps.back();
        any = true;
    }
    if (!any)
        return result;
    result.from = from;
    result.to = to;

    for (TimeNs t = from; t <= to; t += step) {
        const TruthThread* holder = nullptr;
        int holders = 0;
        for (const TruthThread& thread : truth.threads)
            if (heldAt(thread.stamps, t, maxGap)) {
                holder = &thread;
                ++holders;
            }
        if (holders != 1)
            continue;
        ++result.compared;
        bool right = true;
        for (const TruthThread& thread : truth.threads) {
            const auto lane = lanes.find(thread.tid);
            const bool running = lane != lanes.end() && stateAt(trace, lane->second, t) == State::Running;
            right = right && running == (&thread == holder);
        }
        result.agreed += right ? 1 : 0;
    }

    for (const TruthThread& thread : truth.threads)
        if (const auto lane = lanes.find(thread.tid); lane != lanes.end())
            trace.forEachSpan(lane->second, from, to + 1, [&](const Span& s) {
                result.slices += s.state == State::Running ? 1 : 0;
            });

    // The notes of all threads merged in time order: each change of thread is a hand-over.
    std::vector<std::pair<TimeNs, std::size_t>> notes;
    for (std::size_t k = 0; k < truth.threads.size(); ++k)
        for (const TimeNs t : truth.threads[k].stamps)
            notes.emplace_back(t, k);
    std::sort(notes.begin(), notes.end());
    for (std::size_t i = 1; i < notes.size(); ++i)
        result.handOvers += notes[i].second != notes[i - 1].second ? 1 : 0;
    return result;
}

std::uint64_t switchesBetween(const std::vector<std::pair<TimeNs, std::uint64_t>>& series, TimeNs from, TimeNs to)
{
    auto valueAt = [&](TimeNs t) -> std::uint64_t {
        const auto after = std::upper_bound(series.begin(), series.end(), t,
                                            [](TimeNs x, const auto& point) { return x < point.first; });
        return after == series.begin() ? (series.empty() ? 0 : series.front().second) : std::prev(after)->second;
    };
    const std::uint64_t a = valueAt(from), b = valueAt(to);
    return b > a ? b - a : 0;
}

SleepAccuracy compareSleeps(const Trace& trace, const Truth& truth)
{
    SleepAccuracy result;
    const auto lanes = threadLanesByTid(trace);
    std::vector<TimeNs> startErrors, endErrors;
    for (const TruthThread& thread : truth.threads) {
        result.sleeps += thread.sleeps.size();
        const auto lane = lanes.find(thread.tid);
        if (lane == lanes.end())
            continue;
        for (const auto& [start, end] : thread.sleeps) {
            std::optional<Span> best;
            TimeNs bestOverlap = 0;
            trace.forEachSpan(lane->second, start, end, [&](const Span& s) {
                const TimeNs overlap = std::min(s.end, end) - std::max(s.start, start);
                if (s.state == State::BlockedIo && overlap > bestOverlap) {
                    best = s;
                    bestOverlap = overlap;
                }
            });
            if (!best)
                continue;
            ++result.matched;
            startErrors.push_back(std::llabs(best->start - start));
            endErrors.push_back(std::llabs(best->end - end));
        }
    }
    result.startErrorMedian = median(startErrors);
    result.endErrorMedian = median(endErrors);
    result.startErrorMax = startErrors.empty() ? 0 : *std::max_element(startErrors.begin(), startErrors.end());
    result.endErrorMax = endErrors.empty() ? 0 : *std::max_element(endErrors.begin(), endErrors.end());
    return result;
}

} // namespace interleave::pytrace
