#include "engine/stop_relay.h"

namespace interleave {

StopRelay::StopRelay(std::stop_token outer) : m_thread([this] { relay(); })
{
    m_callback.emplace(std::move(outer), Notify{this});
}

StopRelay::~StopRelay()
{
    // Deregistering waits for a callback that is running on another thread to finish, so
    // after this nothing touches the members below.
    m_callback.reset();
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void StopRelay::Notify::operator()() const
{
    {
        std::lock_guard lock(relay->m_mutex);
        relay->m_outerStopped = true;
    }
    relay->m_changed.notify_all();
}

void StopRelay::relay()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_outerStopped || m_closing; });
    const bool forward = m_outerStopped;
    lock.unlock();
    if (forward)
        m_inner.request_stop();
}

} // namespace interleave
