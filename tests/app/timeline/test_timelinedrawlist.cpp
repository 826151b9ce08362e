#include "timeline/timelinedrawlist.h"

#include <gtest/gtest.h>


namespace interleave {
namespace {

// A lane of spans given as (duration, state), starting at 0, ending with Done.
Trace laneOf(const std::vector<std::pair<TimeNs, State>>& spans)
{
    TraceBuilder builder;
    const LaneId lane = builder.addLane({.kind = LaneKind::Thread, .name = "T"});
    TimeNs t = 0;
    for (const auto& [duration, state] : spans) {
        builder.append(lane, {.time = t, .state = state});
        t += duration;
    }
    builder.append(lane, {.time = t, .state = State::Done});
    return builder.build();
}

TimelineCoordinates drawListWindow(TimeNs start, TimeNs end, int plotWidth = 1000)
{
    TimelineCoordinates c;
    c.setWidth(plotWidth + 100);
    c.setGutterWidth(100);
    c.setWindow(start, end);
    return c;
}

std::size_t countedSpans(const TimelineDrawList& list)
{
    std::size_t total = 0;
    for (const TimelineDrawItem& item : list.items)
        total += item.spanCount;
    return total;
}

void expectWellFormed(const Trace& trace, const TimelineDrawList& list, const TimelineCoordinates& c)
{
    const auto [first, last] = trace.spanRange(0, c.windowStart(), c.windowEnd());
    EXPECT_EQ(countedSpans(list), last - first);
    std::size_t next = first;
    for (const TimelineDrawItem& item : list.items) {
        EXPECT_GE(item.x1 - item.x0, 1.0);
        EXPECT_EQ(item.firstSpan, next) << "items cover the spans in order, none twice";
        next = item.firstSpan + item.spanCount;
        EXPECT_GE(item.runningShare, 0.0F);
        EXPECT_LE(item.runningShare, 1.0F);
    }
}

TEST(TimelineDrawList, WideSpansAreExactItems)
{
    const Trace trace = laneOf({{100, State::Starting}, {400, State::Running}, {500, State::WaitingGil}});
    const TimelineCoordinates c = drawListWindow(0, 1000); // 1 ns per pixel
    const TimelineDrawList list = buildLaneDrawList(trace, 0, c);
    ASSERT_EQ(list.items.size(), 3U); // the Done at 1000 is outside [0, 1000)
    EXPECT_EQ(list.items[0].state, State::Starting);
    EXPECT_DOUBLE_EQ(list.items[0].x0, 100);
    EXPECT_DOUBLE_EQ(list.items[0].x1, 200);
    EXPECT_EQ(list.items[1].state, State::Running);
    EXPECT_DOUBLE_EQ(list.items[1].x0, 200);
    EXPECT_DOUBLE_EQ(list.items[1].x1, 600);
    EXPECT_FLOAT_EQ(list.items[1].runningShare, 1.0F);
    EXPECT_EQ(list.items[2].state, State::WaitingGil);
    EXPECT_FLOAT_EQ(list.items[2].runningShare, 0.0F);
    expectWellFormed(trace, list, c);
}

TEST(TimelineDrawList, SpansAreClippedToTheWindow)
{
    const Trace trace = laneOf({{1000, State::Running}, {1000, State::BlockedIo}});
    const TimelineCoordinates c = drawListWindow(500, 1500);
    const TimelineDrawList list = buildLaneDrawList(trace, 0, c);
    ASSERT_EQ(list.items.size(), 2U);
    EXPECT_DOUBLE_EQ(list.items[0].x0, 100);
    EXPECT_DOUBLE_EQ(list.items[0].x1, 600);
    EXPECT_DOUBLE_EQ(list.items[1].x1, 1100);
}

TEST(TimelineDrawList, NarrowSpansMergeWithEverySpanAccountedFor)
{
    // 10 000 spans of 10 ns over 1000 px of 100 ns: ten spans per pixel, Running twice as
    // long as WaitingGil.
    std::vector<std::pair<TimeNs, State>> spans;
    for (int i = 0; i < 10'000; ++i)
        spans.push_back({i % 3 == 2 ? 5 : 10, i % 3 == 2 ? State::WaitingGil : State::Running});
    const Trace trace = laneOf(spans);
    const TimelineCoordinates c = drawListWindow(0, trace.endTime());
    const TimelineDrawList list = buildLaneDrawList(trace, 0, c);
    expectWellFormed(trace, list, c);
    EXPECT_LT(list.items.size(), 10U);
    EXPECT_EQ(list.items.front().state, State::Running);
    EXPECT_TRUE(list.items.front().merged());
    EXPECT_NEAR(list.items.front().runningShare, 0.8, 0.05);
}

TEST(TimelineDrawList, AWideSpanAfterNarrowOnesStaysExact)
{
    std::vector<std::pair<TimeNs, State>> spans(50, {1, State::Running});
    spans.push_back({500, State::BlockedIo});
    const Trace trace = laneOf(spans);
    const TimelineCoordinates c = drawListWindow(0, 1000);
    const TimelineDrawList list = buildLaneDrawList(trace, 0, c);
    expectWellFormed(trace, list, c);
    const auto wide = std::find_if(list.items.begin(), list.items.end(),
        [](const TimelineDrawItem& i) { return i.state == State::BlockedIo; });
    ASSERT_NE(wide, list.items.end());
    EXPECT_EQ(wide->spanCount, 1U);
    EXPECT_DOUBLE_EQ(wide->x0, 150);
    EXPECT_DOUBLE_EQ(wide->x1, 650);
}

TEST(TimelineDrawList, DominantStateIsTheOneWithMostTime)
{
    // Per pixel (100 ns): one 80 ns WaitingLock span and four 5 ns Running spans.
    std::vector<std::pair<TimeNs, State>> spans;
    for (int px = 0; px < 100; ++px) {
        spans.push_back({80, State::WaitingLock});
        for (int k = 0; k < 4; ++k)
            spans.push_back({5, State::Running});
    }
    const Trace trace = laneOf(spans);
    const TimelineCoordinates c = drawListWindow(0, 10'000, 100);
    const TimelineDrawList list = buildLaneDrawList(trace, 0, c);
    expectWellFormed(trace, list, c);
    for (const TimelineDrawItem& item : list.items) {
        if (item.merged()) {
            EXPECT_EQ(item.state, State::WaitingLock);
        }
    }
}

TEST(TimelineDrawList, EmptyWindowGivesNoItems)
{
    const Trace trace = laneOf({{100, State::Running}});
    EXPECT_TRUE(buildLaneDrawList(trace, 0, drawListWindow(5000, 6000)).items.empty());
}

TEST(TimelineDrawList, MillionSpanLaneCostsPixelsNotSpans)
{
    TraceBuilder builder;
    const LaneId lane = builder.addLane({.kind = LaneKind::Thread, .name = "busy"});
    constexpr int kSpans = 1'000'000;
    TimeNs t = 0;
    for (int i = 0; i < kSpans; ++i) {
        builder.append(lane, {.time = t, .state = i % 2 == 0 ? State::Running : State::WaitingGil});
        t += 50 + (static_cast<TimeNs>(i) * 7919) % 1000; // uneven durations
    }
    builder.setLaneEnd(lane, t);
    const Trace trace = builder.build();
    const TimelineCoordinates c = drawListWindow(0, trace.endTime(), 1500);

    const TimelineDrawList list = buildLaneDrawList(trace, lane, c);

    expectWellFormed(trace, list, c);
    EXPECT_EQ(countedSpans(list), static_cast<std::size_t>(kSpans));
    EXPECT_LE(list.items.size(), 2U * 1500);
    // Sampled columns read a bounded number of spans each, not all million: at most a walk of
    // 32, a sampled 32 and a couple more per pixel column.
    EXPECT_LE(list.spansRead, 1500U * 70);

    // Zoomed in to a thousandth, panned to the middle: still complete and bounded.
    const TimelineCoordinates zoomed
        = drawListWindow(trace.endTime() / 2, trace.endTime() / 2 + trace.endTime() / 1000, 1500);
    const TimelineDrawList part = buildLaneDrawList(trace, lane, zoomed);
    const auto [first, last] = trace.spanRange(lane, zoomed.windowStart(), zoomed.windowEnd());
    EXPECT_EQ(countedSpans(part), last - first);
    EXPECT_LE(part.items.size(), 2U * 1500);
}

} // namespace
} // namespace interleave
