#include "timeline/replayclock.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace interleave {

void ReplayClock::setRange(TimeNs start, TimeNs end)
{
    m_start = start;
    m_end = std::max(start, end);
    m_position = m_end;
    m_carryNs = 0;
}

void ReplayClock::seek(TimeNs t) noexcept
{
    m_position = std::clamp(t, m_start, m_end);
    m_carryNs = 0;
}

bool ReplayClock::setSpeed(double speed) noexcept
{
    if (std::isnan(speed))
        return false;
    m_speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    return true;
}

bool ReplayClock::advance(TimeNs realElapsedNs) noexcept
{
    if (realElapsedNs > 0 && m_position < m_end) {
        const double step = static_cast<double>(realElapsedNs) * m_speed + m_carryNs;
        const double whole = std::floor(step);
        m_carryNs = step - whole;
        const double room = static_cast<double>(m_end - m_position);
        if (whole >= room) {
            m_position = m_end;
            m_carryNs = 0;
        } else {
            m_position += static_cast<TimeNs>(whole);
        }
    }
    return atEnd();
}

double ReplayClock::fraction() const noexcept
{
    if (m_end <= m_start)
        return 1.0;
    return static_cast<double>(m_position - m_start) / static_cast<double>(m_end - m_start);
}

TimeNs ReplayClock::timeAtFraction(double fraction) const noexcept
{
    if (std::isnan(fraction))
        return m_position;
    const double f = std::clamp(fraction, 0.0, 1.0);
    return m_start + static_cast<TimeNs>(std::llround(f * static_cast<double>(m_end - m_start)));
}

namespace {

std::optional<TimeNs> laneNextChange(const Trace& trace, LaneId lane, TimeNs t)
{
    const std::size_t count = trace.spanCount(lane);
    if (count == 0)
        return std::nullopt;
    if (trace.span(lane, 0).start > t)
        return trace.span(lane, 0).start;
    // spanAt gives the last record at or before t (several may share a time), so the record
    // after it starts strictly later.
    if (const auto index = trace.spanAt(lane, t); index && *index + 1 < count)
        return trace.span(lane, *index + 1).start;
    return std::nullopt;
}

std::optional<TimeNs> lanePreviousChange(const Trace& trace, LaneId lane, TimeNs t)
{
    const std::size_t count = trace.spanCount(lane);
    if (count == 0)
        return std::nullopt;
    if (const auto index = trace.spanAt(lane, t - 1))
        return trace.span(lane, *index).start;
    // Past the lane's end, its last record is the latest change; before its start, none.
    const TimeNs last = trace.span(lane, count - 1).start;
    if (last < t)
        return last;
    return std::nullopt;
}

template <typename Fn, typename Better>
std::optional<TimeNs> acrossLanes(
    const Trace& trace, std::optional<LaneId> lane, Fn&& perLane, Better&& better)
{
    if (lane) {
        if (*lane < 0 || static_cast<std::size_t>(*lane) >= trace.laneCount())
            return std::nullopt;
        return perLane(*lane);
    }
    std::optional<TimeNs> best;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        const auto candidate = perLane(static_cast<LaneId>(i));
        if (candidate && (!best || better(*candidate, *best)))
            best = candidate;
    }
    return best;
}

} // namespace

std::optional<TimeNs> nextStateChange(const Trace& trace, TimeNs t, std::optional<LaneId> lane)
{
    return acrossLanes(
        trace, lane, [&](LaneId id) { return laneNextChange(trace, id, t); },
        [](TimeNs a, TimeNs b) { return a < b; });
}

std::optional<TimeNs> previousStateChange(const Trace& trace, TimeNs t, std::optional<LaneId> lane)
{
    return acrossLanes(
        trace, lane, [&](LaneId id) { return lanePreviousChange(trace, id, t); },
        [](TimeNs a, TimeNs b) { return a > b; });
}

std::vector<StateChangeAt> stateChangesAt(const Trace& trace, TimeNs t, std::optional<LaneId> lane)
{
    std::vector<StateChangeAt> changes;
    const auto look = [&](LaneId id) {
        // spanAt gives the last record at or before t; several records at t are one change,
        // from the state before the first of them to the last.
        const auto lastAt = trace.spanAt(id, t);
        if (!lastAt || trace.span(id, *lastAt).start != t)
            return;
        std::size_t firstAt = *lastAt;
        while (firstAt > 0 && trace.span(id, firstAt - 1).start == t)
            --firstAt;
        const Span entered = trace.span(id, *lastAt);
        StateChangeAt change {id, std::nullopt, entered.state, entered.task};
        if (firstAt > 0)
            change.from = trace.span(id, firstAt - 1).state;
        changes.push_back(change);
    };
    if (lane) {
        if (*lane >= 0 && static_cast<std::size_t>(*lane) < trace.laneCount())
            look(*lane);
    } else {
        for (std::size_t i = 0; i < trace.laneCount(); ++i)
            look(static_cast<LaneId>(i));
    }
    return changes;
}

std::string formatReplayTime(TimeNs offset, TimeNs total)
{
    const TimeNs scale = std::max(offset, total);
    char text[48];
    if (scale >= 10'000'000'000) // ten seconds and more: seconds
        std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(offset) / 1e9);
    else if (scale >= 1'000'000) // a millisecond and more: milliseconds, to the microsecond
        std::snprintf(text, sizeof text, "%.3f ms", static_cast<double>(offset) / 1e6);
    else
        std::snprintf(text, sizeof text, "%.3f µs", static_cast<double>(offset) / 1e3);
    return text;
}

std::string formatSpeed(double speed)
{
    char text[32];
    std::snprintf(text, sizeof text, "%gx", speed);
    return text;
}

} // namespace interleave
