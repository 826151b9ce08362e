#include "lab/lock_demos_run.h"

#include <stdexcept>

namespace interleave {

LabRunThread::LabRunThread()
    : m_recorder(std::make_shared<Recorder>())
{
}

LabRunThread::~LabRunThread()
{
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_thread.join();
    }
}

void LabRunThread::start(Body body)
{
    if (m_thread.joinable())
        throw std::logic_error("lab: a run starts once");
    m_thread = std::jthread([this, body = std::move(body)](std::stop_token stop) {
        body(*m_recorder, stop);
        m_finished.store(true, std::memory_order_release);
    });
}

} // namespace interleave
