#include "window/mainwindow.h"

// Files in and out: a saved trace opened, the timeline exported, a Python script or example
// opened in the Python tab, a file dropped on the window.

#include "io/program_dir.h"
#include "engine/run_fields.h"
#include "export/timelineexport.h"
#include "labviews/deadlockview.h"
#include "labviews/lockview.h"
#include "labviews/raceview.h"
#include "panels/experimentpanel.h"
#include "panels/lanelistview.h"
#include "python/pythonview.h"
#include "pytrace/python_examples.h"
#include "pytrace/python_session.h"
#include "run/runcontroller.h"
#include "teach/lab_config.h"
#include "teachviews/scenariofiles.h"
#include "teachviews/teachresources.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"
#include "trace/chrome_trace.h"
#include "window/mainwindow_text.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>

#include <array>

namespace interleave {

bool MainWindow::openTrace(const QString& path, QString* error)
{
    if (m_runController->isRunning()) {
        const QString problem = tr("Stop the run before opening a trace");
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot open"), problem);
        return false;
    }
    Trace trace;
    try {
        trace = loadChromeTrace(QFile::encodeName(path).toStdString());
    } catch (const std::exception& e) {
        const QString problem = QString::fromStdString(e.what());
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot open the trace"), problem);
        return false;
    }
    // A saved deadlock run also goes to the Deadlock tab, which replays it with its wait-for
    // graph (rebuilt from the lock log the file keeps) as it replays a run just made.
    const bool savedDeadlock = isSavedDeadlockRun(trace);
    if (savedDeadlock && deadlockView()->isRunning()) {
        const QString problem = tr("Stop the Deadlock tab's run before opening a saved deadlock run");
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot open"), problem);
        return false;
    }
    // A trace of an engine run says what ran: the panel takes it, so Run runs it again (before
    // Space is given to the replay below, which a changed panel would take back).
    if (const std::optional<RunConfig> ran = runConfigFromTexts(trace.metadata()))
        m_experimentPanel->setConfig(*ran);
    m_centralStack->setCurrentWidget(m_views);
    m_timeline->setFollowLive(false);
    m_timeline->setTrace(trace);
    m_timeline->fitToTrace();
    m_laneList->showTrace(trace);
    m_replay->setTrace(trace);
    m_spaceRuns = trace.empty();
    m_resultsStripHasText = true;
    updateResultsStrip();
    m_resultsStrip->setText(tr("%1: %2 lanes · %3")
                                .arg(QFileInfo(path).fileName())
                                .arg(trace.laneCount())
                                .arg(mainwindow_text::ms(trace.duration())));
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)));
    setWindowTitle(tr("%1 — Interleave").arg(QFileInfo(path).fileName()));
    m_titleNamesTrace = true;
    if (savedDeadlock) {
        deadlockView()->showSavedRun(trace);
        showView(m_deadlockView);
    }
    updateRunActions();
    return true;
}

bool MainWindow::exportTimelineTo(const QString& path, QString* error)
{
    return exportTimelineTo(
        TimelineExportRequest {path, m_timeline->size(), m_timeline->devicePixelRatioF(), TimelineFraming {}}, error);
}

TimelineExportRequest MainWindow::exportRequestToOffer() const
{
    // A whole path, so the dialog and the status bar say where the picture goes: the Pictures
    // folder when there is one, else the home folder.
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QDir folder(!pictures.isEmpty() && QDir(pictures).exists() ? pictures : QDir::homePath());
    TimelineExportRequest offer {folder.filePath(QStringLiteral("timeline.png")), m_timeline->size(),
        m_timeline->devicePixelRatioF(), TimelineFraming {}};
    if (m_lastExport) {
        offer = *m_lastExport;
        offer.size = m_timeline->size();
        // A window or lanes of another run may not fit this one.
        if (framingProblem(m_timeline->trace(), offer.framing)) {
            offer.framing.from.reset();
            offer.framing.to.reset();
            offer.framing.lanes.clear();
        }
    }
    return offer;
}

bool MainWindow::exportTimelineTo(const TimelineExportRequest& request, QString* error)
{
    try {
        exportTimeline(m_timeline->trace(), request.path, request.size, request.scale, m_timeline->theme(),
                       request.framing);
    } catch (const std::exception& e) {
        const QString problem = QString::fromStdString(e.what());
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot export the timeline"), problem);
        return false;
    }
    statusBar()->showMessage(tr("Timeline written to %1").arg(QDir::toNativeSeparators(request.path)));
    return true;
}

void MainWindow::chooseTraceToOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a trace or a scenario"), QString(),
        tr("Traces and scenarios (*.json);;Python scripts (*.py);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::openFile(const QString& path, QString* error)
{
    if (path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive))
        return openPythonScript(path, error);
    if (isScenarioFile(QFile::encodeName(path).toStdString()))
        return openScenario(path, error);
    return openTrace(path, error);
}

bool MainWindow::openScenario(const QString& path, QString* error)
{
    const auto refuse = [&](const QString& problem) {
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot open the scenario"), problem);
        return false;
    };
    if (anyRunGoing())
        return refuse(tr("Stop the run before opening a scenario"));
    QString problem;
    const std::optional<Scenario> scenario = readScenarioFile(path, &problem);
    if (!scenario)
        return refuse(problem);
    showScenario(*scenario, QFileInfo(path).fileName());
    return true;
}

void MainWindow::showScenario(const Scenario& scenario, const QString& name)
{
    QString ready;
    if (scenario.lab) {
        // Read scenarios were checked against the labs (validateScenario): this does not throw.
        const LabConfig config = labConfigFor(scenario.lab, scenario.lab->name);
        QWidget* view = nullptr;
        if (const auto* race = std::get_if<RaceConfig>(&config)) {
            raceView()->setConfig(*race);
            view = m_raceView;
        } else if (const auto* lock = std::get_if<LockDemoConfig>(&config)) {
            lockView()->setConfig(*lock);
            view = m_lockView;
        } else {
            deadlockView()->setConfig(std::get<DeadlockConfig>(config));
            view = m_deadlockView;
        }
        showView(view);
        ready = tr("its Run button on the tab runs it");
    }
    if (scenario.python) {
        const std::string script = pytrace::examplePath(m_pythonExamplesDir, scenario.python->example);
        if (!script.empty() && openPythonScript(QFile::decodeName(script.c_str())))
            ready = tr("Ctrl+R runs it");
    }
    if (scenario.run) {
        m_experimentPanel->setConfig(*scenario.run);
        showView(m_timeline->parentWidget());
        m_spaceRuns = true;
        ready = tr("Space runs it");
    }
    setWindowTitle(tr("%1 — Interleave").arg(name));
    m_titleNamesTrace = false;
    statusBar()->showMessage(tr("Scenario \u201c%1\u201d: %2").arg(QString::fromStdString(scenario.title), ready));
    updateRunActions();
}

void MainWindow::createScenariosMenu()
{
    m_scenariosMenu = new QMenu(tr("&Scenarios"), this);
    m_scenariosMenu->setObjectName(QStringLiteral("scenariosMenu"));
    for (const auto& [resource, scenario] : builtInScenarioPresets()) {
        QAction* action = m_scenariosMenu->addAction(QString::fromStdString(scenario.title));
        action->setStatusTip(QString::fromStdString(scenario.description));
        connect(action, &QAction::triggered, this, [this, s = scenario] {
            if (anyRunGoing()) {
                statusBar()->showMessage(tr("Stop the run before opening a scenario"));
                return;
            }
            showScenario(s, QString::fromStdString(s.title));
        });
    }
    if (m_scenariosMenu->isEmpty())
        m_scenariosMenu->addAction(tr("(no scenarios were found)"))->setEnabled(false);
}

void MainWindow::createPythonExamplesMenu()
{
    m_pythonExamplesMenu = new QMenu(tr("Python e&xamples"), this);
    m_pythonExamplesMenu->setObjectName(QStringLiteral("pythonExamplesMenu"));
    m_pythonExamplesDir = pytrace::examplesDirOf(
        pytrace::findBootstrapDir(programDir()));
    for (const pytrace::PythonExample& example : pytrace::listPythonExamples(m_pythonExamplesDir)) {
        const QString path = QFile::decodeName(example.path.c_str());
        QAction* action = m_pythonExamplesMenu->addAction(
            tr("%1  (%2)").arg(QString::fromStdString(example.title), QString::fromStdString(example.fileName)));
        action->setStatusTip(tr("Open %1 in the Python tab; Run traces it").arg(QString::fromStdString(example.fileName)));
        connect(action, &QAction::triggered, this, [this, path] { openPythonScript(path); });
    }
    if (m_pythonExamplesMenu->isEmpty())
        m_pythonExamplesMenu->addAction(tr("(the example programs were not found)"))->setEnabled(false);
    m_pythonView->setExamplesMenu(m_pythonExamplesMenu);
}

void MainWindow::chooseScriptToOpen()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a Python script"), QString(), tr("Python scripts (*.py);;All files (*)"));
    if (!path.isEmpty())
        openPythonScript(path);
}

bool MainWindow::openPythonScript(const QString& path, QString* error)
{
    showView(m_pythonView);
    if (!m_pythonView->openScript(path, error))
        return false;
    statusBar()->showMessage(tr("Opened %1: Space or Ctrl+R runs it").arg(QDir::toNativeSeparators(path)));
    return true;
}

namespace {

// The local file a drag carries, when it is one the window opens: a Python script or a trace.
QString droppableFile(const QMimeData* mime)
{
    if (mime == nullptr || !mime->hasUrls() || mime->urls().size() != 1)
        return {};
    const QString path = mime->urls().front().toLocalFile();
    return path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive)
            || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
        ? path
        : QString();
}

} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppableFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString path = droppableFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openFile(path);
}

void MainWindow::chooseExportFile()
{
    ExportDialog dialog(m_timeline->trace(), exportRequestToOffer(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const TimelineExportRequest request = dialog.request();
    m_lastExport = request;
    exportTimelineTo(request);
}

} // namespace interleave
