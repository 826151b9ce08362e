#pragma once

#include "pytrace/python_session.h"
#include "run/jobpoller.h"
#include "trace/trace.h"

#include <QObject>
#include <QStringDecoder>

#include <cstdint>
#include <memory>

namespace interleave {

// Runs a Python script under the tracer (pytrace::PythonSession, on threads of its own) and
// shows it to the GUI as it goes, the way RunController shows an engine run: a JobPoller on
// the GUI thread takes the session's latest trace and the output written since the last look
// (a new trace only when the session has rebuilt it, at 30 Hz). Nothing crosses from the
// session's threads into Qt.
class PythonRunController : public QObject {
    Q_OBJECT

public:
    explicit PythonRunController(QObject* parent = nullptr);
    ~PythonRunController() override; // stops the run: its processes are gone within 200 ms

    // Starts tracing; the options' captureOutput is set here. False only when a run is going.
    bool start(pytrace::PythonTraceOptions options);
    // Asks the run to stop; finished() follows once every process it started is gone.
    void stop();
    bool isRunning() const noexcept { return m_session != nullptr; }

    const Trace& trace() const noexcept { return m_trace; }
    // The last run's result, once finished() was emitted.
    const pytrace::PythonTraceResult& result() const noexcept { return m_result; }
    // When the running session started (nowNs()), for an elapsed-time display.
    TimeNs startedAt() const noexcept { return m_startedAt; }

signals:
    void traceUpdated();
    // A piece of stdout (error false) or stderr, decoded, in the order the program wrote it.
    void outputArrived(const QString& text, bool error);
    // Bytes of output the program wrote that will never be shown (the session's cap, or more
    // in one poll than a window can take).
    void outputCut(quint64 bytes);
    void finished();

private:
    void takeSnapshot();
    void takeOutput();
    void finish();

    std::unique_ptr<pytrace::PythonSession> m_session;
    std::uint64_t m_generation = 0;
    std::uint64_t m_outputAt = 0;
    QStringDecoder m_outDecoder{QStringDecoder::Utf8};
    QStringDecoder m_errDecoder{QStringDecoder::Utf8};
    Trace m_trace;
    pytrace::PythonTraceResult m_result;
    TimeNs m_startedAt = 0;
    JobPoller m_poller; // after m_session: destroyed first, so no tick reaches a destroyed session
};

} // namespace interleave
