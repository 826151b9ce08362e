#pragma once

#include "trace/lane.h"
#include "trace/lane_store.h"
#include "trace/lock_log.h"
#include "trace/recorder.h"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace interleave {

// One stretch of a lane in one state: [start, end).
struct Span {
    TimeNs start = 0;
    TimeNs end = 0;
    State state = State::Starting;
    std::int32_t task = kNoTask;
    std::uint16_t detail = 0;

    TimeNs duration() const noexcept { return end - start; }
    friend bool operator==(const Span&, const Span&) = default;
};

using StateTotals = std::array<TimeNs, kStateCount>;

inline TimeNs totalFor(const StateTotals& totals, State s) noexcept
{
    return totals[static_cast<std::size_t>(s)];
}

// An immutable view of a run: lanes and the prefix of their records that was published when
// the snapshot was taken. Cheap to build (no record is copied: the lane stores are shared and
// only ever appended to), cheap to copy, safe to read from any thread.
class Trace {
public:
    struct LaneData {
        LaneInfo info;
        std::shared_ptr<const LaneStore> store;
        std::size_t count = 0;
        TimeNs end = 0; // where the lane's last span ends
        // Records past the recorder's budget: the kept spans end at dropped.from, and from
        // there to `end` the lane has totals but no detail.
        DroppedRecords dropped;
    };

    Trace() = default;
    Trace(std::vector<LaneData> lanes, std::vector<TraceNote> notes,
          std::map<std::string, std::string> metadata, LockLog locks = {});

    // A lane whose last state is not terminal is still going: its last span ends at the
    // snapshot's time.
    static Trace fromSnapshot(const RecorderSnapshot& snapshot);

    std::size_t laneCount() const noexcept { return m_lanes.size(); }
    const LaneInfo& lane(LaneId id) const { return m_lanes.at(static_cast<std::size_t>(id)).info; }
    std::vector<LaneId> children(LaneId parent) const;

    std::size_t spanCount(LaneId id) const { return data(id).count; }
    std::size_t totalSpanCount() const noexcept;
    // Spans recorded past the recorder's budget: in the lanes' totals, not in the detail.
    const DroppedRecords& dropped(LaneId id) const { return data(id).dropped; }
    std::size_t droppedSpanCount() const noexcept;
    // Where a lane's detail ends: its end, or where its dropped records begin.
    TimeNs detailEnd(LaneId id) const { return detailEnd(data(id)); }
    Span span(LaneId id, std::size_t index) const;
    TimeNs laneEnd(LaneId id) const { return data(id).end; }

    // Indices [first, last) of the spans of a lane that overlap [t0, t1). A zero-length span
    // (a lane's final Done) counts when t0 <= its time < t1.
    std::pair<std::size_t, std::size_t> spanRange(LaneId id, TimeNs t0, TimeNs t1) const;
    // The span covering time t, if any.
    std::optional<std::size_t> spanAt(LaneId id, TimeNs t) const;

    template <typename Fn>
    void forEachSpan(LaneId id, TimeNs t0, TimeNs t1, Fn&& fn) const
    {
        const auto [first, last] = spanRange(id, t0, t1);
        for (std::size_t i = first; i < last; ++i)
            fn(span(id, i));
    }

    TimeNs startTime() const noexcept { return m_start; }
    TimeNs endTime() const noexcept { return m_end; }
    TimeNs duration() const noexcept { return m_end - m_start; }
    bool empty() const noexcept { return totalSpanCount() == 0; }

    // Time spent in each state by one lane, over the whole lane or clipped to [t0, t1). The
    // whole lane's totals are exact even when records were dropped; clipped ones count only
    // the detail kept.
    StateTotals stateTotals(LaneId id) const;
    StateTotals stateTotals(LaneId id, TimeNs t0, TimeNs t1) const;

    const std::vector<TraceNote>& notes() const noexcept { return m_notes; }
    const std::map<std::string, std::string>& metadata() const noexcept { return m_metadata; }
    // A lab run's locks: who waited for, took and let go of which lock, and when. Empty for
    // an engine run; a Chrome trace file carries it (trace/chrome_trace.h).
    const LockLog& lockLog() const noexcept;

private:
    const LaneData& data(LaneId id) const { return m_lanes.at(static_cast<std::size_t>(id)); }
    static TimeNs detailEnd(const LaneData& lane) noexcept
    {
        return lane.dropped.count > 0 ? lane.dropped.from : lane.end;
    }
    TimeNs spanEnd(const LaneData& lane, std::size_t index) const noexcept;

    std::vector<LaneData> m_lanes;
    std::vector<TraceNote> m_notes;
    std::map<std::string, std::string> m_metadata;
    std::shared_ptr<const LockLog> m_locks; // shared: a Trace stays cheap to copy
    TimeNs m_start = 0;
    TimeNs m_end = 0;
};

// Assembles a Trace from records that are not being recorded live (an import, a test):
// lanes are added, records appended in time order per lane, then build() freezes it.
class TraceBuilder {
public:
    LaneId addLane(LaneInfo info);
    void append(LaneId lane, const StateChange& record);
    // Where the lane's last span ends; defaults to the last record's time.
    void setLaneEnd(LaneId lane, TimeNs end);
    void addNote(TraceNote note) { m_notes.push_back(std::move(note)); }
    void setMetadata(const std::string& key, std::string value) { m_metadata[key] = std::move(value); }
    void setLockLog(LockLog locks) { m_locks = std::move(locks); }
    std::size_t laneCount() const noexcept { return m_lanes.size(); }

    Trace build();

private:
    struct Lane {
        LaneInfo info;
        std::shared_ptr<LaneStore> store;
        std::size_t count = 0;
        std::optional<TimeNs> end;
        TimeNs lastTime = 0;
    };
    std::vector<Lane> m_lanes;
    std::vector<TraceNote> m_notes;
    std::map<std::string, std::string> m_metadata;
    LockLog m_locks;
};

} // namespace interleave
