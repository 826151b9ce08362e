#include "window/mainwindow.h"

// The experiment on the panel: its dock, its run, its progress and its result, and the
// comparison dock.

#include "charts/speedupchart.h"
#include "panels/experimentpanel.h"
#include "panels/lanelistview.h"
#include "python/pythonview.h"
#include "pytrace/python_session.h"
#include "run/pythonstartprobe.h"
#include "run/lessonrepeatrun.h"
#include "run/runcontroller.h"
#include "timeline/replaybar.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"
#include "window/mainwindow_text.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>

#include <utility>

namespace interleave {

void MainWindow::createExperimentDock()
{
    m_experimentPanel = new ExperimentPanel(this);
    connect(new PythonStartProbe(this), &PythonStartProbe::measured, m_experimentPanel,
            [this](double ms, const QString& python) { m_experimentPanel->setPythonStartMs(ms, python); });
    m_experimentPanel->setObjectName(QStringLiteral("experimentPanel"));
    m_experimentDock = new QDockWidget(tr("Experiment"), this);
    m_experimentDock->setObjectName(QStringLiteral("experimentDock"));
    // Scrolled when the dock is smaller than the panel (1024x768, classroom mode's large type):
    // the window then still fits the screen, and every field can be reached.
    m_experimentDock->setWidget(scrolledDockContent(m_experimentPanel));
    addDockWidget(Qt::LeftDockWidgetArea, m_experimentDock);
    m_experimentPanel->setRunActions(m_runAction, m_stopAction);
    m_experimentPanel->setRunBesideAction(m_runBesideAction);
    connect(m_experimentPanel, &ExperimentPanel::configChanged, this, [this] {
        if (m_restoringSettings)
            return;
        // A different experiment on the panel: Space runs it rather than replaying the old one.
        m_spaceRuns = true;
        updateKeyHint();
        saveExperimentSettings();
    });
}

void MainWindow::runExperiment()
{
    if (anyRunGoing())
        return;
    // On the Python tab, Run (Ctrl+R, F5, Space) runs the script shown there.
    if (pythonTabShown()) {
        m_pythonView->run();
        return;
    }
    const RunConfig config = m_experimentPanel->config();
    m_lessonRepeat->abandon(); // the lesson's repeats would share the cores with this run
    QString error;
    if (!m_runController->start(config, &error)) {
        QMessageBox::warning(this, tr("Cannot run"), error);
        return;
    }
    m_replay->clear();
    // The opened trace is replaced by this run; an opened scenario is what runs.
    if (std::exchange(m_titleNamesTrace, false))
        setWindowTitle(tr("Interleave"));
    m_centralStack->setCurrentWidget(m_views);
    m_timeline->setFollowLive(true);
    m_resultsStripHasText = true;
    updateResultsStrip();
    m_resultsStrip->setText(tr("Running %1 over %2 %3 tasks…")
                                .arg(QString::fromUtf8(modelName(config.model).data()))
                                .arg(config.tasks)
                                .arg(QString::fromUtf8(workloadName(config.workload).data())));
    statusBar()->showMessage(tr("Running"));
    updateRunActions();
    m_taskProgress.reset(config.tasks);
    m_experimentPanel->setProgress(0, config.tasks);
    m_progress->setRange(0, config.tasks);
    m_progress->setValue(0);
}

void MainWindow::runInCPythonToo()
{
    if (anyRunGoing())
        return;
    m_lessonRepeat->abandon();
    showView(m_pythonView);
    QString error;
    if (!m_pythonView->runBeside(m_experimentPanel->config(), &error))
        statusBar()->showMessage(error);
}

void MainWindow::stopExperiment()
{
    m_lessonRepeat->stop(); // what was measured so far is still reported
    if (!anyRunGoing())
        return;
    m_pythonView->stop();
    m_runController->stop();
    statusBar()->showMessage(tr("Stopping"));
}

bool MainWindow::pythonTabShown() const
{
    return m_centralStack->currentWidget() == m_views && m_views->currentWidget()->isAncestorOf(m_pythonView);
}

bool MainWindow::anyRunGoing() const
{
    return m_runController->isRunning() || m_pythonView->isRunning();
}

void MainWindow::onTraceUpdated()
{
    m_timeline->setTrace(m_runController->trace());
    m_replayBar->showLive(m_runController->trace().duration());
    m_taskProgress.update(m_runController->trace());
    m_experimentPanel->setProgress(m_taskProgress.finished(), m_taskProgress.total());
    m_progress->setValue(m_taskProgress.finished());
    if (m_views->currentWidget() == m_laneList)
        m_laneList->showTrace(m_runController->trace());
}

void MainWindow::onRunFinished(const RunResult& result)
{
    m_laneList->showTrace(m_runController->trace());
    m_replay->setTrace(m_runController->trace());
    m_spaceRuns = m_replay->trace().empty();
    const RunConfig& config = m_runController->lastConfig();
    const std::string key = mainwindow_text::workloadKey(config);
    if (config.model == Model::Sequential && !result.cancelled && result.errors.empty())
        m_sequentialWall[key] = result.wallNs;

    // A stopped run says so first: its wall time is when it was stopped, not how long it takes.
    QString text = result.cancelled
        ? tr("%1: stopped after %2 · CPU %3 · waiting for the GIL %4")
              .arg(QString::fromUtf8(modelName(result.model).data()), mainwindow_text::ms(result.wallNs),
                  mainwindow_text::ms(result.cpuNs), mainwindow_text::ms(result.gilWaitNs))
        : tr("%1: wall %2 · CPU %3 · waiting for the GIL %4")
              .arg(QString::fromUtf8(modelName(result.model).data()), mainwindow_text::ms(result.wallNs),
                  mainwindow_text::ms(result.cpuNs), mainwindow_text::ms(result.gilWaitNs));
    const auto baseline = m_sequentialWall.find(key);
    if (baseline != m_sequentialWall.end() && result.wallNs > 0 && !result.cancelled)
        text += tr(" · speedup %1x against sequential")
                    .arg(static_cast<double>(baseline->second) / static_cast<double>(result.wallNs), 0, 'f', 2);
    else if (result.cancelled)
        text += tr(" · the lanes it cut short end in a grey Stopped mark");
    else if (config.model != Model::Sequential)
        text += tr(" · run sequential on the same workload to see the speedup");
    m_resultsStrip->setText(text);

    if (result.cancelled)
        statusBar()->showMessage(tr("The run was stopped; what ran until then stays on screen"));
    else if (!result.errors.empty())
        statusBar()->showMessage(tr("Finished with errors: %1").arg(QString::fromStdString(result.errors.front())));
    else
        statusBar()->showMessage(tr("Finished: Space replays it, Left and Right step through its state changes"));
    updateRunActions();
}

void MainWindow::updateRunActions()
{
    // One run at a time: an engine run and a traced script would take each other's cores.
    const bool running = anyRunGoing();
    m_runAction->setEnabled(!running);
    m_runBesideAction->setEnabled(!running && !pytrace::findExecutable(m_pythonView->python().toStdString()).empty());
    // Stop also ends a lesson's repeats (Run abandons them: it needs the cores).
    m_stopAction->setEnabled(running || m_lessonRepeat->isRunning());
    m_experimentPanel->setRunning(running);
    m_clearSelectionAction->setEnabled(!running);
    m_progress->setVisible(m_runController->isRunning());
    m_openAction->setEnabled(!running);
    m_openPythonAction->setEnabled(!m_pythonView->isRunning());
    m_pythonExamplesMenu->setEnabled(!m_pythonView->isRunning());
    m_exportAction->setEnabled(!running && !m_timeline->trace().empty());
    updateKeyHint();
}

void MainWindow::createComparisonDock()
{
    m_speedupChart = new SpeedupChart(this);
    m_speedupChart->setObjectName(QStringLiteral("speedupChart"));
    m_speedupChart->setMinimumHeight(220);

    m_comparisonDock = new QDockWidget(tr("Comparison"), this);
    m_comparisonDock->setObjectName(QStringLiteral("comparisonDock"));
    m_comparisonDock->setWidget(m_speedupChart);
    addDockWidget(Qt::BottomDockWidgetArea, m_comparisonDock);
    m_comparisonDock->hide();
}

} // namespace interleave
