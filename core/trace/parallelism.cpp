#include "trace/parallelism.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

namespace interleave {

namespace {

bool isOsThread(LaneKind kind) noexcept { return kind == LaneKind::Process || kind == LaneKind::Thread; }

// The lane whose OS thread runs `lane`: itself for a process or thread, the nearest ancestor
// that is one for a coroutine (a coroutine with none, as an imported file may have, stands
// for a thread of its own); kNoLane for a pool task, which only mirrors its worker.
LaneId threadOf(const Trace& trace, LaneId lane, LaneId firstLane)
{
    const LaneKind kind = trace.lane(lane).kind;
    if (isOsThread(kind))
        return lane;
    if (kind != LaneKind::Coroutine)
        return kNoLane;
    LaneId at = lane;
    // Parents come before their children in a recorder, so the walk ends; the bound keeps a
    // malformed import (a cycle) from looping.
    for (std::size_t steps = 0; steps < trace.laneCount(); ++steps) {
        const LaneId parent = trace.lane(at).parent;
        if (parent < firstLane || static_cast<std::size_t>(parent) >= trace.laneCount())
            return lane;
        const LaneKind parentKind = trace.lane(parent).kind;
        if (isOsThread(parentKind))
            return parent;
        if (parentKind != LaneKind::Coroutine)
            return lane;
        at = parent;
    }
    return lane;
}

constexpr int kMaxCount = std::numeric_limits<std::uint16_t>::max();

using Edge = std::pair<TimeNs, int>; // a time and what the count changes by there

using Interval = std::pair<TimeNs, TimeNs>;

// Appends the Running intervals of one thread's lanes, merged (so that an instant when the
// thread and one of its coroutines both show Running counts once) and in time order.
void appendRunning(const Trace& trace, const std::vector<LaneId>& lanes, std::vector<Interval>& out,
    std::vector<Interval>& scratch)
{
    auto merge = [&out](const std::vector<Interval>& sorted, std::size_t from) {
        // `sorted` from index `from` is in order of start; folds overlapping or touching ones.
        std::size_t i = from;
        while (i < sorted.size()) {
            const TimeNs start = sorted[i].first;
            TimeNs end = sorted[i].second;
            for (++i; i < sorted.size() && sorted[i].first <= end; ++i)
                end = std::max(end, sorted[i].second);
            out.emplace_back(start, end);
        }
    };
    if (lanes.size() == 1) {
        // One lane's spans are in order already: merge them in place at the end of out.
        const std::size_t from = out.size();
        const LaneId lane = lanes.front();
        const std::size_t count = trace.spanCount(lane);
        for (std::size_t i = 0; i < count; ++i) {
            const Span span = trace.span(lane, i);
            if (span.state != State::Running || span.end <= span.start)
                continue;
            if (out.size() > from && span.start <= out.back().second)
                out.back().second = std::max(out.back().second, span.end);
            else
                out.emplace_back(span.start, span.end);
        }
        return;
    }
    scratch.clear();
    for (LaneId lane : lanes) {
        const std::size_t count = trace.spanCount(lane);
        for (std::size_t i = 0; i < count; ++i) {
            const Span span = trace.span(lane, i);
            if (span.state == State::Running && span.end > span.start)
                scratch.emplace_back(span.start, span.end);
        }
    }
    std::sort(scratch.begin(), scratch.end());
    merge(scratch, 0);
}

// Sorts the edges and sums those at equal times: the count after each distinct time.
template <typename Fn>
void sweep(std::vector<Edge>& edges, Fn&& onStep)
{
    std::sort(edges.begin(), edges.end());
    int count = 0;
    for (std::size_t i = 0; i < edges.size();) {
        const TimeNs t = edges[i].first;
        for (; i < edges.size() && edges[i].first == t; ++i)
            count += edges[i].second;
        onStep(t, count);
    }
}

} // namespace

ParallelismProfile::ParallelismProfile(const Trace& trace, LaneId firstLane)
    : m_laneCount(trace.laneCount())
    , m_spanCount(trace.totalSpanCount())
    , m_traceEnd(trace.endTime())
{
    firstLane = std::max<LaneId>(0, firstLane);
    std::vector<std::vector<LaneId>> lanesOfThread(trace.laneCount());
    std::vector<Edge> alive;
    TimeNs first = std::numeric_limits<TimeNs>::max();
    TimeNs last = std::numeric_limits<TimeNs>::min();
    for (std::size_t id = static_cast<std::size_t>(firstLane); id < trace.laneCount(); ++id) {
        const auto lane = static_cast<LaneId>(id);
        if (trace.spanCount(lane) == 0)
            continue;
        first = std::min(first, trace.span(lane, 0).start);
        last = std::max(last, trace.laneEnd(lane));
        const LaneId thread = threadOf(trace, lane, firstLane);
        if (thread == kNoLane)
            continue;
        lanesOfThread[static_cast<std::size_t>(thread)].push_back(lane);
        if (thread == lane && trace.laneEnd(lane) > trace.span(lane, 0).start) {
            alive.emplace_back(trace.span(lane, 0).start, +1);
            alive.emplace_back(trace.laneEnd(lane), -1);
        }
    }
    if (first > last)
        return; // nothing recorded
    m_start = first;
    m_end = last;

    sweep(alive, [this](TimeNs, int count) { m_threadCount = std::max(m_threadCount, count); });

    // Each thread's intervals are in order and disjoint, so the count's changes come from
    // merging the threads' edge lists (a heap of one cursor per thread), not from sorting
    // every edge: E log(threads) rather than E log E.
    std::vector<Interval> intervals;
    std::vector<std::size_t> firstOf; // per thread with intervals, its first in `intervals`
    std::vector<Interval> scratch;
    for (const std::vector<LaneId>& lanes : lanesOfThread) {
        if (lanes.empty())
            continue;
        const std::size_t from = intervals.size();
        appendRunning(trace, lanes, intervals, scratch);
        if (intervals.size() > from)
            firstOf.push_back(from);
    }
    firstOf.push_back(intervals.size());

    // A cursor: the thread's next edge, at `time`; `edge` counts its edges, even ones starts.
    struct Cursor {
        TimeNs time;
        std::size_t edge;
        std::size_t thread;
        bool operator>(const Cursor& other) const noexcept { return time > other.time; }
    };
    std::vector<Cursor> heap;
    for (std::size_t thread = 0; thread + 1 < firstOf.size(); ++thread)
        heap.push_back({intervals[firstOf[thread]].first, 0, thread});
    std::make_heap(heap.begin(), heap.end(), std::greater<>());
    m_times.reserve(intervals.size() * 2);
    m_counts.reserve(intervals.size() * 2);
    int count = 0;
    while (!heap.empty()) {
        const TimeNs t = heap.front().time;
        // Every edge at this instant, from every thread, before the count is taken.
        while (!heap.empty() && heap.front().time == t) {
            std::pop_heap(heap.begin(), heap.end(), std::greater<>());
            Cursor& cursor = heap.back();
            count += cursor.edge % 2 == 0 ? +1 : -1;
            ++cursor.edge;
            const std::size_t index = firstOf[cursor.thread] + cursor.edge / 2;
            if (index < firstOf[cursor.thread + 1]) {
                cursor.time = cursor.edge % 2 == 0 ? intervals[index].first : intervals[index].second;
                std::push_heap(heap.begin(), heap.end(), std::greater<>());
            } else {
                heap.pop_back();
            }
        }
        const auto value = static_cast<std::uint16_t>(std::clamp(count, 0, kMaxCount));
        if (!m_counts.empty() && m_counts.back() == value)
            continue;
        m_times.push_back(t);
        m_counts.push_back(value);
    }
    m_times.shrink_to_fit();
    m_counts.shrink_to_fit();

    m_area.resize(m_times.size());
    TimeNs area = 0;
    for (std::size_t i = 0; i < m_times.size(); ++i) {
        m_area[i] = area;
        if (i + 1 < m_times.size())
            area += static_cast<TimeNs>(m_counts[i]) * (m_times[i + 1] - m_times[i]);
    }

    // The pyramid of maxima for peak(): each level halves the one below, the odd one out kept.
    const std::vector<std::uint16_t>* below = &m_counts;
    while (below->size() > 1) {
        std::vector<std::uint16_t> level((below->size() + 1) / 2);
        for (std::size_t j = 0; j < level.size(); ++j) {
            const std::size_t a = 2 * j;
            level[j] = a + 1 < below->size() ? std::max((*below)[a], (*below)[a + 1]) : (*below)[a];
        }
        m_levels.push_back(std::move(level));
        below = &m_levels.back();
    }
}

std::ptrdiff_t ParallelismProfile::stepAt(TimeNs t) const
{
    const auto it = std::upper_bound(m_times.begin(), m_times.end(), t);
    return (it - m_times.begin()) - 1;
}

double ParallelismProfile::area(TimeNs t) const
{
    const std::ptrdiff_t i = stepAt(t);
    if (i < 0)
        return 0;
    const auto step = static_cast<std::size_t>(i);
    return static_cast<double>(m_area[step])
        + static_cast<double>(m_counts[step]) * static_cast<double>(t - m_times[step]);
}

double ParallelismProfile::mean(TimeNs t0, TimeNs t1) const
{
    if (t1 <= t0)
        return 0;
    return (area(t1) - area(t0)) / static_cast<double>(t1 - t0);
}

int ParallelismProfile::rangeMax(std::size_t first, std::size_t last) const
{
    int best = 0;
    std::size_t lo = first;
    std::size_t hi = last + 1; // half-open at each level
    for (std::size_t k = 0; lo < hi; ++k) {
        const std::vector<std::uint16_t>& level = k == 0 ? m_counts : m_levels[k - 1];
        if (lo & 1)
            best = std::max<int>(best, level[lo++]);
        if (hi & 1)
            best = std::max<int>(best, level[--hi]);
        lo >>= 1;
        hi >>= 1;
    }
    return best;
}

int ParallelismProfile::peak(TimeNs t0, TimeNs t1) const
{
    if (t1 <= t0 || m_times.empty())
        return 0;
    const std::ptrdiff_t last = stepAt(t1 - 1);
    if (last < 0)
        return 0;
    const std::ptrdiff_t first = std::max<std::ptrdiff_t>(0, stepAt(t0));
    return rangeMax(static_cast<std::size_t>(first), static_cast<std::size_t>(last));
}

TimeNs ParallelismProfile::timeAtLeast(int level) const
{
    if (level <= 0)
        return m_end - m_start;
    TimeNs total = 0;
    for (std::size_t i = 0; i + 1 < m_times.size(); ++i) {
        if (m_counts[i] >= level)
            total += m_times[i + 1] - m_times[i];
    }
    return total;
}

bool ParallelismProfile::matches(const Trace& trace) const noexcept
{
    return trace.laneCount() == m_laneCount && trace.totalSpanCount() == m_spanCount
        && trace.endTime() == m_traceEnd;
}

std::size_t ParallelismProfile::memoryBytes() const noexcept
{
    std::size_t bytes = m_times.capacity() * sizeof(TimeNs) + m_counts.capacity() * sizeof(std::uint16_t)
        + m_area.capacity() * sizeof(TimeNs);
    for (const auto& level : m_levels)
        bytes += level.capacity() * sizeof(std::uint16_t);
    return bytes;
}

} // namespace interleave
