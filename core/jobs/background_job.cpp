#include "jobs/background_job.h"

#include <exception>
#include <stdexcept>
#include <system_error>

namespace interleave {

void BackgroundJob::start(Body body)
{
    if (m_started)
        throw std::logic_error("a background job starts once");
    m_started = true;
    try {
        m_thread = std::thread([this, body = std::move(body)] {
            try {
                body(m_stop.get_token());
            } catch (const std::exception& e) {
                m_error = e.what();
                if (m_error.empty())
                    m_error = "the job failed";
            } catch (...) {
                m_error = "the job failed";
            }
            m_finished.store(true, std::memory_order_release);
        });
    } catch (const std::system_error& e) {
        // The system refused the thread (a process limit, no memory for its stack): a job that
        // ended at once with that error, rather than an exception in the caller's event handler.
        m_error = std::string("cannot start a thread: ") + e.code().message();
        m_finished.store(true, std::memory_order_release);
    }
}

void BackgroundJob::stopAndJoin() noexcept
{
    m_stop.request_stop();
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace interleave
