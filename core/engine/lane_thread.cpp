#include "engine/lane_thread.h"

#include <condition_variable>
#include <ctime>
#include <mutex>
#include <string>
#include <system_error>
#include <unistd.h>

namespace interleave {

// The two-way handshake between the starting thread and the new one. A plain mutex and
// condition variable rather than promises: the hand-over of the lane writer must be a
// happens-before edge ThreadSanitizer sees, and this is the most direct one.
struct LaneThread::Launch {
    std::mutex mutex;
    std::condition_variable changed;
    int tid = 0;
    bool alive = false;
    LaneWriter lane;
    bool haveLane = false;
    bool abandoned = false; // the lane could not be added: the thread must not run its body
};

std::thread LaneThread::startThread(Launch* launch, Body body, std::atomic<TimeNs>* cpuTotal)
{
    return std::thread([launch, body = std::move(body), cpuTotal] {
        LaneWriter lane;
        {
            std::unique_lock lock(launch->mutex);
            launch->tid = static_cast<int>(::gettid());
            launch->alive = true;
            launch->changed.notify_all();
            launch->changed.wait(lock, [launch] { return launch->haveLane || launch->abandoned; });
            if (launch->abandoned)
                return;
            lane = launch->lane;
        }
        body(lane);
        if (cpuTotal)
            cpuTotal->fetch_add(threadCpuNs(), std::memory_order_relaxed);
    });
}

LaneThread::LaneThread(Recorder& recorder, LaneInfo info, Body body, std::atomic<TimeNs>* cpuTotal)
    : m_launch(std::make_unique<Launch>())
{
    const TimeNs startedAt = nowNs();
    Launch* launch = m_launch.get();
    const std::string name = info.name;
    try {
        m_thread = startThread(launch, std::move(body), cpuTotal);
    } catch (const std::system_error& e) {
        // EAGAIN under a process limit (ulimit -u) or when the stack cannot be mapped
        // (ulimit -v): CPython's "can't start new thread". Say which thread it was.
        throw std::system_error(e.code(), "cannot start thread " + name);
    }

    std::unique_lock lock(launch->mutex);
    launch->changed.wait(lock, [launch] { return launch->alive; });
    info.tid = launch->tid;
    try {
        launch->lane = recorder.addLane(std::move(info));
        launch->lane.recordAt(startedAt, State::Starting);
    } catch (...) {
        // Out of memory for the lane: the thread exists and waits for it. Release it and join
        // before reporting, or the std::thread's destructor would terminate the program.
        launch->abandoned = true;
        launch->changed.notify_all();
        lock.unlock();
        m_thread.join();
        throw;
    }
    m_lane = launch->lane.id();
    launch->haveLane = true;
    launch->changed.notify_all();
}

LaneThread::LaneThread(LaneThread&&) noexcept = default;

LaneThread::~LaneThread() { join(); }

void LaneThread::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace interleave
