#include "trace/trace.h"

#include <gtest/gtest.h>

#include <ostream>

namespace interleave {
namespace {

// Lane 0 (process): Starting@100, Running@200, BlockedIo@500, Running@700, Done@1000.
// Lane 1 (thread):  Ready@150, Running@400, WaitingGil@450 (open, ends at 1200).
Trace sampleTrace()
{
    TraceBuilder b;
    const LaneId p = b.addLane({.kind = LaneKind::Process, .pid = 1, .tid = 1, .name = "main"});
    const LaneId t = b.addLane({.parent = p, .kind = LaneKind::Thread, .pid = 1, .tid = 2, .name = "worker"});
    b.append(p, {100, 0, State::Starting});
    b.append(p, {200, 0, State::Running});
    b.append(p, {500, 0, State::BlockedIo});
    b.append(p, {700, 0, State::Running});
    b.append(p, {1000, 0, State::Done});
    b.append(t, {150, 1, State::Ready});
    b.append(t, {400, 1, State::Running});
    b.append(t, {450, 1, State::WaitingGil});
    b.setLaneEnd(t, 1200);
    b.setMetadata("model", "threads");
    return b.build();
}

TEST(Trace, EmptyTrace)
{
    Trace trace;
    EXPECT_EQ(trace.laneCount(), 0u);
    EXPECT_TRUE(trace.empty());
    EXPECT_EQ(trace.duration(), 0);
}

TEST(Trace, LanesAndNesting)
{
    const Trace trace = sampleTrace();
    ASSERT_EQ(trace.laneCount(), 2u);
    EXPECT_EQ(trace.lane(0).kind, LaneKind::Process);
    EXPECT_EQ(trace.lane(1).parent, 0);
    EXPECT_EQ(trace.children(kNoLane), std::vector<LaneId>{0});
    EXPECT_EQ(trace.children(0), std::vector<LaneId>{1});
    EXPECT_TRUE(trace.children(1).empty());
    EXPECT_EQ(trace.metadata().at("model"), "threads");
}

TEST(Trace, TimeBounds)
{
    const Trace trace = sampleTrace();
    EXPECT_EQ(trace.startTime(), 100);
    EXPECT_EQ(trace.endTime(), 1200);
    EXPECT_EQ(trace.duration(), 1100);
    EXPECT_EQ(trace.totalSpanCount(), 8u);
}

TEST(Trace, SpansEndWhereTheNextBegins)
{
    const Trace trace = sampleTrace();
    EXPECT_EQ(trace.span(0, 0), (Span{100, 200, State::Starting, 0, 0}));
    EXPECT_EQ(trace.span(0, 2), (Span{500, 700, State::BlockedIo, 0, 0}));
    // A terminal state is a point: the lane ends where it finished.
    EXPECT_EQ(trace.span(0, 4), (Span{1000, 1000, State::Done, 0, 0}));
    // An open lane's last span runs to the lane's end.
    EXPECT_EQ(trace.span(1, 2), (Span{450, 1200, State::WaitingGil, 1, 0}));
    EXPECT_THROW(trace.span(0, 5), std::out_of_range);
}

struct RangeCase {
    TimeNs t0, t1;
    std::size_t first, last; // first == last: no span overlaps

    friend std::ostream& operator<<(std::ostream& os, const RangeCase& c)
    {
        return os << "[" << c.t0 << ", " << c.t1 << ")";
    }
};

class SpanRangeTest : public ::testing::TestWithParam<RangeCase> {};

TEST_P(SpanRangeTest, FindsExactlyTheOverlappingSpans)
{
    const Trace trace = sampleTrace();
    const RangeCase c = GetParam();
    const auto [first, last] = trace.spanRange(0, c.t0, c.t1);
    if (c.first == c.last) {
        EXPECT_EQ(first, last);
    } else {
        EXPECT_EQ(first, c.first);
        EXPECT_EQ(last, c.last);
    }
    // Cross-check against a linear scan of the definition.
    std::size_t expectFirst = trace.spanCount(0), expectLast = 0;
    for (std::size_t i = 0; i < trace.spanCount(0); ++i) {
        const Span s = trace.span(0, i);
        const bool overlaps = c.t0 < c.t1
                              && (s.start == s.end ? (s.start >= c.t0 && s.start < c.t1)
                                                   : (s.start < c.t1 && s.end > c.t0));
        if (overlaps) {
            expectFirst = std::min(expectFirst, i);
            expectLast = i + 1;
        }
    }
    if (expectLast == 0)
        expectFirst = 0;
    if (first != last) {
        EXPECT_EQ(first, expectFirst);
        EXPECT_EQ(last, expectLast);
    } else {
        EXPECT_EQ(expectLast, 0u);
    }
}

INSTANTIATE_TEST_SUITE_P(Ranges, SpanRangeTest,
                         ::testing::Values(RangeCase{0, 50, 0, 0},        // before the lane
                                           RangeCase{0, 101, 0, 1},       // touches the first
                                           RangeCase{150, 250, 0, 2},     // straddles a change
                                           RangeCase{200, 201, 1, 2},     // starts on a change
                                           RangeCase{199, 200, 0, 1},     // ends on a change
                                           RangeCase{600, 650, 2, 3},     // inside one span
                                           RangeCase{0, 5000, 0, 5},      // everything
                                           RangeCase{1000, 1001, 4, 5},   // just the Done point
                                           RangeCase{999, 1000, 3, 4},    // up to Done
                                           RangeCase{1001, 2000, 0, 0},   // after the lane
                                           RangeCase{300, 300, 0, 0}));   // empty interval

TEST(Trace, SpanAt)
{
    const Trace trace = sampleTrace();
    EXPECT_FALSE(trace.spanAt(0, 99).has_value());
    EXPECT_EQ(trace.spanAt(0, 100), 0u);
    EXPECT_EQ(trace.spanAt(0, 199), 0u);
    EXPECT_EQ(trace.spanAt(0, 200), 1u);
    EXPECT_EQ(trace.spanAt(0, 1000), 4u);
    EXPECT_FALSE(trace.spanAt(0, 1001).has_value());
    EXPECT_EQ(trace.spanAt(1, 1199), 2u);
    EXPECT_FALSE(trace.spanAt(1, 1200).has_value());
}

TEST(Trace, ForEachSpanVisitsTheRange)
{
    const Trace trace = sampleTrace();
    std::vector<State> seen;
    trace.forEachSpan(0, 450, 750, [&](const Span& s) { seen.push_back(s.state); });
    EXPECT_EQ(seen, (std::vector<State>{State::Running, State::BlockedIo, State::Running}));
}

TEST(Trace, StateTotalsPerLane)
{
    const Trace trace = sampleTrace();
    const StateTotals p = trace.stateTotals(0);
    EXPECT_EQ(totalFor(p, State::Starting), 100);
    EXPECT_EQ(totalFor(p, State::Running), 300 + 300);
    EXPECT_EQ(totalFor(p, State::BlockedIo), 200);
    EXPECT_EQ(totalFor(p, State::Done), 0);
    const StateTotals t = trace.stateTotals(1);
    EXPECT_EQ(totalFor(t, State::Ready), 250);
    EXPECT_EQ(totalFor(t, State::Running), 50);
    EXPECT_EQ(totalFor(t, State::WaitingGil), 750);
}

TEST(Trace, StateTotalsClippedToAWindow)
{
    const Trace trace = sampleTrace();
    const StateTotals p = trace.stateTotals(0, 450, 750);
    EXPECT_EQ(totalFor(p, State::Running), 50 + 50);
    EXPECT_EQ(totalFor(p, State::BlockedIo), 200);
    EXPECT_EQ(totalFor(p, State::Starting), 0);
}

TEST(Trace, FromSnapshotEndsOpenLanesAtTheSnapshotTime)
{
    Recorder recorder;
    LaneWriter done = recorder.addLane({.name = "done"});
    LaneWriter open = recorder.addLane({.name = "open"});
    done.recordAt(10, State::Running);
    done.recordAt(20, State::Done);
    open.recordAt(15, State::Running);
    RecorderSnapshot snap = recorder.snapshot();
    const Trace trace = Trace::fromSnapshot(snap);
    EXPECT_EQ(trace.laneEnd(0), 20);
    EXPECT_EQ(trace.laneEnd(1), snap.takenAt);
    EXPECT_EQ(trace.span(1, 0).end, snap.takenAt);
    EXPECT_EQ(trace.startTime(), 10);
}

TEST(Trace, FromSnapshotIgnoresLanesWithoutRecordsForBounds)
{
    Recorder recorder;
    recorder.addLane({.name = "silent"});
    LaneWriter w = recorder.addLane({.name = "busy"});
    w.recordAt(5, State::Running);
    w.recordAt(9, State::Done);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    EXPECT_EQ(trace.startTime(), 5);
    EXPECT_EQ(trace.endTime(), 9);
    EXPECT_EQ(trace.spanCount(0), 0u);
    EXPECT_EQ(trace.spanRange(0, 0, 100), (std::pair<std::size_t, std::size_t>{0, 0}));
}

TEST(TraceBuilder, RejectsRecordsOutOfOrder)
{
    TraceBuilder b;
    const LaneId l = b.addLane({});
    b.append(l, {100, 0, State::Running});
    EXPECT_THROW(b.append(l, {99, 0, State::Done}), std::invalid_argument);
    b.append(l, {100, 0, State::Done}); // equal times are fine
}

TEST(Trace, SpanQueriesAcrossManyChunks)
{
    TraceBuilder b;
    const LaneId l = b.addLane({});
    constexpr std::size_t n = 100'000;
    for (std::size_t i = 0; i < n; ++i)
        b.append(l, {static_cast<TimeNs>(i * 10), static_cast<std::int32_t>(i), State::Running});
    const Trace trace = b.build();
    EXPECT_EQ(trace.spanRange(l, 500'005, 500'055), (std::pair<std::size_t, std::size_t>{50'000, 50'006}));
    EXPECT_EQ(trace.spanAt(l, 999'985), n - 2);
    EXPECT_EQ(trace.span(l, 77'777).task, 77'777);
}

} // namespace
} // namespace interleave
