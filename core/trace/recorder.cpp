#include "trace/recorder.h"

#include <algorithm>
#include <fstream>
#include <string>

namespace interleave {

std::size_t defaultSpanBudget()
{
    constexpr std::size_t kFloor = 1'000'000;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::size_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib >> unit) {
        if (key == "MemAvailable:")
            return std::max(kFloor, kib * 1024 / 4 / sizeof(StateChange));
    }
    return kFloor * 64; // no /proc: a gigabyte of records
}

LaneWriter Recorder::addLane(LaneInfo info)
{
    auto store = std::make_shared<LaneStore>(&m_budget);
    std::lock_guard lock(m_mutex);
    info.id = static_cast<LaneId>(m_lanes.size());
    LaneWriter writer(store.get(), info.id);
    m_lanes.push_back({std::move(info), std::move(store), 0, {}});
    return writer;
}

void Recorder::addNote(LaneId lane, TimeNs time, std::string text)
{
    std::lock_guard lock(m_mutex);
    m_notes.push_back({lane, time, std::move(text)});
}

void Recorder::setMetadata(const std::string& key, std::string value)
{
    std::lock_guard lock(m_mutex);
    m_metadata[key] = std::move(value);
}

int Recorder::addLockThread(std::string name)
{
    std::lock_guard lock(m_mutex);
    m_locks.threads.push_back(std::move(name));
    return static_cast<int>(m_locks.threads.size()) - 1;
}

int Recorder::addLock(std::string name, bool recursive)
{
    std::lock_guard lock(m_mutex);
    m_locks.locks.push_back({std::move(name), recursive});
    return static_cast<int>(m_locks.locks.size()) - 1;
}

void Recorder::addLockEvent(const LockEvent& event)
{
    std::lock_guard lock(m_mutex);
    m_locks.events.push_back(event);
}

RecorderSnapshot Recorder::snapshot() const
{
    RecorderSnapshot snap;
    {
        std::lock_guard lock(m_mutex);
        snap.lanes = m_lanes;
        snap.notes = m_notes;
        snap.metadata = m_metadata;
        snap.locks = m_locks;
    }
    // Counts first, then the time: every counted record was published, so its time was read,
    // before takenAt. An open lane's last span can then end at takenAt without going negative.
    for (auto& lane : snap.lanes) {
        lane.count = lane.store->size();
        lane.dropped = lane.store->dropped();
        // Dropping began after the count was read: the kept records are final by now (published
        // before the first drop), and the ones between must not go missing.
        if (lane.dropped.count > 0)
            lane.count = lane.store->size();
    }
    snap.takenAt = nowNs();
    return snap;
}

std::size_t Recorder::laneCount() const
{
    std::lock_guard lock(m_mutex);
    return m_lanes.size();
}

} // namespace interleave
