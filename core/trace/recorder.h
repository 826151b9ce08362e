#pragma once

#include "trace/clock.h"
#include "trace/lane.h"
#include "trace/lane_store.h"
#include "trace/lock_log.h"
#include "trace/state_change.h"

#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace interleave {

// A remark attached to a lane at an instant: why a lane failed, what a run reported.
struct TraceNote {
    LaneId lane = kNoLane;
    TimeNs time = 0;
    std::string text;

    friend bool operator==(const TraceNote&, const TraceNote&) = default;
};

// The handle a lane's single writer records through. Cheap to copy; valid while the
// Recorder lives. Recording is lock-free: a clock read and one append.
class LaneWriter {
public:
    LaneWriter() = default;
    LaneWriter(LaneStore* store, LaneId id) : m_store(store), m_id(id) {}

    LaneId id() const noexcept { return m_id; }
    bool valid() const noexcept { return m_store != nullptr; }

    TimeNs record(State state, std::int32_t task = kNoTask, std::uint16_t detail = 0)
    {
        const TimeNs t = nowNs();
        m_store->append(StateChange{t, task, state, 0, detail});
        return t;
    }

    // For records whose time was taken elsewhere (a child process's records, an import).
    // Times must not decrease along a lane.
    void recordAt(TimeNs time, State state, std::int32_t task = kNoTask, std::uint16_t detail = 0)
    {
        m_store->append(StateChange{time, task, state, 0, detail});
    }

private:
    LaneStore* m_store = nullptr;
    LaneId m_id = kNoLane;
};

// What a reader sees at one instant: every lane and the prefix of records published so far.
struct RecorderSnapshot {
    struct Lane {
        LaneInfo info;
        std::shared_ptr<const LaneStore> store;
        std::size_t count = 0;
        DroppedRecords dropped; // past the recorder's span budget: counted, not kept
    };
    std::vector<Lane> lanes;
    std::vector<TraceNote> notes;
    std::map<std::string, std::string> metadata;
    LockLog locks; // a lab run's locks; empty for an engine run
    TimeNs takenAt = 0;
};

// How many records a run's recorder keeps by default: a quarter of the memory this machine has
// available now (MemAvailable), at 16 bytes a record, and at least a million. Past it a run goes
// on, and its lanes keep exact totals but no more detail.
std::size_t defaultSpanBudget();

// Owns the lanes of one run. Adding a lane or a note takes a mutex (rare events); recording
// a state change does not. snapshot() may be called from any thread at any time.
//
// The lanes share a budget of records (maxSpans). Past it each lane keeps counting its time
// per state (LaneStore's DroppedRecords) but stores no further records; snapshots say so.
class Recorder {
public:
    static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

    explicit Recorder(std::size_t maxSpans = kUnlimited) : m_budget(maxSpans) {}
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // info.id is assigned here; the returned writer belongs to one thread at a time.
    LaneWriter addLane(LaneInfo info);

    void addNote(LaneId lane, TimeNs time, std::string text);
    void setMetadata(const std::string& key, std::string value);

    // The lock log of a lab run (trace/lock_log.h): its threads and locks, numbered from 0 in
    // the order added, and what they did. Rare events, under the same mutex as notes; the
    // caller keeps the events in time order (the lab's LockTable adds them under its own lock).
    int addLockThread(std::string name);
    int addLock(std::string name, bool recursive = false);
    void addLockEvent(const LockEvent& event);

    RecorderSnapshot snapshot() const;
    std::size_t laneCount() const;
    std::size_t maxSpans() const noexcept { return m_budget.limit(); }

private:
    // Declared first: the lane stores point at it while their writers record.
    SpanBudget m_budget;
    mutable std::mutex m_mutex;
    std::vector<RecorderSnapshot::Lane> m_lanes; // count unused here: the store has it
    std::vector<TraceNote> m_notes;
    std::map<std::string, std::string> m_metadata;
    LockLog m_locks;
};

} // namespace interleave
