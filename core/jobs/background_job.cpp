#include "jobs/background_job.h"

#include "jobs/prompt_thread.h"

#include <exception>
#include <stdexcept>
#include <system_error>

namespace interleave {
namespace {

std::atomic<JobPriority> g_jobPriority {JobPriority::Ordinary};

} // namespace

void setBackgroundJobPriority(JobPriority priority) noexcept
{
    g_jobPriority.store(priority, std::memory_order_relaxed);
}

JobPriority backgroundJobPriority() noexcept
{
    return g_jobPriority.load(std::memory_order_relaxed);
}

void BackgroundJob::start(Body body)
{
    if (m_started)
        throw std::logic_error("a background job starts once");
    m_started = true;
    const JobPriority priority = backgroundJobPriority();
    try {
        m_thread = std::thread([this, priority, body = std::move(body)] {
            // Lowered before the body starts a thread or a process, so that they inherit it.
            // Refused (never, for a lowering), the job runs at the ordinary priority.
            if (priority == JobPriority::BehindOrdinaryThreads)
                runBehindOrdinaryThreads();
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
