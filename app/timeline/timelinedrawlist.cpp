#include "timeline/timelinedrawlist.h"

#include "timeline/lodtable.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

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

// The pixel mapping and the item list shared by both ways of building a draw list.
class DrawListBuilder {
public:
    DrawListBuilder(const Trace& trace, LaneId lane, const TimelineCoordinates& coords, double mergeWidthPx)
        : m_trace(trace)
        , m_lane(lane)
        , m_t0(coords.windowStart())
        , m_t1(coords.windowEnd())
        , m_left(coords.plotLeft())
        // The same mapping as coords.xForTime, with the division hoisted out of the loop.
        , m_pxPerNs(coords.plotWidth() / static_cast<double>(coords.windowDuration()))
        , m_mergeWidthPx(mergeWidthPx)
    {
        m_list.lane = lane;
    }

    double clippedX(TimeNs t) const
    {
        return m_left + static_cast<double>(std::clamp(t, m_t0, m_t1) - m_t0) * m_pxPerNs;
    }
    double mergeWidthPx() const { return m_mergeWidthPx; }
    bool isWide(const Span& s) const { return clippedX(s.end) - clippedX(s.start) >= m_mergeWidthPx; }

    // Every record read goes through here, so spansRead counts the work done. The last record
    // read is kept: walking a lane reads the span after a block to find where the block ends,
    // and that span is the next one drawn.
    Span read(std::size_t index)
    {
        if (index == m_cachedIndex)
            return m_cached;
        ++m_list.spansRead;
        m_cached = m_trace.span(m_lane, index);
        m_cachedIndex = index;
        return m_cached;
    }

    void emit(double x0, double x1, State state, float running, std::size_t firstSpan, std::size_t count)
    {
        x1 = std::max(x1, x0 + 1.0); // every span stays visible, however short
        // A block next to a block of the same dominant state is the same busy stretch: one
        // item. (A state dominant in both parts is dominant in their union.)
        if (!m_list.items.empty()) {
            TimelineDrawItem& prev = m_list.items.back();
            if (prev.merged() && count > 1 && prev.state == state
                && prev.firstSpan + prev.spanCount == firstSpan && x0 <= prev.x1 + 0.5) {
                const double before = prev.x1 - prev.x0;
                const double added = x1 - x0;
                prev.runningShare
                    = static_cast<float>((prev.runningShare * before + running * added) / (before + added));
                prev.x1 = std::max(prev.x1, x1);
                prev.spanCount += count;
                return;
            }
        }
        m_list.items.push_back({x0, x1, state, firstSpan, count, running});
    }

    // The state mix of spans [first, last): summed when few, sampled when many.
    StateMix mixOf(std::size_t first, std::size_t last)
    {
        m_cachedIndex = static_cast<std::size_t>(-1);
        return sampledMix(m_trace, m_lane, first, last, m_t0, m_t1, m_list.spansRead);
    }

    TimelineDrawList take() { return std::move(m_list); }
    void reserve(std::size_t items) { m_list.items.reserve(items); }
    std::size_t& spansRead() { return m_list.spansRead; }

private:
    const Trace& m_trace;
    LaneId m_lane;
    TimeNs m_t0;
    TimeNs m_t1;
    double m_left;
    double m_pxPerNs;
    double m_mergeWidthPx;
    TimelineDrawList m_list;
    std::size_t m_cachedIndex = static_cast<std::size_t>(-1);
    Span m_cached;
};

// The level of a summary whose buckets are at most the merge width (and more than half of it):
// then a span that starts and ends in one bucket is narrow.
int lodLevelFor(const TimelineCoordinates& coords, double mergeWidthPx)
{
    const double bucketNs = coords.nsPerPixel() * mergeWidthPx;
    if (!(bucketNs >= 1))
        return -1;
    return static_cast<int>(std::floor(std::log2(bucketNs)));
}

// Draws spans [first, last) from a level-of-detail summary, one step per bucket of at most the
// merge width: the spans starting in a bucket form one block, coloured by the bucket's dominant
// state, whatever their number. Each step reads one record, the block's last span: every other
// span of the block ends where the next one starts, inside the bucket, so it is narrow; the
// last one may reach far, and if it is wide it is drawn on its own. Its end is where the next
// block starts, so the next step needs no read to begin. Where the table alone shows the last
// span to be narrow, a step reads nothing at all.
void buildFromLod(DrawListBuilder& b, const LaneLod& lod, int level, std::size_t first, std::size_t last)
{
    const std::vector<LodBucket>& buckets = lod.level(level);
    auto emitSpan = [&](std::size_t index, const Span& s) {
        b.emit(b.clippedX(s.start), b.clippedX(s.end), s.state, runningShare(s.state), index, 1);
    };

    std::size_t i = first;
    TimeNs start = b.read(first).start;
    while (i < last) {
        const std::size_t bucket = lod.bucketOf(level, start);
        // Clamped, so a summary that does not fit the trace still accounts for every span once.
        const std::size_t next = lod.firstSpanOf(level, bucket + 1);
        const std::size_t j = std::clamp(next, i + 1, last);
        // Where the block's last span ends is where the next bucket's first span starts, which
        // the table knows. If that is within the merge width of this bucket's start, the last
        // span is narrow too, and the block is drawn without reading a record.
        if (j == next && j - i > 1) {
            const std::optional<TimeNs> end = lod.firstStartOf(level, bucket + 1);
            const LodBucket& summary = buckets[std::min(bucket, buckets.size() - 1)];
            if (end && summary.dominant != kNoDominantState
                && b.clippedX(*end) - b.clippedX(lod.bucketStart(level, bucket)) < b.mergeWidthPx()) {
                b.emit(b.clippedX(start), b.clippedX(*end), static_cast<State>(summary.dominant),
                    static_cast<float>(summary.running) / 255.0F, i, j - i);
                start = *end;
                i = j;
                continue;
            }
        }
        const Span lastOfBlock = b.read(j - 1);
        if (j - 1 == i) {
            emitSpan(i, lastOfBlock);
        } else {
            const bool lastIsWide = b.isWide(lastOfBlock);
            const std::size_t to = lastIsWide ? j - 1 : j;
            const TimeNs end = lastIsWide ? lastOfBlock.start : lastOfBlock.end;
            const LodBucket& summary = buckets[std::min(bucket, buckets.size() - 1)];
            if (to - i == 1) {
                emitSpan(i, b.read(i));
            } else if (lastIsWide) {
                // The bucket's mix counts the wide span too: the rest is mixed from the spans.
                const StateMix mix = b.mixOf(i, to);
                b.emit(b.clippedX(start), b.clippedX(end), mix.dominant, mix.runningShare, i, to - i);
            } else if (summary.dominant == kNoDominantState) { // zero-length spans only
                const State state = b.read(i).state;
                b.emit(b.clippedX(start), b.clippedX(end), state, runningShare(state), i, to - i);
            } else {
                b.emit(b.clippedX(start), b.clippedX(end), static_cast<State>(summary.dominant),
                    static_cast<float>(summary.running) / 255.0F, i, to - i);
            }
            if (lastIsWide)
                emitSpan(j - 1, b.read(j - 1));
        }
        start = lastOfBlock.end;
        i = j;
    }
}

} // namespace

TimelineDrawList buildLaneDrawList(
    const Trace& trace, LaneId lane, const TimelineCoordinates& coords, double mergeWidthPx)
{
    return buildLaneDrawList(trace, lane, coords, nullptr, mergeWidthPx);
}

TimelineDrawList buildLaneDrawList(const Trace& trace, LaneId lane, const TimelineCoordinates& coords,
    const LaneLod* lod, double mergeWidthPx)
{
    const TimeNs t0 = coords.windowStart();
    const TimeNs t1 = coords.windowEnd();
    const auto [first, last] = trace.spanRange(lane, t0, t1);
    DrawListBuilder builder(trace, lane, coords, mergeWidthPx);
    if (first == last)
        return builder.take();
    // About one item per pixel, fewer when spans are few: little regrowing on the way, and
    // small enough for the allocator to hand back the same memory frame after frame.
    builder.reserve(std::min<std::size_t>(last - first, static_cast<std::size_t>(coords.plotWidth()) + 16));
    if (lod && !lod->empty() && mergeWidthPx >= 1) {
        const int level = lodLevelFor(coords, mergeWidthPx);
        if (level >= lod->finestLevel()) {
            buildFromLod(builder, *lod, std::min(level, lod->coarsestLevel()), first, last);
            return builder.take();
        }
    }

    // No summary (or a zoom finer than its finest level): walk the spans, a pixel column at a
    // time.
    const double left = coords.plotLeft();
    auto clippedX = [&](TimeNs t) { return builder.clippedX(t); };
    auto isWide = [&](const Span& s) { return builder.isWide(s); };
    auto emit = [&](double x0, double x1, State state, float running, std::size_t firstSpan,
                    std::size_t count) { builder.emit(x0, x1, state, running, firstSpan, count); };
    auto read = [&](std::size_t index) { return builder.read(index); };

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
            const StateMix mix
                = walked ? weights.mix() : sampledMix(trace, lane, i, j, t0, t1, builder.spansRead());
            emit(x0, clippedX(lastInColumn.end), mix.dominant, mix.runningShare, i, j - i);
        }
        i = j;
    }
    return builder.take();
}

} // namespace interleave
