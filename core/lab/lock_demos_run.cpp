#include "lab/lock_demos_run.h"

#include <stdexcept>

namespace interleave {

LabRunThread::LabRunThread()
    : m_recorder(std::make_shared<Recorder>())
{
}

void LabRunThread::start(Body body)
{
    if (m_job.started())
        throw std::logic_error("lab: a run starts once");
    m_job.start([recorder = m_recorder, body = std::move(body)](std::stop_token stop) { body(*recorder, stop); });
}

} // namespace interleave
