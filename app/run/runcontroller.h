#pragma once

#include "engine/engine.h"
#include "run/jobpoller.h"
#include "trace/trace.h"

#include <QObject>

#include <memory>

namespace interleave {

// Runs one experiment on the engine's own threads and shows it to the GUI as it grows: a
// JobPoller on the GUI thread takes recorder snapshots at display rate and hands them out as
// immutable Traces. Nothing crosses from the engine's threads into Qt; the GUI never waits on the engine
// except when a run is abandoned (the engine then stops within 200 ms).
class RunController : public QObject {
    Q_OBJECT

public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    // Starts a run; false with the reason in *error for a configuration the engine refuses.
    bool start(const RunConfig& config, QString* error = nullptr);
    // Asks the run to stop; finished() follows once every thread and child is gone.
    void stop();
    bool isRunning() const noexcept { return m_run != nullptr; }

    const Trace& trace() const noexcept { return m_trace; }
    const RunConfig& lastConfig() const noexcept { return m_lastConfig; }

signals:
    void started();
    void traceUpdated();
    void finished(const interleave::RunResult& result);

private:
    void takeSnapshot();
    void finish();

    std::unique_ptr<EngineRun> m_run;
    RunConfig m_lastConfig;
    Trace m_trace;
    JobPoller m_poller; // after m_run: destroyed first, so no tick reaches a destroyed run
};

} // namespace interleave

Q_DECLARE_METATYPE(interleave::RunResult)
