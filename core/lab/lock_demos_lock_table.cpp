#include "lab/lock_demos_lock_table.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace interleave {

int LockTable::addThread(std::string name)
{
    std::lock_guard lock(m_mutex);
    // The log numbers its threads and locks as this table does: both count from 0 in one order.
    if (m_log)
        m_log->addLockThread(name);
    m_threads.push_back(ThreadEntry {std::move(name)});
    return static_cast<int>(m_threads.size()) - 1;
}

int LockTable::addLock(std::string name, bool recursive)
{
    std::lock_guard lock(m_mutex);
    if (m_log)
        m_log->addLock(name, recursive);
    LockEntry entry;
    entry.name = std::move(name);
    entry.recursive = recursive;
    m_locks.push_back(std::move(entry));
    return static_cast<int>(m_locks.size()) - 1;
}

LockTable::ThreadEntry& LockTable::thread(int index)
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_threads.size())
        throw std::out_of_range("lab: no thread " + std::to_string(index));
    return m_threads[static_cast<std::size_t>(index)];
}

LockTable::LockEntry& LockTable::lockAt(int index)
{
    return const_cast<LockEntry&>(static_cast<const LockTable*>(this)->lockAt(index));
}

const LockTable::LockEntry& LockTable::lockAt(int index) const
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_locks.size())
        throw std::out_of_range("lab: no lock " + std::to_string(index));
    return m_locks[static_cast<std::size_t>(index)];
}

void LockTable::logEvent(TimeNs time, int thread, int lock, LockEventKind kind)
{
    if (m_log && !m_stopped)
        m_log->addLockEvent({time, thread, lock, kind, m_threads[static_cast<std::size_t>(thread)].lane});
}

LockTable::Outcome LockTable::acquire(int threadIndex, int lockIndex, LaneWriter* lane, std::int32_t task)
{
    std::unique_lock guardLock(m_mutex);
    ThreadEntry& self = thread(threadIndex);
    LockEntry& lock = lockAt(lockIndex);
    if (m_stopped)
        return Outcome::Stopped;
    if (lane)
        self.lane = lane->id();

    if (lock.heldBy == threadIndex && lock.recursive) {
        ++lock.depth;
        logEvent(nowNs(), threadIndex, lockIndex, LockEventKind::Acquire);
        return Outcome::Acquired;
    }
    if (lock.heldBy == WaitForGraph::kNone) {
        lock.heldBy = threadIndex;
        lock.depth = 1;
        lock.heldSince = lane ? lane->record(State::Running, task) : nowNs();
        ++lock.stats.acquisitions;
        logEvent(lock.heldSince, threadIndex, lockIndex, LockEventKind::Acquire);
        return Outcome::Acquired;
    }

    // Held by another thread, or (a plain lock) by this one: wait, visibly.
    const TimeNs waitStart
        = lane ? lane->record(State::WaitingLock, task, static_cast<std::uint16_t>(lockIndex)) : nowNs();
    logEvent(waitStart, threadIndex, lockIndex, LockEventKind::Wait);
    self.waitsFor = lockIndex;
    self.waitingSince = waitStart;
    self.giveUp = false;
    ++lock.waiting;
    lock.stats.mostWaiting = std::max(lock.stats.mostWaiting, lock.waiting);
    m_changed.wait(guardLock, [&] { return m_stopped || self.giveUp || lock.heldBy == WaitForGraph::kNone; });
    --lock.waiting;
    self.waitsFor = WaitForGraph::kNone;
    if (m_stopped)
        return Outcome::Stopped;
    if (self.giveUp) {
        self.giveUp = false;
        if (lane)
            lane->record(State::Running, task);
        return Outcome::GaveUp;
    }
    const TimeNs now = lane ? lane->record(State::Running, task) : nowNs();
    lock.heldBy = threadIndex;
    lock.depth = 1;
    lock.heldSince = now;
    logEvent(now, threadIndex, lockIndex, LockEventKind::Acquire);
    ++lock.stats.acquisitions;
    ++lock.stats.contended;
    lock.stats.waitedNs += now - waitStart;
    return Outcome::Acquired;
}

void LockTable::release(int threadIndex, int lockIndex)
{
    {
        std::lock_guard guardLock(m_mutex);
        LockEntry& lock = lockAt(lockIndex);
        if (lock.heldBy != threadIndex)
            throw std::logic_error(
                "lab: " + thread(threadIndex).name + " released " + lock.name + ", which it does not hold");
        const TimeNs now = nowNs();
        logEvent(now, threadIndex, lockIndex, LockEventKind::Release);
        if (--lock.depth > 0)
            return;
        lock.heldBy = WaitForGraph::kNone;
        lock.stats.heldNs += now - lock.heldSince;
    }
    m_changed.notify_all();
}

void LockTable::requestStop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
    }
    m_changed.notify_all();
}

bool LockTable::stopRequested() const
{
    std::lock_guard lock(m_mutex);
    return m_stopped;
}

void LockTable::breakWait(int threadIndex)
{
    {
        std::lock_guard lock(m_mutex);
        ThreadEntry& entry = thread(threadIndex);
        if (entry.waitsFor == WaitForGraph::kNone)
            return;
        entry.giveUp = true;
        logEvent(nowNs(), threadIndex, entry.waitsFor, LockEventKind::Abandon);
        // Out of the graph now, not when the thread next runs: a watchdog polling again before
        // then must not find (and report) the same cycle twice.
        entry.waitsFor = WaitForGraph::kNone;
    }
    m_changed.notify_all();
}

WaitForGraph LockTable::graph() const
{
    std::lock_guard lock(m_mutex);
    WaitForGraph graph;
    graph.threads.reserve(m_threads.size());
    for (const ThreadEntry& t : m_threads)
        graph.threads.push_back({t.name, t.waitsFor, t.waitsFor == WaitForGraph::kNone ? 0 : t.waitingSince});
    graph.locks.reserve(m_locks.size());
    for (const LockEntry& l : m_locks) {
        const bool held = l.heldBy != WaitForGraph::kNone;
        graph.locks.push_back({l.name, l.heldBy, held ? l.depth : 0, held ? l.heldSince : 0, l.recursive});
    }
    return graph;
}

LockTable::LockStats LockTable::stats(int lockIndex) const
{
    std::lock_guard lock(m_mutex);
    return lockAt(lockIndex).stats;
}

bool LockTable::sleepFor(TimeNs duration)
{
    // steady_clock is CLOCK_MONOTONIC in libstdc++, the clock of nowNs().
    const std::chrono::steady_clock::time_point until {std::chrono::nanoseconds(nowNs() + duration)};
    std::unique_lock lock(m_mutex);
    // Releases of locks wake this wait too; the predicate sends it back to sleep.
    return !m_changed.wait_until(lock, until, [&] { return m_stopped; });
}

} // namespace interleave
