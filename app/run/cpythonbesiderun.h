#pragma once

#include "engine/engine.h"
#include "pytrace/cpython_run.h"
#include "pytrace/side_by_side.h"
#include "trace/trace.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace interleave {

class PythonRunController;
class RunController;

// "Run in CPython too": one configuration run by the engine and, after it, the Python program
// written for it (pytrace::pythonProgramFor) run by a real CPython under the tracer. Then the
// sequential baselines of both, for the speedups (skipped when the model is sequential). Every
// run goes through the existing controllers (RunController, PythonRunController): the engine
// and the tracer keep their own threads, and this only reacts to their signals on the GUI
// thread. The trace shown is both sides in one (pytrace::sideBySideTrace), growing as they run.
class CPythonBesideRun : public QObject {
    Q_OBJECT

public:
    enum class Phase { Idle, Emulated, EmulatedSequential, CPython, CPythonSequential };

    explicit CPythonBesideRun(QObject* parent = nullptr);
    ~CPythonBesideRun() override; // stops: the controllers' destructors end their runs

    // Starts with the engine's run. False with the reason in *error when a run is going, the
    // engine refuses the configuration, or no program can be written for it (the refusal).
    bool start(const RunConfig& config, const QString& python, QString* error = nullptr);
    // Stops whatever runs now; finished() follows, with what ran until then.
    void stop();
    bool isRunning() const noexcept { return m_phase != Phase::Idle; }
    Phase phase() const noexcept { return m_phase; }
    bool stopped() const noexcept { return m_stopped; }

    // Both sides so far, as one trace on one axis.
    const Trace& trace() const noexcept { return m_trace; }
    // The program CPython runs, and its file name ("threads_io.py").
    const pytrace::PythonProgram& program() const noexcept { return m_program; }
    // Once finished(): both wall times and speedups, and what differs, in sentences.
    QString summary() const { return m_summary; }
    const pytrace::SideBySideFigures& figures() const noexcept { return m_figures; }
    // "Emulated" and "CPython 3.11.2": the two groups' labels.
    static QString emulatedLabel();
    QString cpythonLabel() const;

signals:
    void traceUpdated();
    // A short line for a status bar while it runs: "Running the emulation…", ...
    void progress(const QString& text);
    // What the CPython programs print (their wall time), as PythonRunController says it.
    void outputArrived(const QString& text, bool error);
    void finished();

private:
    void onEngineFinished(const RunResult& result);
    void onPythonFinished();
    bool startPython(Model model);
    void rebuildTrace();
    void finish();

    RunController* m_engine = nullptr;
    PythonRunController* m_python = nullptr;
    Phase m_phase = Phase::Idle;
    bool m_stopped = false;
    RunConfig m_config;
    QString m_pythonPath;
    std::unique_ptr<pytrace::ProgramFolder> m_folder;
    pytrace::PythonProgram m_program;
    Trace m_emulatedTrace;
    Trace m_cpythonTrace;
    Trace m_trace;
    pytrace::SideBySideFigures m_figures;
    QString m_summary;
    QString m_cpythonProblem; // why CPython gave no wall time, when it did not
};

} // namespace interleave
