#include "lab/lock_demos_primitives.h"

#include "engine/python_thread.h"

#include <algorithm>
#include <unistd.h>

namespace interleave {

DemoThreads::DemoThreads(Recorder& recorder, LockTable& table)
    : m_recorder(recorder)
    , m_table(table)
{
}

DemoThreads::~DemoThreads()
{
    joinAll();
}

int DemoThreads::add(std::string name)
{
    m_names.push_back(name);
    return m_table.addThread(std::move(name));
}

void DemoThreads::start(int index, std::function<void(LaneWriter)> body)
{
    LaneInfo info;
    info.kind = LaneKind::Thread;
    info.pid = static_cast<std::int32_t>(::getpid());
    info.name = m_names.at(static_cast<std::size_t>(index));
    auto gated = [this, body = std::move(body)](LaneWriter lane) {
        m_gate.wait(false, std::memory_order_acquire);
        body(std::move(lane));
    };
    try {
        m_threads.emplace_back(m_recorder, std::move(info), std::move(gated));
    } catch (...) {
        m_table.requestStop();
        throw;
    }
    if (m_lanes.size() <= static_cast<std::size_t>(index))
        m_lanes.resize(static_cast<std::size_t>(index) + 1, kNoLane);
    m_lanes[static_cast<std::size_t>(index)] = m_threads.back().lane();
}

void DemoThreads::joinAll()
{
    m_gate.store(true, std::memory_order_release);
    m_gate.notify_all();
    for (LaneThread& t : m_threads)
        t.join();
}

void finishDemoLane(LaneWriter& lane, bool completed)
{
    if (completed)
        lane.record(State::Done, kNoTask, kEndNormal);
    else
        lane.record(State::Stopped, kNoTask, kEndCancelled);
}

bool demoWork(LockTable& table, LaneWriter& lane, State state, TimeNs duration)
{
    lane.record(state);
    return table.sleepFor(duration);
}

LabSemaphore::LabSemaphore(LockTable& table, int permits)
    : m_table(table)
    , m_free(permits)
{
}

bool LabSemaphore::acquire(LaneWriter& lane)
{
    std::unique_lock guard = m_table.guard();
    if (m_free == 0) {
        lane.record(State::WaitingLock);
        if (!m_table.waitUntil(guard, [this] { return m_free > 0; }))
            return false;
    }
    --m_free;
    ++m_inUse;
    m_peak = std::max(m_peak, m_inUse);
    return true;
}

void LabSemaphore::release()
{
    {
        std::unique_lock guard = m_table.guard();
        ++m_free;
        --m_inUse;
    }
    m_table.notifyAll();
}

int LabSemaphore::peak() const
{
    std::unique_lock guard = m_table.guard();
    return m_peak;
}

LabEvent::LabEvent(LockTable& table)
    : m_table(table)
{
}

bool LabEvent::wait(LaneWriter& lane)
{
    std::unique_lock guard = m_table.guard();
    if (!m_set) {
        lane.record(State::WaitingLock);
        if (!m_table.waitUntil(guard, [this] { return m_set; }))
            return false;
    }
    ++m_released;
    return true;
}

void LabEvent::set()
{
    {
        std::unique_lock guard = m_table.guard();
        m_set = true;
    }
    m_table.notifyAll();
}

int LabEvent::released() const
{
    std::unique_lock guard = m_table.guard();
    return m_released;
}

LabQueue::LabQueue(LockTable& table, int capacity, int producers)
    : m_table(table)
    , m_capacity(static_cast<std::size_t>(capacity))
    , m_producers(producers)
{
}

bool LabQueue::put(LaneWriter& lane, int item)
{
    std::unique_lock guard = m_table.guard();
    if (m_items.size() >= m_capacity) {
        ++m_counts.blockedPuts;
        lane.record(State::WaitingLock);
        if (!m_table.waitUntil(guard, [this] { return m_items.size() < m_capacity; }))
            return false;
        lane.record(State::Running);
    }
    m_items.push_back(item);
    ++m_counts.produced;
    m_counts.peak = std::max(m_counts.peak, static_cast<int>(m_items.size()));
    guard.unlock();
    m_table.notifyAll();
    return true;
}

std::optional<int> LabQueue::get(LaneWriter& lane)
{
    std::unique_lock guard = m_table.guard();
    if (m_items.empty() && m_producers > 0) {
        ++m_counts.blockedGets;
        lane.record(State::WaitingLock);
        if (!m_table.waitUntil(guard, [this] { return !m_items.empty() || m_producers == 0; }))
            return std::nullopt;
        lane.record(State::Running);
    }
    if (m_items.empty())
        return std::nullopt;
    const int item = m_items.front();
    m_items.pop_front();
    ++m_counts.consumed;
    guard.unlock();
    m_table.notifyAll();
    return item;
}

void LabQueue::producerDone()
{
    {
        std::unique_lock guard = m_table.guard();
        --m_producers;
    }
    m_table.notifyAll();
}

LabQueue::Counts LabQueue::counts() const
{
    std::unique_lock guard = m_table.guard();
    return m_counts;
}

} // namespace interleave
