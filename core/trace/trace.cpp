#include "trace/trace.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace interleave {

Trace::Trace(std::vector<LaneData> lanes, std::vector<TraceNote> notes,
             std::map<std::string, std::string> metadata, LockLog locks)
    : m_lanes(std::move(lanes)), m_notes(std::move(notes)), m_metadata(std::move(metadata))
{
    if (!locks.empty())
        m_locks = std::make_shared<const LockLog>(std::move(locks));
    TimeNs start = std::numeric_limits<TimeNs>::max();
    TimeNs end = std::numeric_limits<TimeNs>::min();
    for (const LaneData& lane : m_lanes) {
        if (lane.count == 0 && lane.dropped.count == 0)
            continue;
        start = std::min(start, lane.count > 0 ? lane.store->at(0).time : lane.dropped.from);
        end = std::max(end, lane.end);
    }
    if (start <= end) {
        m_start = start;
        m_end = end;
    }
}

Trace Trace::fromSnapshot(const RecorderSnapshot& snapshot)
{
    std::vector<LaneData> lanes;
    lanes.reserve(snapshot.lanes.size());
    std::size_t dropped = 0;
    for (const auto& lane : snapshot.lanes) {
        TimeNs end = snapshot.takenAt;
        if (lane.count > 0 || lane.dropped.count > 0) {
            const StateChange& last
                = lane.dropped.count > 0 ? lane.dropped.last : lane.store->at(lane.count - 1);
            if (isTerminal(last.state))
                end = last.time;
            end = std::max(end, last.time);
        }
        dropped += lane.dropped.count;
        lanes.push_back({lane.info, lane.store, lane.count, end, lane.dropped});
    }
    auto metadata = snapshot.metadata;
    if (dropped > 0) // said in the trace itself, so a saved file says it too
        metadata["spans_dropped"] = std::to_string(dropped);
    return Trace(std::move(lanes), snapshot.notes, std::move(metadata), snapshot.locks);
}

const LockLog& Trace::lockLog() const noexcept
{
    static const LockLog kNone;
    return m_locks ? *m_locks : kNone;
}

std::vector<LaneId> Trace::children(LaneId parent) const
{
    std::vector<LaneId> result;
    for (const LaneData& lane : m_lanes) {
        if (lane.info.parent == parent)
            result.push_back(lane.info.id);
    }
    return result;
}

std::size_t Trace::totalSpanCount() const noexcept
{
    std::size_t total = 0;
    for (const LaneData& lane : m_lanes)
        total += lane.count;
    return total;
}

std::size_t Trace::droppedSpanCount() const noexcept
{
    std::size_t total = 0;
    for (const LaneData& lane : m_lanes)
        total += lane.dropped.count;
    return total;
}

TimeNs Trace::spanEnd(const LaneData& lane, std::size_t index) const noexcept
{
    return index + 1 < lane.count ? lane.store->at(index + 1).time : detailEnd(lane);
}

Span Trace::span(LaneId id, std::size_t index) const
{
    const LaneData& lane = data(id);
    if (index >= lane.count)
        throw std::out_of_range("span index out of range");
    const StateChange& r = lane.store->at(index);
    return Span{r.time, spanEnd(lane, index), r.state, r.task, r.detail};
}

namespace {

// Number of records of the lane whose time satisfies pred (a prefix, records being in order).
template <typename Pred>
std::size_t countPrefix(const LaneStore& store, std::size_t count, Pred pred)
{
    std::size_t lo = 0;
    std::size_t hi = count;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (pred(store.at(mid).time))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

} // namespace

std::pair<std::size_t, std::size_t> Trace::spanRange(LaneId id, TimeNs t0, TimeNs t1) const
{
    const LaneData& lane = data(id);
    if (lane.count == 0 || t1 <= t0)
        return {0, 0};
    // Spans starting before t1 may overlap; of those, skip the ones ending at or before t0.
    const std::size_t last = countPrefix(*lane.store, lane.count, [t1](TimeNs t) { return t < t1; });
    std::size_t first = countPrefix(*lane.store, last, [t0](TimeNs t) { return t <= t0; });
    if (first > 0)
        --first; // the span that starts at or before t0 may still cover it
    while (first < last) {
        const TimeNs start = lane.store->at(first).time;
        const TimeNs end = spanEnd(lane, first);
        if (end > t0 || (end == start && start >= t0))
            break;
        ++first;
    }
    return {first, last};
}

std::optional<std::size_t> Trace::spanAt(LaneId id, TimeNs t) const
{
    const LaneData& lane = data(id);
    const std::size_t n = countPrefix(*lane.store, lane.count, [t](TimeNs x) { return x <= t; });
    if (n == 0)
        return std::nullopt;
    // Several records may share a timestamp; the last of them is the state in force at t.
    const std::size_t index = n - 1;
    if (index + 1 == lane.count) {
        const TimeNs start = lane.store->at(index).time;
        const TimeNs end = detailEnd(lane);
        const bool atZeroLengthEnd = t == start && end == start;
        if (t >= end && !atZeroLengthEnd)
            return std::nullopt;
    }
    return index;
}

StateTotals Trace::stateTotals(LaneId id) const
{
    StateTotals totals = stateTotals(id, std::numeric_limits<TimeNs>::min(), std::numeric_limits<TimeNs>::max());
    const DroppedRecords& dropped = data(id).dropped;
    if (dropped.count > 0) {
        for (std::size_t s = 0; s < kStateCount; ++s)
            totals[s] += dropped.time[s];
        totals[static_cast<std::size_t>(dropped.last.state)] += laneEnd(id) - dropped.last.time;
    }
    return totals;
}

StateTotals Trace::stateTotals(LaneId id, TimeNs t0, TimeNs t1) const
{
    StateTotals totals{};
    const LaneData& lane = data(id);
    const auto [first, last] = spanRange(id, t0, t1);
    for (std::size_t i = first; i < last; ++i) {
        const StateChange& r = lane.store->at(i);
        const TimeNs start = std::max(r.time, t0);
        const TimeNs end = std::min(spanEnd(lane, i), t1);
        if (end > start)
            totals[static_cast<std::size_t>(r.state)] += end - start;
    }
    return totals;
}

LaneId TraceBuilder::addLane(LaneInfo info)
{
    info.id = static_cast<LaneId>(m_lanes.size());
    m_lanes.push_back({std::move(info), std::make_shared<LaneStore>(), 0, std::nullopt, 0});
    return m_lanes.back().info.id;
}

void TraceBuilder::append(LaneId id, const StateChange& record)
{
    Lane& lane = m_lanes.at(static_cast<std::size_t>(id));
    if (lane.count > 0 && record.time < lane.lastTime)
        throw std::invalid_argument("records of a lane must be in time order");
    lane.store->append(record);
    lane.lastTime = record.time;
    ++lane.count;
}

void TraceBuilder::setLaneEnd(LaneId id, TimeNs end)
{
    m_lanes.at(static_cast<std::size_t>(id)).end = end;
}

Trace TraceBuilder::build()
{
    std::vector<Trace::LaneData> lanes;
    lanes.reserve(m_lanes.size());
    for (Lane& lane : m_lanes) {
        TimeNs end = lane.end.value_or(lane.lastTime);
        if (lane.count > 0)
            end = std::max(end, lane.lastTime);
        lanes.push_back({std::move(lane.info), std::move(lane.store), lane.count, end, {}});
    }
    m_lanes.clear();
    return Trace(std::move(lanes), std::move(m_notes), std::move(m_metadata), std::move(m_locks));
}

} // namespace interleave
