#include "trace/lane_store.h"
#include "trace/recorder.h"
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <thread>
#include <vector>

namespace interleave {
namespace {

// A lane's worth of records whose spans have known lengths: state i % 4, lasting 10 + i ns.
std::vector<StateChange> spanBudgetRecords(std::size_t count, TimeNs start = 1'000)
{
    constexpr State kStates[] = {State::Running, State::WaitingGil, State::BlockedIo, State::Ready};
    std::vector<StateChange> records;
    TimeNs t = start;
    for (std::size_t i = 0; i < count; ++i) {
        records.push_back({t, static_cast<std::int32_t>(i), kStates[i % 4], 0, static_cast<std::uint16_t>(i % 7)});
        t += 10 + static_cast<TimeNs>(i);
    }
    records.push_back({t, -1, State::Done, 0, 0});
    return records;
}

TEST(SpanBudget, GrantsWhatIsLeftThenNothing)
{
    SpanBudget budget(300);
    EXPECT_EQ(budget.take(256), 256u);
    EXPECT_EQ(budget.take(512), 44u);
    EXPECT_EQ(budget.take(1), 0u);
    EXPECT_EQ(budget.take(1024), 0u);
    EXPECT_EQ(budget.limit(), 300u);
}

TEST(SpanBudget, LaneStoreKeepsExactlyTheBudgetAndCountsTheRest)
{
    SpanBudget budget(300);
    LaneStore store(&budget);
    const std::vector<StateChange> records = spanBudgetRecords(999); // 1000 with the final Done
    for (const StateChange& r : records)
        store.append(r);

    ASSERT_EQ(store.size(), 300u);
    for (std::size_t i = 0; i < store.size(); ++i)
        ASSERT_EQ(store.at(i), records[i]) << i;
    const DroppedRecords dropped = store.dropped();
    EXPECT_EQ(dropped.count, 700u);
    EXPECT_EQ(store.droppedCount(), 700u);
    EXPECT_EQ(dropped.from, records[300].time);
    EXPECT_EQ(dropped.last, records.back());
    std::array<TimeNs, kStateCount> time {};
    std::array<std::uint64_t, kStateCount> entered {};
    for (std::size_t i = 300; i < records.size(); ++i) {
        entered[static_cast<std::size_t>(records[i].state)] += 1;
        if (i + 1 < records.size())
            time[static_cast<std::size_t>(records[i].state)] += records[i + 1].time - records[i].time;
    }
    EXPECT_EQ(dropped.time, time);
    EXPECT_EQ(dropped.entered, entered);
}

TEST(SpanBudget, WithoutABudgetNothingIsDropped)
{
    LaneStore store;
    for (const StateChange& r : spanBudgetRecords(5000))
        store.append(r);
    EXPECT_EQ(store.size(), 5001u);
    EXPECT_EQ(store.dropped(), DroppedRecords {});
}

// Enough records for several prefaulted chunks: every one reads back as written.
TEST(SpanBudget, PrefaultedChunksHoldWhatWasWritten)
{
    LaneStore store;
    const std::vector<StateChange> records = spanBudgetRecords(300'000);
    for (const StateChange& r : records)
        store.append(r);
    ASSERT_EQ(store.size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        ASSERT_EQ(store.at(i), records[i]) << i;
}

// The same records through a recorder with a tiny budget and one without: the lanes' whole
// totals agree to the nanosecond, the kept detail ends where the dropped records begin.
TEST(SpanBudget, WholeLaneTotalsStayExactPastTheBudget)
{
    Recorder limited(500);
    Recorder unlimited;
    constexpr int kLanes = 3;
    std::vector<std::vector<StateChange>> lanes;
    for (int lane = 0; lane < kLanes; ++lane) {
        lanes.push_back(spanBudgetRecords(400 + 300 * static_cast<std::size_t>(lane), 1'000 + lane * 17));
        LaneWriter a = limited.addLane({.name = "lane"});
        LaneWriter b = unlimited.addLane({.name = "lane"});
        for (const StateChange& r : lanes.back()) {
            a.recordAt(r.time, r.state, r.task, r.detail);
            b.recordAt(r.time, r.state, r.task, r.detail);
        }
    }
    const Trace kept = Trace::fromSnapshot(limited.snapshot());
    const Trace full = Trace::fromSnapshot(unlimited.snapshot());

    EXPECT_LE(kept.totalSpanCount(), 500u);
    EXPECT_EQ(kept.totalSpanCount() + kept.droppedSpanCount(), full.totalSpanCount());
    EXPECT_GT(kept.droppedSpanCount(), 0u);
    EXPECT_EQ(kept.metadata().at("spans_dropped"), std::to_string(kept.droppedSpanCount()));
    EXPECT_EQ(full.metadata().count("spans_dropped"), 0u);
    EXPECT_EQ(kept.startTime(), full.startTime());
    EXPECT_EQ(kept.endTime(), full.endTime());
    for (LaneId lane = 0; lane < kLanes; ++lane) {
        EXPECT_EQ(kept.stateTotals(lane), full.stateTotals(lane)) << "lane " << lane;
        EXPECT_EQ(kept.laneEnd(lane), full.laneEnd(lane));
        const DroppedRecords& dropped = kept.dropped(lane);
        if (dropped.count == 0)
            continue;
        // No span is stretched over time whose detail was dropped, and none is found there.
        EXPECT_EQ(kept.detailEnd(lane), dropped.from);
        if (const std::size_t count = kept.spanCount(lane); count > 0) {
            EXPECT_EQ(kept.span(lane, count - 1).end, dropped.from);
            EXPECT_EQ(kept.span(lane, count - 1), full.span(lane, count - 1));
        }
        EXPECT_FALSE(kept.spanAt(lane, dropped.from + 1).has_value());
        const auto [first, end] = kept.spanRange(lane, dropped.from, kept.laneEnd(lane));
        EXPECT_EQ(first, end);
    }
}

// A budget spent before a lane's first record: the lane has no detail, only totals.
TEST(SpanBudget, ALaneWithNoDetailStillHasItsTotals)
{
    Recorder recorder(256);
    LaneWriter first = recorder.addLane({});
    LaneWriter second = recorder.addLane({});
    for (const StateChange& r : spanBudgetRecords(255))
        first.recordAt(r.time, r.state, r.task, r.detail);
    second.recordAt(5'000, State::Running);
    second.recordAt(5'400, State::BlockedIo);
    second.recordAt(6'000, State::Done);
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    EXPECT_EQ(trace.spanCount(1), 0u);
    EXPECT_EQ(trace.dropped(1).count, 3u);
    EXPECT_EQ(trace.laneEnd(1), 6'000);
    const StateTotals totals = trace.stateTotals(1);
    EXPECT_EQ(totalFor(totals, State::Running), 400);
    EXPECT_EQ(totalFor(totals, State::BlockedIo), 600);
}

// Readers snapshot while writers record past the budget: every picture is consistent (the
// dropped time adds up to the stretch it covers) and counts never go backwards.
TEST(SpanBudget, SnapshotsWhileWritersDropAreConsistent)
{
    Recorder recorder(1000);
    constexpr int kWriters = 4;
    constexpr int kRecords = 50'000;
    std::vector<LaneWriter> writers;
    for (int i = 0; i < kWriters; ++i)
        writers.push_back(recorder.addLane({}));
    std::atomic<int> running {kWriters};
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
        threads.emplace_back([&, i] {
            TimeNs t = 100;
            for (int k = 0; k < kRecords; ++k) {
                writers[static_cast<std::size_t>(i)].recordAt(t, k % 2 == 0 ? State::Running : State::WaitingGil);
                t += 1 + k % 3;
            }
            running.fetch_sub(1);
        });
    }
    std::vector<std::size_t> seen(kWriters, 0);
    int pictures = 0;
    while (running.load() > 0 || pictures == 0) {
        const RecorderSnapshot snap = recorder.snapshot();
        for (std::size_t lane = 0; lane < snap.lanes.size(); ++lane) {
            const DroppedRecords& d = snap.lanes[lane].dropped;
            if (d.count == 0)
                continue;
            const TimeNs sum = std::accumulate(d.time.begin(), d.time.end(), TimeNs {0});
            ASSERT_EQ(sum, d.last.time - d.from);
            const std::uint64_t entries = std::accumulate(d.entered.begin(), d.entered.end(), std::uint64_t {0});
            ASSERT_EQ(entries, d.count);
            ASSERT_GE(d.count, seen[lane]);
            seen[lane] = d.count;
        }
        ++pictures;
    }
    for (std::thread& t : threads)
        t.join();
    const RecorderSnapshot done = recorder.snapshot();
    std::size_t kept = 0;
    for (const auto& lane : done.lanes) {
        kept += lane.count;
        EXPECT_EQ(lane.count + lane.dropped.count, static_cast<std::size_t>(kRecords));
    }
    EXPECT_EQ(kept, 1000u);
}

} // namespace
} // namespace interleave
