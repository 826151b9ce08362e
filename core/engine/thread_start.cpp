#include "engine/thread_start.h"

namespace interleave {

void ThreadStart::set()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_set)
            return;
        m_set = true;
    }
    m_changed.notify_all();
}

bool ThreadStart::wait(const std::stop_token& stop)
{
    std::unique_lock lock(m_mutex);
    return m_changed.wait(lock, stop, [this] { return m_set; });
}

} // namespace interleave
