#include "run/runcontroller.h"

#include <stdexcept>

namespace interleave {

RunController::RunController(QObject* parent)
    : QObject(parent)
{
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
    m_poller.watch(m_run->job(), {.snapshot = [this] { takeSnapshot(); }, .finished = [this] { finish(); }});
    emit started();
    return true;
}

void RunController::stop()
{
    if (m_run)
        m_run->requestStop();
}

void RunController::takeSnapshot()
{
    m_trace = Trace::fromSnapshot(m_run->recorder().snapshot());
    emit traceUpdated();
}

void RunController::finish()
{
    const RunResult result = m_run->result();
    m_run.reset();
    emit finished(result);
}

} // namespace interleave
