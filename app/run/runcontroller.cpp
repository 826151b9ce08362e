#include "run/runcontroller.h"

#include <stdexcept>

namespace interleave {

RunController::RunController(QObject* parent)
    : QObject(parent)
{
    m_timer.setInterval(kPollIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RunController::poll);
}

RunController::~RunController() = default; // EngineRun's destructor stops and joins

bool RunController::start(const RunConfig& config, QString* error)
{
    if (m_run)
        return false;
    auto run = std::make_unique<EngineRun>(config);
    try {
        run->start();
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    m_run = std::move(run);
    m_lastConfig = config;
    m_trace = Trace();
    m_timer.start();
    emit started();
    return true;
}

void RunController::stop()
{
    if (m_run)
        m_run->requestStop();
}

void RunController::poll()
{
    if (!m_run)
        return;
    // Read finished() before the snapshot: once it is true, the snapshot holds every record.
    const bool done = m_run->finished();
    m_trace = Trace::fromSnapshot(m_run->recorder().snapshot());
    emit traceUpdated();
    if (!done)
        return;
    m_timer.stop();
    const RunResult result = m_run->result();
    m_run.reset();
    emit finished(result);
}

} // namespace interleave
