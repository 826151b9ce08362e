#include "window/mainwindow.h"

// The lesson flow: the lesson and explanation docks, the advisor and the glossary, and what
// a lesson asks for (an engine run, a lab demo, a Python example, the comparison after a run),
// in order, one run at a time.

#include "compare/compareview.h"
#include "labviews/deadlockview.h"
#include "labviews/lockview.h"
#include "labviews/raceview.h"
#include "panels/experimentpanel.h"
#include "python/pythonview.h"
#include "pytrace/python_examples.h"
#include "run/lessonrepeatrun.h"
#include "run/runcontroller.h"
#include "teachviews/advisordialog.h"
#include "teachviews/classroommode.h"
#include "teachviews/explanationpanel.h"
#include "teachviews/glossarydialog.h"
#include "teach/lab_config.h"
#include "teachviews/lessonpanel.h"
#include "timeline/timelinewidget.h"
#include "window/mainwindow_text.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QStatusBar>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace interleave {

void MainWindow::createLearningDocks()
{
    m_explanationPanel = new ExplanationPanel(this);
    m_explanationPanel->setObjectName(QStringLiteral("explanationPanel"));
    m_explanationDock = new QDockWidget(tr("Explanation"), this);
    m_explanationDock->setObjectName(QStringLiteral("explanationDock"));
    m_explanationDock->setWidget(m_explanationPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_explanationDock);
    m_explanationDock->hide();

    m_lessonPanel = new LessonPanel(this);
    m_lessonPanel->setObjectName(QStringLiteral("lessonPanel"));
    m_lessonDock = new QDockWidget(tr("Lessons"), this);
    m_lessonDock->setObjectName(QStringLiteral("lessonDock"));
    m_lessonDock->setWidget(scrolledDockContent(m_lessonPanel));
    addDockWidget(Qt::RightDockWidgetArea, m_lessonDock);
    m_lessonDock->hide();
    m_explanationDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_lessonDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));

    // The explanation follows the model on the panel, or the lesson's topic while one is shown.
    m_explanationPanel->setTopic(QString::fromUtf8(modelName(m_experimentPanel->config().model)));
    connect(m_experimentPanel, &ExperimentPanel::configChanged, this, [this] {
        m_explanationPanel->setTopic(QString::fromUtf8(modelName(m_experimentPanel->config().model)));
    });
    connect(m_lessonPanel, &LessonPanel::topicChanged, m_explanationPanel, &ExplanationPanel::setTopic);
    connect(m_lessonPanel, &LessonPanel::runRequested, this, &MainWindow::runScenario);
    connect(m_runController, &RunController::finished, this, [this](const RunResult& result) {
        // The run that just stopped was not the one asked for: start that one instead.
        if (startPendingScenario())
            return;
        std::optional<TimeNs> sequential;
        if (const auto it
            = m_sequentialWall.find(mainwindow_text::workloadKey(m_runController->lastConfig()));
            it != m_sequentialWall.end())
            sequential = it->second;
        const bool lessonRun = m_lessonPanel->showResult(result, &m_runController->trace(), sequential);
        // A lesson's figures are medians with their range: its run is measured twice more
        // (and the same tasks one after another, when they compute). Not beside a lab demo or
        // a comparison that follows the run: those would share the cores with it.
        if (lessonRun && !result.cancelled && !m_labAfterRun && !m_compareAfterRun) {
            QString error;
            if (!m_lessonRepeat->start(m_runController->lastConfig(), result, &error))
                statusBar()->showMessage(error);
            updateRunActions();
        }
        if (auto lab = std::exchange(m_labAfterRun, std::nullopt); lab && !result.cancelled)
            showLabDemo(*lab, false);
        if (std::exchange(m_compareAfterRun, false) && !result.cancelled && !compareView()->isRunning()) {
            CompareView::CompareSettings compare = CompareView::settingsFor(m_runController->lastConfig());
            compare.repeat = m_compareView->compareSettings().repeat;
            m_compareView->setCompareSettings(compare);
            showView(m_compareView);
            QString error;
            if (!m_compareView->runAllModels(&error))
                statusBar()->showMessage(error);
        }
    });
    m_lessonRepeat = new LessonRepeatRun(this);
    m_lessonRepeat->onProgress = [this](int done, int total) { m_lessonPanel->showRepeatProgress(done, total); };
    m_lessonRepeat->onFinished = [this](const RunConfig& config, const LessonRepeatJob::Outcome& outcome) {
        // The timeline still holds the watched run: a new run would have abandoned the repeats.
        m_lessonPanel->showRepeatedResult(config, outcome, &m_runController->trace());
        updateRunActions();
    };
    // Another lesson shown: its predecessor's figures are no longer wanted.
    connect(m_lessonPanel, &LessonPanel::currentLessonChanged, m_lessonRepeat, [this] {
        if (!m_lessonRepeat->isRunning())
            return;
        m_lessonRepeat->abandon();
        updateRunActions();
    });
    // A selected span lights the line of Python that the lane was on.
    connect(m_timeline, &TimelineWidget::spanSelected, this, [this](int lane, qint64 index) {
        const Trace& trace = m_timeline->trace();
        if (lane >= 0 && static_cast<std::size_t>(lane) < trace.laneCount()
            && index >= 0 && static_cast<std::size_t>(index) < trace.spanCount(static_cast<LaneId>(lane)))
            m_explanationPanel->highlightState(trace.span(static_cast<LaneId>(lane), static_cast<std::size_t>(index)).state);
    });

    m_classroom = new ClassroomMode(this);

    m_advisorAction = new QAction(tr("&Which model should I use?…"), this);
    m_advisorAction->setObjectName(QStringLiteral("advisorAction"));
    m_advisorAction->setStatusTip(tr("A few questions about your program, a recommendation and a run that shows why"));
    connect(m_advisorAction, &QAction::triggered, this, [this] {
        AdvisorDialog dialog(this);
        connect(&dialog, &AdvisorDialog::demonstrationRequested, this, &MainWindow::runScenario);
        dialog.exec();
    });
    m_glossaryAction = new QAction(tr("&Glossary…"), this);
    m_glossaryAction->setObjectName(QStringLiteral("glossaryAction"));
    m_glossaryAction->setShortcut(QKeySequence::HelpContents);
    connect(m_glossaryAction, &QAction::triggered, this, [this] {
        GlossaryDialog dialog(this);
        dialog.exec();
    });
}

void MainWindow::runScenario(const Scenario& scenario)
{
    m_lessonRepeat->abandon();
    if ((scenario.run || scenario.python) && anyRunGoing()) {
        // Stopping takes a moment (threads join, children are reaped); the scenario runs
        // when the stopped run has finished.
        m_pendingScenario = scenario;
        stopExperiment();
        return;
    }
    if (scenario.run) {
        m_labAfterRun.reset();
        const Lesson* lesson = m_lessonPanel->currentLesson();
        m_compareAfterRun = lesson != nullptr && lesson->scenario == scenario
            && std::find(lesson->views.begin(), lesson->views.end(), "compare") != lesson->views.end();
        // A lesson's demo still going would run beside the run and slow it: it is stopped,
        // unheard.
        const LessonLab going = std::exchange(m_lessonLab, LessonLab::None);
        if (going == LessonLab::Race)
            m_raceView->stop();
        else if (going == LessonLab::Deadlock)
            m_deadlockView->stop();
        m_lessonLabWaiting = LessonLab::None;
        RunConfig run = *scenario.run;
        // A lesson's processes start as Python's do on this machine, once that was measured:
        // its text then explains this machine's start-up, not a figure from elsewhere.
        if (usesProcesses(run.model) && run.processStart == ProcessStart::Python
            && m_experimentPanel->measuredPythonStartMs() > 0)
            run.processStartMs = m_experimentPanel->measuredPythonStartMs();
        m_experimentPanel->setConfig(run);
        showView(m_timeline->parentWidget());
        runExperiment();
        // The lab demo of a lesson with a run of its own follows the run: run at the same
        // time, each would slow the other and change what the lesson measures.
        if (scenario.lab)
            m_labAfterRun = scenario;
        return;
    }
    if (scenario.lab)
        showLabDemo(scenario, true);
    if (scenario.python)
        runPythonExample(scenario.python->example);
}

bool MainWindow::startPendingScenario()
{
    if (!m_pendingScenario || anyRunGoing())
        return false;
    Scenario next = *std::exchange(m_pendingScenario, std::nullopt);
    QTimer::singleShot(0, this, [this, next = std::move(next)] { runScenario(next); });
    return true;
}

void MainWindow::runPythonExample(const std::string& fileName)
{
    const std::string path = pytrace::examplePath(m_pythonExamplesDir, fileName);
    showView(m_pythonView);
    if (path.empty()) {
        statusBar()->showMessage(tr("The example program %1 was not found").arg(QString::fromStdString(fileName)));
        return;
    }
    if (openPythonScript(QFile::decodeName(path.c_str())))
        m_pythonView->run();
}

void MainWindow::startLessonLab(LessonLab lab)
{
    QString error;
    const bool started = lab == LessonLab::Race ? m_raceView->start(&error)
                                                : m_deadlockView->start(m_deadlockView->config().ordered, &error);
    if (started) {
        m_lessonLab = lab;
        return;
    }
    statusBar()->showMessage(error);
    if (lab == LessonLab::Race)
        m_lessonPanel->showLabResult(RaceLessonOutcome {m_raceView->config(), {}});
    else
        m_lessonPanel->showLabResult(
            DeadlockLessonOutcome {m_deadlockView->config(), DeadlockResult {}, error.toStdString()});
}

void MainWindow::showLabDemo(const Scenario& scenario, bool bringForward)
{
    // The lab views take their own configurations; the scenario's lab parameters map onto
    // them as core/teach maps them for the tour, so the window shows what the tour draws.
    try {
        const LabConfig config = labConfigFor(scenario.lab, scenario.lab->name, "scenario.");
        // The newest demo asked for is the lesson's: an earlier one still running or waiting
        // to start ends unheard (and one waiting does not start).
        m_lessonLab = LessonLab::None;
        m_lessonLabWaiting = LessonLab::None;
        LessonLab lab = LessonLab::None;
        bool busy = false;
        if (const auto* race = std::get_if<RaceConfig>(&config)) {
            busy = raceView()->isRunning();
            if (busy)
                m_raceView->stop(); // the lesson's race starts when this one has ended
            m_raceView->setConfig(*race);
            if (bringForward)
                showView(m_raceView);
            lab = LessonLab::Race;
        } else if (const auto* lock = std::get_if<LockDemoConfig>(&config)) {
            // No lesson runs a lock demo yet: it is set up, to be run from its tab.
            lockView()->setConfig(*lock);
            if (bringForward)
                showView(m_lockView);
        } else {
            busy = deadlockView()->isRunning();
            if (busy)
                m_deadlockView->stop();
            m_deadlockView->setConfig(std::get<DeadlockConfig>(config));
            if (bringForward)
                showView(m_deadlockView);
            lab = LessonLab::Deadlock;
        }
        if (lab == LessonLab::None)
            return;
        if (busy) {
            m_lessonLabWaiting = lab;
            return;
        }
        startLessonLab(lab);
    } catch (const std::invalid_argument& e) {
        statusBar()->showMessage(QString::fromUtf8(e.what()));
    }
}

} // namespace interleave
