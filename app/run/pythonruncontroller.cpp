#include "run/pythonruncontroller.h"

namespace interleave {

PythonRunController::PythonRunController(QObject* parent)
    : QObject(parent)
{
}

PythonRunController::~PythonRunController() = default; // the session's destructor stops and joins

bool PythonRunController::start(pytrace::PythonTraceOptions options)
{
    if (m_session)
        return false;
    options.captureOutput = true;
    m_session = std::make_unique<pytrace::PythonSession>(std::move(options));
    m_generation = 0;
    m_outputAt = 0;
    m_outDecoder.resetState();
    m_errDecoder.resetState();
    m_trace = Trace();
    m_result = pytrace::PythonTraceResult();
    m_startedAt = nowNs();
    m_session->start();
    // The session has threads of its own rather than one BackgroundJob; its finished() reads
    // with acquire all the same, which is what the poller's ordering needs.
    m_poller.watch([session = m_session.get()] { return session->finished(); },
        {.snapshot = [this] { takeSnapshot(); }, .finished = [this] { finish(); }});
    return true;
}

void PythonRunController::stop()
{
    if (m_session)
        m_session->requestStop();
}

void PythonRunController::takeOutput()
{
    const pytrace::OutputLog::Read read = m_session->output(m_outputAt);
    m_outputAt = read.next;
    if (read.cut > 0) {
        // A piece cut in the middle of a character must not take the next one's start with it.
        m_outDecoder.resetState();
        m_errDecoder.resetState();
        emit outputCut(read.cut);
    }
    for (const pytrace::OutputLog::Piece& piece : read.pieces) {
        const bool error = piece.stream == pytrace::OutputLog::Stream::Err;
        QStringDecoder& decoder = error ? m_errDecoder : m_outDecoder;
        const QString text = decoder.decode(QByteArrayView(piece.text.data(), static_cast<qsizetype>(piece.text.size())));
        if (!text.isEmpty())
            emit outputArrived(text, error);
    }
}

void PythonRunController::takeSnapshot()
{
    if (const std::uint64_t g = m_session->traceGeneration(); g != m_generation) {
        m_generation = g;
        m_trace = m_session->trace();
        emit traceUpdated();
    }
    takeOutput();
}

void PythonRunController::finish()
{
    m_result = m_session->result();
    m_trace = m_result.trace;
    m_session.reset();
    emit traceUpdated();
    emit finished();
}

} // namespace interleave
