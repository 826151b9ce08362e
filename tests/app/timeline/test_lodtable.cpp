#include "timeline/lodtable.h"
#include "timeline/timelinedrawlist.h"

#include <gtest/gtest.h>

#include <random>

namespace interleave {
namespace {

// Lanes of random spans: bursts of very short ones, long Running slices, waits in between.
Trace randomTrace(int lanes, int spansPerLane, std::uint64_t seed)
{
    TraceBuilder builder;
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<int> percent(0, 99);
    std::uniform_int_distribution<TimeNs> shortSpan(10, 2'000);
    for (int l = 0; l < lanes; ++l) {
        const LaneId lane = builder.addLane({.kind = LaneKind::Thread, .name = "T" + std::to_string(l)});
        TimeNs t = 1'000'000'000'000 + l * 333;
        for (int i = 0; i < spansPerLane; ++i) {
            const int roll = percent(random);
            State state = State::Running;
            TimeNs duration = 0;
            if (roll < 15) {
                duration = 200'000; // a long slice
            } else if (roll < 30) {
                state = State::BlockedIo;
                duration = shortSpan(random) * 50;
            } else if (roll < 32) {
                state = State::Done;
                duration = 0; // zero-length marks happen (a task ends and the next starts)
            } else {
                state = roll % 2 == 0 ? State::Running : State::WaitingGil;
                duration = shortSpan(random);
            }
            builder.append(lane, {.time = t, .state = state});
            t += duration;
        }
        builder.setLaneEnd(lane, t);
    }
    return builder.build();
}

TimelineCoordinates window(TimeNs start, TimeNs end, int plotWidth = 1200)
{
    TimelineCoordinates c;
    c.setWidth(plotWidth + 150);
    c.setGutterWidth(150);
    c.setWindow(start, end);
    return c;
}

void expectEverySpanOnce(
    const Trace& trace, LaneId lane, const TimelineDrawList& list, const TimelineCoordinates& c)
{
    const auto [first, last] = trace.spanRange(lane, c.windowStart(), c.windowEnd());
    std::size_t next = first;
    for (const TimelineDrawItem& item : list.items) {
        ASSERT_EQ(item.firstSpan, next) << "items cover the spans in order, none twice or skipped";
        ASSERT_GE(item.spanCount, 1U);
        ASSERT_GE(item.x1 - item.x0, 1.0 - 1e-9) << "every span gets at least a pixel";
        ASSERT_GE(item.x0, c.plotLeft() - 1e-9);
        ASSERT_LE(item.x0, c.plotRight() + 1e-9);
        ASSERT_GE(item.runningShare, 0.0F);
        ASSERT_LE(item.runningShare, 1.0F);
        if (!item.merged()) { // a single span is drawn as itself
            const Span s = trace.span(lane, item.firstSpan);
            EXPECT_EQ(item.state, s.state);
        }
        next = item.firstSpan + item.spanCount;
    }
    EXPECT_EQ(next, last);
}

TEST(LodTable, LevelsHalveUpToOneBucketAndIndexTheSpans)
{
    const Trace trace = randomTrace(1, 20'000, 7);
    const LodTable table(trace);
    const LaneLod* lod = table.lane(trace, 0);
    ASSERT_NE(lod, nullptr);
    EXPECT_EQ(lod->level(lod->coarsestLevel()).size(), 1U);
    // The finest level has at most a bucket per two spans.
    EXPECT_LE(lod->level(lod->finestLevel()).size(), 20'000U / 2);
    for (int level = lod->finestLevel(); level <= lod->coarsestLevel(); ++level) {
        const std::vector<LodBucket>& buckets = lod->level(level);
        for (std::size_t b = 0; b < buckets.size(); b += 97) {
            // firstSpan is the count of spans starting before the bucket's start.
            const TimeNs start = lod->bucketStart(level, b);
            std::size_t before = 0;
            if (start > trace.span(0, 0).start) {
                const auto at = trace.spanAt(0, start - 1);
                before = at ? *at + 1 : trace.spanCount(0);
            }
            ASSERT_EQ(buckets[b].firstSpan, before) << "level " << level << " bucket " << b;
            if (before < trace.spanCount(0)) {
                ASSERT_EQ(lod->firstStartOf(level, b), trace.span(0, before).start);
            }
        }
    }
}

TEST(LodTable, DrawListFromTheSummaryAccountsForEverySpanOnceAtEveryZoom)
{
    const Trace trace = randomTrace(3, 30'000, 11);
    const LodTable table(trace);
    for (LaneId lane = 0; lane < 3; ++lane) {
        const LaneLod* lod = table.lane(trace, lane);
        ASSERT_NE(lod, nullptr);
        const TimeNs start = trace.startTime();
        const TimeNs duration = trace.duration();
        // Fitted, then narrower windows at a few places, down past the finest level.
        for (TimeNs divisor : {1, 3, 10, 40, 200, 5'000}) {
            for (TimeNs offset : {TimeNs {0}, duration / 3, duration - duration / divisor}) {
                const TimelineCoordinates c = window(start + offset, start + offset + duration / divisor);
                const TimelineDrawList list = buildLaneDrawList(trace, lane, c, lod);
                SCOPED_TRACE(testing::Message() << "lane " << lane << " 1/" << divisor << " at " << offset);
                expectEverySpanOnce(trace, lane, list, c);
                EXPECT_LE(list.items.size(), 2U * 1200 + 2);
            }
        }
    }
}

TEST(LodTable, AFittedMillionSpanLaneReadsAFewRecordsPerPixel)
{
    TraceBuilder builder;
    const LaneId lane = builder.addLane({.kind = LaneKind::Thread, .name = "busy"});
    constexpr int kSpans = 1'000'000;
    TimeNs t = 0;
    for (int i = 0; i < kSpans; ++i) {
        builder.append(lane, {.time = t, .state = i % 2 == 0 ? State::Running : State::WaitingGil});
        t += 50 + (static_cast<TimeNs>(i) * 7919) % 1000;
    }
    builder.setLaneEnd(lane, t);
    const Trace trace = builder.build();
    const LodTable table(trace);
    const TimelineCoordinates c = window(0, trace.endTime(), 1500);

    const TimelineDrawList list = buildLaneDrawList(trace, lane, c, table.lane(trace, lane));

    expectEverySpanOnce(trace, lane, list, c);
    // Without the summary a fitted lane reads up to ~70 records per pixel (see the draw list's
    // own test); with it, a couple per bucket at most.
    EXPECT_LE(list.spansRead, 1500U * 2);
    EXPECT_LE(list.items.size(), 1500U);
    // Twice as long Running as WaitingGil on average? No: durations are independent of the
    // state here, so both take about half; the running shares say so.
    double running = 0;
    double width = 0;
    for (const TimelineDrawItem& item : list.items) {
        running += item.runningShare * (item.x1 - item.x0);
        width += item.x1 - item.x0;
    }
    EXPECT_NEAR(running / width, 0.5, 0.05);
}

TEST(LodTable, DominantStateComesFromTheTimeSpentInEachState)
{
    // Per 100 ns: one 80 ns WaitingLock span and four 5 ns Running spans, 5000 times.
    TraceBuilder builder;
    const LaneId lane = builder.addLane({.kind = LaneKind::Thread, .name = "T"});
    TimeNs t = 0;
    for (int k = 0; k < 5'000; ++k) {
        builder.append(lane, {.time = t, .state = State::WaitingLock});
        t += 80;
        for (int r = 0; r < 4; ++r) {
            builder.append(lane, {.time = t, .state = State::Running});
            t += 5;
        }
    }
    builder.setLaneEnd(lane, t);
    const Trace trace = builder.build();
    const LodTable table(trace);
    const TimelineCoordinates c = window(0, t, 500); // 1000 ns per pixel
    const TimelineDrawList list = buildLaneDrawList(trace, lane, c, table.lane(trace, lane));
    expectEverySpanOnce(trace, lane, list, c);
    for (const TimelineDrawItem& item : list.items) {
        if (item.merged()) {
            EXPECT_EQ(item.state, State::WaitingLock);
            EXPECT_NEAR(item.runningShare, 0.2, 0.02);
        }
    }
}

TEST(LodTable, AWideSpanAmongNarrowOnesIsDrawnExactly)
{
    TraceBuilder builder;
    const LaneId lane = builder.addLane({.kind = LaneKind::Thread, .name = "T"});
    TimeNs t = 0;
    for (int i = 0; i < 10'000; ++i) {
        builder.append(lane, {.time = t, .state = State::Running});
        t += 10;
    }
    const TimeNs wideStart = t;
    builder.append(lane, {.time = t, .state = State::BlockedIo});
    t += 100'000; // half the trace
    for (int i = 0; i < 10'000; ++i) {
        builder.append(lane, {.time = t, .state = State::WaitingGil});
        t += 10;
    }
    builder.setLaneEnd(lane, t);
    const Trace trace = builder.build();
    const LodTable table(trace);
    const TimelineCoordinates c = window(0, t, 1000); // 300 ns per pixel
    const TimelineDrawList list = buildLaneDrawList(trace, lane, c, table.lane(trace, lane));
    expectEverySpanOnce(trace, lane, list, c);
    const auto wide = std::find_if(list.items.begin(), list.items.end(),
        [](const TimelineDrawItem& i) { return i.state == State::BlockedIo; });
    ASSERT_NE(wide, list.items.end());
    EXPECT_EQ(wide->spanCount, 1U);
    EXPECT_EQ(wide->firstSpan, 10'000U);
    EXPECT_NEAR(wide->x0, c.xForTime(wideStart), 1e-6);
    EXPECT_NEAR(wide->x1, c.xForTime(wideStart + 100'000), 1e-6);
}

TEST(LodTable, ASummaryIsUsedOnlyForTheLaneAsItWas)
{
    TraceBuilder builder;
    const LaneId lane = builder.addLane({.kind = LaneKind::Thread, .name = "T"});
    for (int i = 0; i < 1'000; ++i)
        builder.append(lane, {.time = i * 10, .state = i % 2 ? State::Running : State::WaitingGil});
    builder.setLaneEnd(lane, 10'000);
    const Trace before = builder.build();
    const LodTable table(before);
    EXPECT_NE(table.lane(before, lane), nullptr);
    EXPECT_EQ(table.lane(before, 1), nullptr); // no such lane

    TraceBuilder grown;
    const LaneId same = grown.addLane({.kind = LaneKind::Thread, .name = "T"});
    for (int i = 0; i < 1'001; ++i)
        grown.append(same, {.time = i * 10, .state = i % 2 ? State::Running : State::WaitingGil});
    EXPECT_EQ(table.lane(grown.build(), same), nullptr);

    // Too few spans to be worth a summary.
    const Trace small = randomTrace(1, 100, 3);
    EXPECT_EQ(LodTable(small).lane(small, 0), nullptr);
}

TEST(LodTable, TheSummaryOfAnotherLaneStillAccountsForEverySpan)
{
    const Trace trace = randomTrace(2, 20'000, 5);
    const LaneLod wrong(trace, 1); // lane 1's summary used for lane 0
    const TimelineCoordinates c = window(trace.startTime(), trace.endTime());
    const TimelineDrawList list = buildLaneDrawList(trace, 0, c, &wrong);
    expectEverySpanOnce(trace, 0, list, c);
}

} // namespace
} // namespace interleave
