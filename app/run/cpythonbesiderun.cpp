#include "run/cpythonbesiderun.h"

#include "io/program_dir.h"
#include "run/pythonruncontroller.h"
#include "run/runcontroller.h"

#include <QFile>

namespace interleave {

namespace {

double wallMsOf(const RunResult& result) { return static_cast<double>(result.wallNs) / 1e6; }

} // namespace

CPythonBesideRun::CPythonBesideRun(QObject* parent)
    : QObject(parent), m_engine(new RunController(this)), m_python(new PythonRunController(this))
{
    connect(m_engine, &RunController::traceUpdated, this, [this] {
        if (m_phase == Phase::Emulated) {
            m_emulatedTrace = m_engine->trace();
            rebuildTrace();
        }
    });
    connect(m_engine, &RunController::finished, this, &CPythonBesideRun::onEngineFinished);
    connect(m_python, &PythonRunController::traceUpdated, this, [this] {
        if (m_phase == Phase::CPython) {
            m_cpythonTrace = m_python->trace();
            // The group names the version as soon as the program has said it.
            if (const auto version = m_cpythonTrace.metadata().find("python");
                m_figures.pythonVersion.empty() && version != m_cpythonTrace.metadata().end())
                m_figures.pythonVersion = version->second;
            rebuildTrace();
        }
    });
    connect(m_python, &PythonRunController::finished, this, &CPythonBesideRun::onPythonFinished);
    connect(m_python, &PythonRunController::outputArrived, this, &CPythonBesideRun::outputArrived);
}

CPythonBesideRun::~CPythonBesideRun() = default;

QString CPythonBesideRun::emulatedLabel() { return tr("Emulated"); }

QString CPythonBesideRun::cpythonLabel() const
{
    return m_figures.pythonVersion.empty() ? tr("CPython")
                                           : tr("CPython %1").arg(QString::fromStdString(m_figures.pythonVersion));
}

bool CPythonBesideRun::start(const RunConfig& config, const QString& python, QString* error)
{
    if (isRunning())
        return false;
    pytrace::PythonProgram program = pytrace::pythonProgramFor(config);
    if (program.refusal) {
        if (error)
            *error = QString::fromStdString(*program.refusal);
        return false;
    }
    try {
        m_folder = std::make_unique<pytrace::ProgramFolder>();
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    if (!m_engine->start(config, error))
        return false;
    m_config = config;
    m_pythonPath = python;
    m_program = std::move(program);
    m_stopped = false;
    m_emulatedTrace = Trace();
    m_cpythonTrace = Trace();
    m_figures = pytrace::SideBySideFigures();
    m_figures.config = config;
    m_summary.clear();
    m_cpythonProblem.clear();
    m_phase = Phase::Emulated;
    rebuildTrace();
    emit progress(tr("Running the emulation…"));
    return true;
}

void CPythonBesideRun::stop()
{
    if (!isRunning())
        return;
    m_stopped = true;
    m_engine->stop();
    m_python->stop();
}

void CPythonBesideRun::onEngineFinished(const RunResult& result)
{
    if (m_phase == Phase::Emulated) {
        m_emulatedTrace = m_engine->trace();
        m_figures.emulatedWallMs = wallMsOf(result);
        if (m_config.model == Model::Sequential)
            m_figures.emulatedSequentialMs = m_figures.emulatedWallMs;
        rebuildTrace();
        if (m_stopped || result.cancelled) {
            m_stopped = true;
            finish();
            return;
        }
        if (m_config.model != Model::Sequential) {
            RunConfig sequential = m_config;
            sequential.model = Model::Sequential;
            if (m_engine->start(sequential)) {
                m_phase = Phase::EmulatedSequential;
                emit progress(tr("Running the emulation's sequential baseline…"));
                return;
            }
        }
        if (!startPython(m_config.model))
            finish();
        return;
    }
    if (m_phase == Phase::EmulatedSequential) {
        if (!result.cancelled && result.errors.empty())
            m_figures.emulatedSequentialMs = wallMsOf(result);
        if (m_stopped || !startPython(m_config.model))
            finish();
    }
}

bool CPythonBesideRun::startPython(Model model)
{
    RunConfig config = m_config;
    config.model = model;
    const pytrace::PythonProgram program = model == m_config.model ? m_program : pytrace::pythonProgramFor(config);
    pytrace::PythonTraceOptions options;
    options.python = m_pythonPath.toStdString();
    options.bootstrapDir = pytrace::findBootstrapDir(programDir());
    options.timeout = std::chrono::seconds(600);
    try {
        options.script = m_folder->write(program);
    } catch (const std::exception& e) {
        m_cpythonProblem = QString::fromStdString(e.what());
        return false;
    }
    if (!m_python->start(std::move(options)))
        return false;
    const bool main = model == m_config.model;
    m_phase = main ? Phase::CPython : Phase::CPythonSequential;
    emit outputArrived(main ? tr("%1:\n").arg(QString::fromStdString(program.fileName))
                            : tr("Its sequential baseline, %1:\n").arg(QString::fromStdString(program.fileName)),
                       false);
    emit progress(main ? tr("Running %1 in CPython…").arg(QString::fromStdString(program.fileName))
                       : tr("Running CPython's sequential baseline…"));
    return true;
}

void CPythonBesideRun::onPythonFinished()
{
    const pytrace::PythonTraceResult& result = m_python->result();
    const bool finishedWell
        = result.outcome == pytrace::PythonTraceResult::Outcome::Finished && result.status.succeeded();
    const std::optional<double> wall = finishedWell ? pytrace::programWallMs(result.output) : std::nullopt;
    if (m_phase == Phase::CPython) {
        m_cpythonTrace = m_python->trace();
        if (const auto version = m_cpythonTrace.metadata().find("python"); version != m_cpythonTrace.metadata().end())
            m_figures.pythonVersion = version->second;
        m_figures.cpythonWallMs = wall;
        m_figures.cpythonStartUpMs = static_cast<double>(pytrace::interpreterStartUp(m_cpythonTrace)) / 1e6;
        if (const auto marked = pytrace::markedWorkStart(m_cpythonTrace))
            m_figures.cpythonWorkStartMs = static_cast<double>(*marked) / 1e6;
        if (wall)
            m_figures.cpythonOutsideMs = static_cast<double>(m_cpythonTrace.duration()) / 1e6 - *wall;
        else if (!m_stopped)
            m_cpythonProblem = QString::fromStdString(pytrace::describeOutcome(result, m_program.fileName));
        if (m_config.model == Model::Sequential)
            m_figures.cpythonSequentialMs = wall;
        rebuildTrace();
        if (m_stopped || !wall || m_config.model == Model::Sequential || !startPython(Model::Sequential))
            finish();
        return;
    }
    if (m_phase == Phase::CPythonSequential) {
        m_figures.cpythonSequentialMs = wall;
        finish();
    }
}

void CPythonBesideRun::rebuildTrace()
{
    m_trace = pytrace::sideBySideTrace(m_emulatedTrace, emulatedLabel().toStdString(), m_cpythonTrace,
                                       cpythonLabel().toStdString());
    emit traceUpdated();
}

void CPythonBesideRun::finish()
{
    m_phase = Phase::Idle;
    m_folder.reset();
    rebuildTrace();
    if (m_stopped) {
        m_summary = tr("Stopped: the timeline shows what ran until then.");
    } else {
        m_summary = QString::fromStdString(pytrace::sideBySideSummary(m_figures));
        if (!m_cpythonProblem.isEmpty())
            m_summary += QLatin1Char(' ') + m_cpythonProblem;
    }
    emit finished();
}

} // namespace interleave
