#include "trace/recorder.h"
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace interleave {
namespace {

TEST(Recorder, AssignsLaneIdsInOrder)
{
    Recorder recorder;
    LaneWriter a = recorder.addLane({.kind = LaneKind::Process, .pid = 10, .tid = 10, .name = "main"});
    LaneWriter b = recorder.addLane({.parent = a.id(), .kind = LaneKind::Thread, .pid = 10, .tid = 11, .name = "t1"});
    EXPECT_EQ(a.id(), 0);
    EXPECT_EQ(b.id(), 1);
    const RecorderSnapshot snap = recorder.snapshot();
    ASSERT_EQ(snap.lanes.size(), 2u);
    EXPECT_EQ(snap.lanes[1].info.parent, 0);
    EXPECT_EQ(snap.lanes[1].info.name, "t1");
    EXPECT_EQ(snap.lanes[1].info.id, 1);
}

TEST(Recorder, RecordStampsTheClockInOrder)
{
    Recorder recorder;
    LaneWriter w = recorder.addLane({});
    const TimeNs before = nowNs();
    const TimeNs t1 = w.record(State::Starting);
    const TimeNs t2 = w.record(State::Running, 3, 7);
    const TimeNs after = nowNs();
    EXPECT_LE(before, t1);
    EXPECT_LE(t1, t2);
    EXPECT_LE(t2, after);
    const RecorderSnapshot snap = recorder.snapshot();
    ASSERT_EQ(snap.lanes[0].count, 2u);
    const StateChange& r = snap.lanes[0].store->at(1);
    EXPECT_EQ(r.state, State::Running);
    EXPECT_EQ(r.task, 3);
    EXPECT_EQ(r.detail, 7);
    EXPECT_EQ(r.time, t2);
}

TEST(Recorder, SnapshotIsFrozenWhileWritersContinue)
{
    Recorder recorder;
    LaneWriter w = recorder.addLane({});
    w.record(State::Running);
    const RecorderSnapshot snap = recorder.snapshot();
    w.record(State::BlockedIo);
    w.record(State::Done);
    EXPECT_EQ(snap.lanes[0].count, 1u);
    const Trace trace = Trace::fromSnapshot(snap);
    EXPECT_EQ(trace.spanCount(0), 1u);
    EXPECT_EQ(recorder.snapshot().lanes[0].count, 3u);
}

TEST(Recorder, SnapshotTimeIsNotBeforeAnyCountedRecord)
{
    Recorder recorder;
    LaneWriter w = recorder.addLane({});
    for (int i = 0; i < 1000; ++i)
        w.record(State::Running);
    const RecorderSnapshot snap = recorder.snapshot();
    EXPECT_GE(snap.takenAt, snap.lanes[0].store->at(snap.lanes[0].count - 1).time);
}

TEST(Recorder, NotesAndMetadataAppearInSnapshots)
{
    Recorder recorder;
    LaneWriter w = recorder.addLane({.name = "worker"});
    recorder.addNote(w.id(), 42, "worker died: killed by signal 9");
    recorder.setMetadata("model", "threads");
    recorder.setMetadata("model", "processes");
    const RecorderSnapshot snap = recorder.snapshot();
    ASSERT_EQ(snap.notes.size(), 1u);
    EXPECT_EQ(snap.notes[0].lane, 0);
    EXPECT_EQ(snap.notes[0].time, 42);
    EXPECT_EQ(snap.notes[0].text, "worker died: killed by signal 9");
    EXPECT_EQ(snap.metadata.at("model"), "processes");
}

// Many writers, one lane each, and a reader taking snapshots all along: every snapshot is a
// consistent prefix of each lane (times non-decreasing, tasks as written), counts only grow,
// and lanes added mid-run show up. Checked for races under ThreadSanitizer.
TEST(Recorder, ConcurrentWritersAndSnapshottingReader)
{
    Recorder recorder;
    constexpr int kWriters = 6;
    constexpr int kRecords = 30'000;
    std::atomic<int> finished{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            LaneWriter lane = recorder.addLane({.name = "w" + std::to_string(w)});
            for (int i = 0; i < kRecords; ++i)
                lane.record(i % 2 ? State::Running : State::WaitingGil, i);
            lane.record(State::Done, kRecords);
            finished.fetch_add(1, std::memory_order_release);
        });
    }
    std::vector<std::size_t> lastCounts;
    while (true) {
        const bool allDone = finished.load(std::memory_order_acquire) == kWriters;
        const RecorderSnapshot snap = recorder.snapshot();
        lastCounts.resize(snap.lanes.size(), 0);
        for (std::size_t l = 0; l < snap.lanes.size(); ++l) {
            const auto& lane = snap.lanes[l];
            ASSERT_GE(lane.count, lastCounts[l]);
            lastCounts[l] = lane.count;
            TimeNs prev = 0;
            // Sample the prefix rather than walk it all, to keep the loop brisk.
            for (std::size_t i = 0; i < lane.count; i += 97) {
                const StateChange& r = lane.store->at(i);
                ASSERT_EQ(r.task, static_cast<std::int32_t>(i));
                ASSERT_GE(r.time, prev);
                ASSERT_LE(r.time, snap.takenAt);
                prev = r.time;
            }
        }
        const Trace trace = Trace::fromSnapshot(snap);
        ASSERT_LE(trace.startTime(), trace.endTime());
        if (allDone)
            break;
    }
    for (auto& t : writers)
        t.join();
    const RecorderSnapshot last = recorder.snapshot();
    ASSERT_EQ(last.lanes.size(), static_cast<std::size_t>(kWriters));
    for (const auto& lane : last.lanes) {
        ASSERT_EQ(lane.count, static_cast<std::size_t>(kRecords) + 1);
        EXPECT_EQ(lane.store->at(lane.count - 1).state, State::Done);
    }
}

} // namespace
} // namespace interleave
