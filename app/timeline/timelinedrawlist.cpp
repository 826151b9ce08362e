#include "timeline/timelinedrawlist.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace interleave {
namespace {

// A busy column with more spans than this has its state mix sampled, not summed.
constexpr std::size_t kMaxVisitsPerColumn = 32;

// The first span index at or after `from` whose start is at or after t; `last` if none is
// before it. Records are in time order, so this is the count of records starting before t.
std::size_t firstStartingAtOrAfter(
    const Trace& trace, LaneId lane, TimeNs t, std::size_t from, std::size_t last)
{
    // spanAt names the last record starting at or before t - 1, i.e. before t. Past the lane's
    // end it answers nullopt: then every remaining span starts before t.
    const std::optional<std::size_t> before = trace.spanAt(lane, t - 1);
    if (!before)
        return last;
    return std::clamp(*before + 1, from, last);
}

// The state the lane spent the most time in over spans [first, last), clipped to [t0, t1).
// With many spans, every k-th one stands for its neighbours: a stride through spans in time
// order is an unbiased sample of their durations.
struct StateMix {
    State dominant = State::Starting;
    float runningShare = 0;
};

// Time per state over some spans, clipped to the window.
class StateWeights {
public:
    void add(const Span& s, TimeNs t0, TimeNs t1, double sign = 1)
    {
        m_last = s.state;
        const TimeNs start = std::max(s.start, t0);
        const TimeNs end = std::min(s.end, t1);
        if (end > start)
            m_weight[static_cast<std::size_t>(s.state)] += sign * static_cast<double>(end - start);
    }

    StateMix mix() const
    {
        // Ties go to the earlier state in the enum (Running before the waits): deterministic.
        const auto best = std::max_element(m_weight.begin(), m_weight.end());
        if (*best <= 0)
            return {m_last, 0}; // only zero-length spans (a Done marker) were seen
        double total = 0;
        for (double w : m_weight)
            total += std::max(w, 0.0);
        return {static_cast<State>(best - m_weight.begin()),
            static_cast<float>(
                std::clamp(m_weight[static_cast<std::size_t>(State::Running)] / total, 0.0, 1.0))};
    }

private:
    std::array<double, kStateCount> m_weight {};
    State m_last = State::Starting;
};

// The state mix of spans [first, last) when there are too many to visit: every k-th one stands
// for its neighbours (a stride through spans in time order samples their durations evenly).
StateMix sampledMix(const Trace& trace, LaneId lane, std::size_t first, std::size_t last, TimeNs t0,
    TimeNs t1, std::size_t& spansRead)
{
    const std::size_t count = last - first;
    const std::size_t stride = (count + kMaxVisitsPerColumn - 1) / kMaxVisitsPerColumn;
    StateWeights weights;
    for (std::size_t i = first; i < last; i += stride) {
        weights.add(trace.span(lane, i), t0, t1);
        ++spansRead;
    }
    return weights.mix();
}

float runningShare(State s)
{
    return s == State::Running ? 1.0F : 0.0F;
}

} // namespace

TimelineDrawList buildLaneDrawList(
    const Trace& trace, LaneId lane, const TimelineCoordinates& coords, double mergeWidthPx)
{
    TimelineDrawList list;
    list.lane = lane;
    const TimeNs t0 = coords.windowStart();
    const TimeNs t1 = coords.windowEnd();
    const auto [first, last] = trace.spanRange(lane, t0, t1);
    if (first == last)
        return list;

    // The same mapping as coords.xForTime, with the division hoisted out of the loop.
    const double left = coords.plotLeft();
    const double pxPerNs = coords.plotWidth() / static_cast<double>(coords.windowDuration());
    auto clippedX
        = [&](TimeNs t) { return left + static_cast<double>(std::clamp(t, t0, t1) - t0) * pxPerNs; };
    auto isWide = [&](const Span& s) { return clippedX(s.end) - clippedX(s.start) >= mergeWidthPx; };
    auto emit
        = [&](double x0, double x1, State state, float running, std::size_t firstSpan, std::size_t count) {
              x1 = std::max(x1, x0 + 1.0); // every span stays visible, however short
              // A block next to a block of the same dominant state is the same busy stretch: one
              // item. (A state dominant in both parts is dominant in their union.)
              if (!list.items.empty()) {
                  TimelineDrawItem& prev = list.items.back();
                  if (prev.merged() && count > 1 && prev.state == state
                      && prev.firstSpan + prev.spanCount == firstSpan && x0 <= prev.x1 + 0.5) {
                      const double before = prev.x1 - prev.x0;
                      const double added = x1 - x0;
                      prev.runningShare = static_cast<float>(
                          (prev.runningShare * before + running * added) / (before + added));
                      prev.x1 = std::max(prev.x1, x1);
                      prev.spanCount += count;
                      return;
                  }
              }
              list.items.push_back({x0, x1, state, firstSpan, count, running});
          };

    // Every record read goes through here, so spansRead counts the work done.
    auto read = [&](std::size_t index) {
        ++list.spansRead;
        return trace.span(lane, index);
    };

    std::size_t i = first;
    while (i < last) {
        const Span s = read(i);
        const double x0 = clippedX(s.start);
        const double x1 = clippedX(s.end);
        if (x1 - x0 >= mergeWidthPx) {
            emit(x0, x1, s.state, runningShare(s.state), i, 1);
            ++i;
            continue;
        }
        // A narrow span: gather every span that starts in the same pixel column. x0 may land a
        // hair below the boundary its start time is on; the column is the one whose end is
        // past the span's start.
        double column = std::floor(x0 - left);
        TimeNs columnEnd = coords.timeForX(left + column + 1);
        while (columnEnd <= s.start) {
            column += 1;
            columnEnd = coords.timeForX(left + column + 1);
        }
        // Walk the column while it is short (its spans are summed exactly on the way); past
        // kMaxVisitsPerColumn spans, jump to its end by binary search and sample instead.
        StateWeights weights;
        weights.add(s, t0, t1);
        Span lastInColumn = s;
        std::size_t j = i + 1;
        bool walked = true;
        while (j < last) {
            if (j - i == kMaxVisitsPerColumn) {
                walked = false;
                j = firstStartingAtOrAfter(trace, lane, columnEnd, j, last);
                lastInColumn = read(j - 1);
                break;
            }
            const Span next = read(j);
            if (next.start >= columnEnd)
                break;
            weights.add(next, t0, t1);
            lastInColumn = next;
            ++j;
        }
        // Only the column's last span can reach past it; if that one is wide, it is drawn on
        // its own. (The others end where a later span of the column starts.)
        if (j - i > 1 && isWide(lastInColumn)) {
            --j;
            if (walked)
                weights.add(lastInColumn, t0, t1, -1);
            lastInColumn = read(j - 1);
        }
        if (j - i == 1) {
            emit(x0, x1, s.state, runningShare(s.state), i, 1);
        } else {
            const StateMix mix = walked ? weights.mix() : sampledMix(trace, lane, i, j, t0, t1, list.spansRead);
            emit(x0, clippedX(lastInColumn.end), mix.dominant, mix.runningShare, i, j - i);
        }
        i = j;
    }
    return list;
}

} // namespace interleave
