#include "mainwindow.h"

#include "aboutdialog.h"
#include "export/timelineexport.h"
#include "charts/speedupchart.h"
#include "cli/programdir.h"
#include "compare/compareview.h"
#include "lab/deadlockview.h"
#include "lab/lockview.h"
#include "lab/raceview.h"
#include "lab/stepview.h"
#include "teach/advisordialog.h"
#include "teach/classroommode.h"
#include "teach/explanationpanel.h"
#include "teach/glossarydialog.h"
#include "teach/lessonpanel.h"
#include "tour/tourplan.h"
#include "guiresources.h"
#include "lazytab.h"
#include "panels/experimentpanel.h"
#include "run/pythonstartprobe.h"
#include "panels/lanelistview.h"
#include "python/pythonview.h"
#include "pytrace/python_examples.h"
#include "pytrace/python_session.h"
#include "run/runcontroller.h"
#include "timeline/replaybar.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"
#include "trace/chrome_trace.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QStatusBar>
#include <QStyle>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <thread>
#include <type_traits>
#include <utility>

namespace interleave {
namespace {

// Runs of the same workload are comparable; the model and its worker counts are what differ.
std::string workloadKey(const RunConfig& c)
{
    RunConfig key = c;
    key.model = Model::Sequential;
    key.threadWorkers = 0;
    key.processWorkers = 0;
    key.processStart = ProcessStart::Python;
    return std::string(workloadName(key.workload)) + "/" + std::to_string(key.tasks) + "/"
        + std::to_string(key.latencyMs) + "/" + std::to_string(key.workMs) + "/" + std::to_string(key.mixedRounds)
        + "/" + (key.gil ? "gil" : "nogil") + "/" + std::to_string(key.switchIntervalMs);
}

QString ms(TimeNs ns)
{
    return QString::number(static_cast<double>(ns) / 1e6, 'f', 1) + QStringLiteral(" ms");
}

// A state as a sentence says it: the user's word for it (stateLabel), in lower case.
QString statePhrase(State s)
{
    QString phrase = QString::fromUtf8(stateLabel(s).data(), static_cast<qsizetype>(stateLabel(s).size()));
    if (!phrase.isEmpty())
        phrase[0] = phrase[0].toLower();
    return phrase;
}

// Bumped when the docks or toolbars change so much that an old saved layout would not fit.
constexpr int kWindowStateVersion = 1;

QString themeName(TimelineTheme theme)
{
    return theme == TimelineTheme::Dark ? QStringLiteral("dark") : QStringLiteral("light");
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    ensureGuiResources();
    setWindowTitle(tr("Interleave"));
    setAcceptDrops(true); // a .py file opens in the Python tab, a .json trace in the timeline
    setWindowIcon(QIcon(QStringLiteral(":/icons/interleave.svg")));
    resize(defaultSize());

    m_runController = new RunController(this);
    connect(m_runController, &RunController::traceUpdated, this, &MainWindow::onTraceUpdated);
    connect(m_runController, &RunController::finished, this, &MainWindow::onRunFinished);
    m_replay = new ReplayController(this);

    createActions();
    createCentralArea();
    createReplayActions();
    createExperimentDock();
    createComparisonDock();
    createLabViews();
    createLearningDocks();
    createPythonExamplesMenu();
    createToolBar();
    createMenus();
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 0); // busy until a run says how many tasks it has
    m_progress->setFormat(tr("%v of %m tasks"));
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_progress);
    // What the keys do now: Space's meaning changes with what is on screen.
    m_keyHintLabel = new QLabel(this);
    m_keyHintLabel->setObjectName(QStringLiteral("keyHint"));
    statusBar()->addPermanentWidget(m_keyHintLabel);
    statusBar()->showMessage(tr("Nothing running"));
    updateRunActions();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

RaceView* MainWindow::raceView() const
{
    m_raceTab->content();
    return m_raceView;
}

StepView* MainWindow::stepView() const
{
    m_stepTab->content();
    return m_stepView;
}

LockView* MainWindow::lockView() const
{
    m_lockTab->content();
    return m_lockView;
}

DeadlockView* MainWindow::deadlockView() const
{
    m_deadlockTab->content();
    return m_deadlockView;
}

CompareView* MainWindow::compareView() const
{
    m_compareTab->content();
    return m_compareView;
}

void MainWindow::createActions()
{
    // Coloured, not the style's black: they read on the dark theme too. Okabe-Ito green and
    // vermillion, the timeline's Running and a warning colour.
    m_runAction = new QAction(
        ReplayBar::symbolIcon(ReplayBar::Symbol::Play, QColor(0x00, 0x9E, 0x73), QColor(0x88, 0x88, 0x88)),
        tr("&Run"), this);
    m_runAction->setObjectName(QStringLiteral("runAction"));
    m_runAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_R), QKeySequence(Qt::Key_F5)});
    m_runAction->setToolTip(tr("Run the experiment (Ctrl+R; Space too when nothing is ready to replay)"));
    m_runAction->setStatusTip(tr("Run the chosen workload under the chosen model"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::runExperiment);

    m_runBesideAction = new QAction(tr("Run in CPython &too"), this);
    m_runBesideAction->setObjectName(QStringLiteral("runBesideAction"));
    m_runBesideAction->setToolTip(tr("Run the experiment, then the same tasks as a Python program in a real CPython, "
                                     "and show both timelines on one time axis"));
    m_runBesideAction->setStatusTip(m_runBesideAction->toolTip());
    connect(m_runBesideAction, &QAction::triggered, this, &MainWindow::runInCPythonToo);

    m_stopAction = new QAction(
        ReplayBar::symbolIcon(ReplayBar::Symbol::Stop, QColor(0xD5, 0x5E, 0x00), QColor(0x88, 0x88, 0x88)),
        tr("&Stop"), this);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setShortcut(Qt::Key_Escape);
    m_stopAction->setToolTip(tr("Stop the run (Esc)"));
    // Esc belongs to Stop while a run is in flight and to clearing the selection otherwise:
    // only one of the two is ever enabled, so the key is never ambiguous.
    m_stopAction->setStatusTip(tr("Stop the running experiment; what was recorded stays on screen"));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopExperiment);

    m_openAction = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this);
    m_openAction->setObjectName(QStringLiteral("openAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Show a saved trace (Chrome Trace Event JSON, e.g. from 'interleave run --trace')"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseTraceToOpen);

    m_openPythonAction = new QAction(tr("Open &Python script…"), this);
    m_openPythonAction->setObjectName(QStringLiteral("openPythonAction"));
    m_openPythonAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openPythonAction->setStatusTip(
        tr("Show a Python script beside a timeline, and trace what its threads and processes do when it runs"));
    connect(m_openPythonAction, &QAction::triggered, this, &MainWindow::chooseScriptToOpen);

    m_exportAction = new QAction(tr("&Export timeline…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setStatusTip(tr("Save the whole timeline as a PNG or SVG image"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::chooseExportFile);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_aboutAction = new QAction(tr("&About Interleave"), this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addAction(m_openPythonAction);
    file->addMenu(m_pythonExamplesMenu);
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAction);
    run->addAction(m_runBesideAction);
    run->addAction(m_stopAction);

    run->addSeparator();
    run->addAction(m_spaceAction);

    QMenu* replay = menuBar()->addMenu(tr("Re&play"));
    replay->addAction(m_replayBar->playPauseAction());
    replay->addAction(m_replayBar->stepBackAction());
    replay->addAction(m_replayBar->stepForwardAction());
    replay->addAction(m_replayBar->toStartAction());
    replay->addAction(m_replayBar->toEndAction());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_zoomInAction);
    view->addAction(m_zoomOutAction);
    view->addAction(m_fitAction);
    view->addAction(m_clearSelectionAction);
    view->addSeparator();
    QMenu* theme = view->addMenu(tr("&Theme"));
    theme->addAction(m_lightThemeAction);
    theme->addAction(m_darkThemeAction);
    view->addAction(m_fullScreenAction);
    view->addSeparator();
    view->addAction(m_experimentDock->toggleViewAction());
    view->addAction(m_comparisonDock->toggleViewAction());
    view->addSeparator();
    view->addAction(m_classroom->toggleAction());

    QMenu* learn = menuBar()->addMenu(tr("&Learn"));
    learn->addAction(m_lessonDock->toggleViewAction());
    learn->addAction(m_explanationDock->toggleViewAction());
    learn->addSeparator();
    learn->addAction(m_advisorAction);
    learn->addAction(m_glossaryAction);

    // The lab and the comparison are tabs beside the timeline; these bring one to the front.
    QMenu* lab = menuBar()->addMenu(tr("L&ab"));
    const std::pair<QWidget*, QString> tabs[] = {{m_raceTab, tr("&Race condition")},
        {m_stepTab, tr("&Step through an interleaving")}, {m_lockTab, tr("&Locks")},
        {m_deadlockTab, tr("&Deadlock")}, {m_compareTab, tr("&Compare all models")}};
    for (const auto& [widget, label] : tabs) {
        QWidget* target = widget;
        lab->addAction(label, this, [this, target] { showView(target); });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar* toolBar = addToolBar(tr("Run"));
    toolBar->setObjectName(QStringLiteral("runToolBar"));
    toolBar->setMovable(false);
    // Words beside the icons: the toolbar is read from the back of a classroom too.
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_runAction);
    toolBar->addAction(m_stopAction);
}

void MainWindow::createCentralArea()
{
    // Stands where the timeline will be drawn.
    m_timelinePlaceholder = new QLabel(tr("Choose a workload and a model, then press Run"), this);
    m_timelinePlaceholder->setObjectName(QStringLiteral("timelinePlaceholder"));
    m_timelinePlaceholder->setAlignment(Qt::AlignCenter);
    m_timelinePlaceholder->setWordWrap(true);
    m_timelinePlaceholder->setForegroundRole(QPalette::PlaceholderText);
    m_timelinePlaceholder->setBackgroundRole(QPalette::Base);
    m_timelinePlaceholder->setAutoFillBackground(true);
    QFont hintFont = m_timelinePlaceholder->font();
    hintFont.setPointSizeF(hintFont.pointSizeF() * 1.5);
    m_timelinePlaceholder->setFont(hintFont);

    m_timeline = new TimelineWidget(this);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setCoreCount(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    m_laneList = new LaneListView(this);
    m_laneList->setObjectName(QStringLiteral("laneList"));
    m_views = new QTabWidget(this);
    m_views->setObjectName(QStringLiteral("views"));
    m_views->setDocumentMode(true);
    m_replayBar = new ReplayBar(m_replay, this);
    auto* timelinePage = new QWidget(this);
    auto* timelineLayout = new QVBoxLayout(timelinePage);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->setSpacing(0);
    timelineLayout->addWidget(m_timeline, 1);
    timelineLayout->addWidget(m_replayBar);
    m_views->addTab(timelinePage, tr("&Timeline"));
    m_views->addTab(m_laneList, tr("&Lanes"));
    // The list's per-lane totals are recomputed only while it is shown, and once when it is.
    connect(m_views, &QTabWidget::currentChanged, this, [this] {
        if (m_views->currentWidget() == m_laneList)
            m_laneList->showTrace(m_timeline->trace());
    });

    m_centralStack = new QStackedWidget(this);
    m_centralStack->addWidget(m_timelinePlaceholder);
    m_centralStack->addWidget(m_views);

    m_resultsStrip = new QLabel(this);
    m_resultsStrip->setObjectName(QStringLiteral("resultsStrip"));
    m_resultsStrip->setTextFormat(Qt::PlainText);
    m_resultsStrip->setWordWrap(true); // a long result wraps rather than running off the edge
    m_resultsStrip->setVisible(false); // an empty band above the hint until there is a result
    m_resultsStrip->setMargin(6);
    QFont stripFont = m_resultsStrip->font();
    stripFont.setPointSizeF(stripFont.pointSizeF() * 1.25);
    m_resultsStrip->setFont(stripFont);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_resultsStrip);
    layout->addWidget(m_centralStack, 1);
    setCentralWidget(central);
}

void MainWindow::createExperimentDock()
{
    m_experimentPanel = new ExperimentPanel(this);
    connect(new PythonStartProbe(this), &PythonStartProbe::measured, m_experimentPanel,
            [this](double ms, const QString& python) { m_experimentPanel->setPythonStartMs(ms, python); });
    m_experimentPanel->setObjectName(QStringLiteral("experimentPanel"));
    m_experimentDock = new QDockWidget(tr("Experiment"), this);
    m_experimentDock->setObjectName(QStringLiteral("experimentDock"));
    m_experimentDock->setWidget(m_experimentPanel);
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
    QString error;
    if (!m_runController->start(config, &error)) {
        QMessageBox::warning(this, tr("Cannot run"), error);
        return;
    }
    m_replay->clear();
    m_centralStack->setCurrentWidget(m_views);
    m_timeline->setFollowLive(true);
    m_resultsStrip->setVisible(true);
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
    showView(m_pythonView);
    QString error;
    if (!m_pythonView->runBeside(m_experimentPanel->config(), &error))
        statusBar()->showMessage(error);
}

void MainWindow::stopExperiment()
{
    if (!anyRunGoing())
        return;
    m_pythonView->stop();
    m_runController->stop();
    statusBar()->showMessage(tr("Stopping"));
}

bool MainWindow::pythonTabShown() const
{
    return m_centralStack->currentWidget() == m_views && m_views->currentWidget() == m_pythonView;
}

bool MainWindow::anyRunGoing() const
{
    return m_runController->isRunning() || m_pythonView->isRunning();
}

void MainWindow::onTraceUpdated()
{
    m_timeline->setTrace(m_runController->trace());
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
    const std::string key = workloadKey(config);
    if (config.model == Model::Sequential && !result.cancelled && result.errors.empty())
        m_sequentialWall[key] = result.wallNs;

    // A stopped run says so first: its wall time is when it was stopped, not how long it takes.
    QString text = result.cancelled
        ? tr("%1: stopped after %2 · CPU %3 · waiting for the GIL %4")
              .arg(QString::fromUtf8(modelName(result.model).data()), ms(result.wallNs), ms(result.cpuNs),
                  ms(result.gilWaitNs))
        : tr("%1: wall %2 · CPU %3 · waiting for the GIL %4")
              .arg(QString::fromUtf8(modelName(result.model).data()), ms(result.wallNs), ms(result.cpuNs),
                  ms(result.gilWaitNs));
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
    m_stopAction->setEnabled(running);
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

void MainWindow::createLabViews()
{
    // In scroll areas, built when first shown or asked for (LazyTab), wired up and themed then.
    const auto addScrolledTab = [this](auto*& view, const char* name, const QString& label, auto wire) {
        using View = std::remove_reference_t<decltype(*view)>;
        auto* tab = new LazyTab([this, &view, name, wire](QWidget* parent) {
            view = new View(parent);
            view->setObjectName(QLatin1String(name));
            wire(view);
            // Built during classroom mode: its own fonts are scaled like everyone else's.
            if (m_classroom != nullptr && m_classroom->isEnabled())
                m_classroom->setFontScale(m_classroom->fontScale());
            return view;
        }, this);
        m_views->addTab(tab, label);
        return tab;
    };
    m_firstLabTab = m_views->count();
    // The learner's own program has its own Run and Stop, like a lab view.
    m_pythonView = new PythonView(this);
    m_pythonView->setObjectName(QStringLiteral("pythonView"));
    m_views->addTab(m_pythonView, tr("&Python"));
    connect(m_pythonView, &PythonView::runningChanged, this, &MainWindow::updateRunActions);
    connect(m_pythonView, &PythonView::openRequested, this, &MainWindow::chooseScriptToOpen);
    connect(m_pythonView, &PythonView::finished, this, [this] {
        statusBar()->showMessage(m_pythonView->statusText());
        if (startPendingScenario())
            return;
        m_lessonPanel->showPythonOutcome(); // a lesson that ran an example explains it now
    });
    m_raceTab = addScrolledTab(m_raceView, "raceView", tr("Race"), [this](RaceView* view) {
        view->timeline()->setTheme(m_theme);
        // A lesson's demo has ended in its lab view: the lesson writes its text from the numbers.
        connect(view, &RaceView::finished, this, [this] {
            if (std::exchange(m_lessonLab, LessonLab::None) == LessonLab::Race)
                m_lessonPanel->showLabResult(RaceLessonOutcome {m_raceView->lastRunConfig(), m_raceView->results()});
            if (std::exchange(m_lessonLabWaiting, LessonLab::None) == LessonLab::Race)
                startLessonLab(LessonLab::Race);
        });
    });
    m_stepTab = addScrolledTab(m_stepView, "stepView", tr("Step-through"), [](StepView*) {});
    m_lockTab = addScrolledTab(m_lockView, "lockView", tr("Locks"), [this](LockView* view) { view->setTheme(m_theme); });
    m_deadlockTab = addScrolledTab(m_deadlockView, "deadlockView", tr("Deadlock"), [this](DeadlockView* view) {
        view->setTheme(m_theme);
        connect(view, &DeadlockView::runFinished, this, [this] {
            if (std::exchange(m_lessonLab, LessonLab::None) == LessonLab::Deadlock)
                m_lessonPanel->showLabResult(DeadlockLessonOutcome {m_deadlockView->lastRunConfig(),
                    m_deadlockView->lastResult().value_or(DeadlockResult {}), m_deadlockView->lastError()});
            if (std::exchange(m_lessonLabWaiting, LessonLab::None) == LessonLab::Deadlock)
                startLessonLab(LessonLab::Deadlock);
        });
    });
    m_compareTab = addScrolledTab(m_compareView, "compareView", tr("Compare"), [](CompareView*) {});

    // The Experiment dock sets up the engine's run; a lab view has its own controls and wants
    // the width. The dock steps aside while a lab tab is shown and comes back with the
    // Timeline or Lanes, unless the user closed it.
    connect(m_views, &QTabWidget::currentChanged, this, [this] {
        updateKeyHint(); // Space runs the script on the Python tab
        const bool lab = m_views->currentIndex() >= m_firstLabTab;
        if (lab && m_experimentDock->isVisible() && !m_experimentDockAsideForLab) {
            m_experimentDockAsideForLab = true;
            m_experimentDock->hide();
        } else if (!lab && m_experimentDockAsideForLab) {
            m_experimentDockAsideForLab = false;
            m_experimentDock->show();
        }
    });
    // Opened or closed by hand: the user's choice stands, whatever the tab.
    connect(m_experimentDock->toggleViewAction(), &QAction::triggered, this,
        [this] { m_experimentDockAsideForLab = false; });
}

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
    m_lessonDock->setWidget(m_lessonPanel);
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
        if (const auto it = m_sequentialWall.find(workloadKey(m_runController->lastConfig())); it != m_sequentialWall.end())
            sequential = it->second;
        m_lessonPanel->showResult(result, &m_runController->trace(), sequential);
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

void MainWindow::showView(QWidget* view)
{
    m_centralStack->setCurrentWidget(m_views);
    for (int i = 0; i < m_views->count(); ++i) {
        QWidget* page = m_views->widget(i);
        if (page == view || page->isAncestorOf(view)) // a lab view sits in a scroll area in its page
            m_views->setCurrentIndex(i);
    }
}

void MainWindow::runScenario(const Scenario& scenario)
{
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
    // The lab views take their own configurations; a lesson's lab parameters map onto them
    // as the tour maps them, so the window shows what the tour draws.
    Lesson lesson;
    lesson.id = scenario.title;
    lesson.scenario = scenario;
    try {
        const TourLabConfig config = tourLabConfig(lesson, scenario.lab->name);
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
    m_centralStack->setCurrentWidget(m_views);
    m_timeline->setFollowLive(false);
    m_timeline->setTrace(trace);
    m_timeline->fitToTrace();
    m_laneList->showTrace(trace);
    m_replay->setTrace(trace);
    m_spaceRuns = trace.empty();
    m_resultsStrip->setVisible(true);
    m_resultsStrip->setText(tr("%1: %2 lanes · %3")
                                .arg(QFileInfo(path).fileName())
                                .arg(trace.laneCount())
                                .arg(ms(trace.duration())));
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)));
    updateRunActions();
    return true;
}

bool MainWindow::exportTimelineTo(const QString& path, QString* error)
{
    try {
        exportTimeline(m_timeline->trace(), path, m_timeline->size(), m_timeline->devicePixelRatioF(),
                       m_timeline->theme());
    } catch (const std::exception& e) {
        const QString problem = QString::fromStdString(e.what());
        if (error != nullptr)
            *error = problem;
        else
            QMessageBox::warning(this, tr("Cannot export the timeline"), problem);
        return false;
    }
    statusBar()->showMessage(tr("Timeline written to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void MainWindow::chooseTraceToOpen()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a trace"), QString(), tr("Chrome Trace Event JSON (*.json);;All files (*)"));
    if (!path.isEmpty())
        openTrace(path);
}

void MainWindow::createPythonExamplesMenu()
{
    m_pythonExamplesMenu = new QMenu(tr("Python e&xamples"), this);
    m_pythonExamplesMenu->setObjectName(QStringLiteral("pythonExamplesMenu"));
    m_pythonExamplesDir = pytrace::examplesDirOf(
        pytrace::findBootstrapDir(cli::programDir()));
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
    if (path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive))
        openPythonScript(path);
    else
        openTrace(path);
}

void MainWindow::chooseExportFile()
{
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export the timeline"), QStringLiteral("timeline.png"),
                                                tr("PNG image (*.png);;SVG drawing (*.svg)"), &filter);
    if (path.isEmpty())
        return;
    // A name typed without an extension takes the chosen filter's.
    if (!exportFormatForPath(path))
        path += filter.contains(QLatin1String("*.svg")) ? QStringLiteral(".svg") : QStringLiteral(".png");
    exportTimelineTo(path);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::createReplayActions()
{
    m_replay->setLaneOfInterest([this]() -> std::optional<LaneId> {
        if (const auto selected = m_timeline->selection())
            return selected->lane;
        return std::nullopt;
    });
    connect(m_replay, &ReplayController::positionChanged, this, &MainWindow::onReplayPositionChanged);
    connect(m_replay, &ReplayController::availabilityChanged, this, &MainWindow::onReplayPositionChanged);
    connect(m_replay, &ReplayController::playingChanged, this, [this] {
        onReplayPositionChanged();
        updateKeyHint();
    });
    connect(m_replay, &ReplayController::speedChanged, this, [this](double speed) {
        if (m_restoringSettings)
            return;
        QSettings settings(settingsOrganization(), settingsApplication());
        settings.setValue(QStringLiteral("replay/speed"), speed);
    });

    // After a step, the status bar says what changed at that instant.
    for (QAction* step : {m_replayBar->stepBackAction(), m_replayBar->stepForwardAction()})
        connect(step, &QAction::triggered, this, &MainWindow::describeChangeAtPlayhead);
    m_replayBar->stepBackAction()->setShortcut(Qt::Key_Left);
    m_replayBar->stepForwardAction()->setShortcut(Qt::Key_Right);
    m_replayBar->toStartAction()->setShortcut(Qt::Key_Home);
    m_replayBar->toEndAction()->setShortcut(Qt::Key_End);

    m_spaceAction = new QAction(this);
    m_spaceAction->setObjectName(QStringLiteral("spaceAction"));
    m_spaceAction->setShortcut(Qt::Key_Space);
    connect(m_spaceAction, &QAction::triggered, this, &MainWindow::onSpace);

    m_clearSelectionAction = new QAction(tr("&Clear selection"), this);
    m_clearSelectionAction->setObjectName(QStringLiteral("clearSelectionAction"));
    m_clearSelectionAction->setShortcut(Qt::Key_Escape);
    m_clearSelectionAction->setStatusTip(tr("Forget the selected span; steps then go through every lane (Esc)"));
    connect(m_clearSelectionAction, &QAction::triggered, this, &MainWindow::onEscape);

    m_zoomInAction = new QAction(style()->standardIcon(QStyle::SP_ArrowUp), tr("Zoom &in"), this);
    m_zoomInAction->setObjectName(QStringLiteral("zoomInAction"));
    m_zoomInAction->setShortcuts({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence::ZoomIn});
    m_zoomInAction->setStatusTip(tr("Zoom in on the timeline (+; Ctrl+wheel zooms around the pointer)"));
    connect(m_zoomInAction, &QAction::triggered, m_timeline, &TimelineWidget::zoomIn);

    m_zoomOutAction = new QAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Zoom &out"), this);
    m_zoomOutAction->setObjectName(QStringLiteral("zoomOutAction"));
    m_zoomOutAction->setShortcuts({QKeySequence(Qt::Key_Minus), QKeySequence::ZoomOut});
    m_zoomOutAction->setStatusTip(tr("Zoom out of the timeline (-; Ctrl+wheel zooms around the pointer)"));
    connect(m_zoomOutAction, &QAction::triggered, m_timeline, &TimelineWidget::zoomOut);

    m_fitAction = new QAction(tr("&Fit the whole run"), this);
    m_fitAction->setObjectName(QStringLiteral("fitAction"));
    m_fitAction->setShortcut(Qt::Key_F);
    m_fitAction->setStatusTip(tr("Show the whole run across the timeline (F)"));
    connect(m_fitAction, &QAction::triggered, m_timeline, &TimelineWidget::fitToTrace);

    m_fullScreenAction = new QAction(tr("F&ull screen"), this);
    m_fullScreenAction->setObjectName(QStringLiteral("fullScreenAction"));
    m_fullScreenAction->setShortcut(Qt::Key_F11);
    m_fullScreenAction->setCheckable(true);
    m_fullScreenAction->setStatusTip(tr("Fill the screen with the window, for a projector (F11)"));
    connect(m_fullScreenAction, &QAction::toggled, this, [this](bool on) {
        if (on == isFullScreen())
            return;
        if (on) {
            m_wasMaximized = isMaximized();
            showFullScreen();
        } else if (m_wasMaximized) {
            showMaximized();
        } else {
            showNormal();
        }
    });

    m_themeGroup = new QActionGroup(this);
    m_lightThemeAction = new QAction(tr("&Light"), m_themeGroup);
    m_lightThemeAction->setObjectName(QStringLiteral("lightThemeAction"));
    m_darkThemeAction = new QAction(tr("&Dark"), m_themeGroup);
    m_darkThemeAction->setObjectName(QStringLiteral("darkThemeAction"));
    for (QAction* action : {m_lightThemeAction, m_darkThemeAction})
        action->setCheckable(true);
    m_lightThemeAction->setChecked(true);
    connect(m_lightThemeAction, &QAction::triggered, this, [this] { setTheme(TimelineTheme::Light); });
    connect(m_darkThemeAction, &QAction::triggered, this, [this] { setTheme(TimelineTheme::Dark); });

    // Shortcuts work wherever the focus is in the window, whichever tab or dock shows.
    addActions({m_spaceAction, m_clearSelectionAction, m_zoomInAction, m_zoomOutAction, m_fitAction,
        m_fullScreenAction, m_replayBar->stepBackAction(), m_replayBar->stepForwardAction(),
        m_replayBar->toStartAction(), m_replayBar->toEndAction(), m_replayBar->playPauseAction()});
}

void MainWindow::onSpace()
{
    if (anyRunGoing()) {
        statusBar()->showMessage(tr("A run is in flight: Esc stops it"), 4000);
        return;
    }
    if (pythonTabShown()) {
        m_pythonView->run();
        return;
    }
    if (m_spaceRuns || !m_replay->isAvailable()) {
        runExperiment();
        return;
    }
    m_replay->togglePlaying();
}

void MainWindow::onEscape()
{
    if (anyRunGoing()) {
        stopExperiment();
        return;
    }
    m_timeline->clearSelection();
}

void MainWindow::onReplayPositionChanged()
{
    if (!m_replay->isAvailable()) {
        m_timeline->setPlayhead(std::nullopt);
        return;
    }
    const TimeNs position = m_replay->position();
    // At rest at the end the whole run is shown as it is: no line over its last instant.
    if (m_replay->clock().atEnd() && !m_replay->isPlaying()) {
        m_timeline->setPlayhead(std::nullopt);
        return;
    }
    m_timeline->setPlayhead(position);
    // Playing, stepping or scrubbing: the playhead stays in view, the zoom as it was.
    if (m_replay->isPlaying() || !m_replay->clock().atEnd())
        m_timeline->ensureTimeVisible(position);
}

QString MainWindow::describeChangeAtPlayhead()
{
    const Trace& trace = m_replay->trace();
    const TimeNs at = m_replay->position();
    std::optional<LaneId> lane;
    if (const auto selected = m_timeline->selection())
        lane = selected->lane;
    const std::vector<StateChangeAt> changes = stateChangesAt(trace, at, lane);
    QString text = QString::fromStdString(formatReplayTime(at - trace.startTime(), trace.duration()));
    if (changes.empty()) {
        text += tr(": no state changes here");
    } else {
        const StateChangeAt& c = changes.front();
        text += QStringLiteral(" · %1: ").arg(QString::fromStdString(trace.lane(c.lane).name));
        if (c.from)
            text += statePhrase(*c.from) + QStringLiteral(" → ");
        text += statePhrase(c.to);
        if (c.task != kNoTask)
            text += tr(" (task %1)").arg(c.task);
        if (changes.size() > 1)
            text += tr(" · and %n more lane(s) at the same instant", nullptr, static_cast<int>(changes.size() - 1));
    }
    statusBar()->showMessage(text);
    return text;
}

QString MainWindow::keyHint() const
{
    if (anyRunGoing())
        return tr("Esc: stop the run");
    if (pythonTabShown())
        return tr("Space or Ctrl+R: run the script");
    if (m_spaceRuns || !m_replay->isAvailable())
        return tr("Space: run");
    if (m_replay->isPlaying())
        return tr("Space: pause · ←/→: step");
    return tr("Space: replay · ←/→: step · Ctrl+R: run");
}

void MainWindow::updateKeyHint()
{
    if (m_keyHintLabel == nullptr || m_spaceAction == nullptr)
        return;
    const QString hint = keyHint();
    m_keyHintLabel->setText(hint);
    if (anyRunGoing())
        m_spaceAction->setText(tr("Run or replay (Esc stops the run first)"));
    else if (m_spaceRuns || !m_replay->isAvailable())
        m_spaceAction->setText(tr("Run the experiment"));
    else if (m_replay->isPlaying())
        m_spaceAction->setText(tr("Pause the replay"));
    else
        m_spaceAction->setText(tr("Play the replay"));
    m_spaceAction->setStatusTip(tr("Space runs the experiment when nothing is on screen or the panel has changed "
                                   "since; otherwise it plays or pauses the replay of the run shown"));
}

QPalette MainWindow::paletteFor(TimelineTheme theme)
{
    // Strong contrast on both: text near black on near white, near white on near black, as a
    // projector washes colours out. Disabled text stays legible, only greyer.
    const bool dark = theme == TimelineTheme::Dark;
    const QColor window = dark ? QColor(0x2b, 0x2d, 0x31) : QColor(0xf1, 0xf2, 0xf4);
    const QColor base = dark ? QColor(0x1e, 0x1f, 0x22) : QColor(0xff, 0xff, 0xff);
    const QColor text = dark ? QColor(0xee, 0xee, 0xee) : QColor(0x11, 0x11, 0x11);
    const QColor button = dark ? QColor(0x3a, 0x3d, 0x42) : QColor(0xe4, 0xe6, 0xea);
    const QColor disabled = dark ? QColor(0x8c, 0x8c, 0x8c) : QColor(0x7a, 0x7a, 0x7a);
    const QColor highlight = dark ? QColor(0x2f, 0x7d, 0xd8) : QColor(0x1f, 0x63, 0xc6);
    QPalette p(button, window);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, dark ? QColor(0x26, 0x28, 0x2c) : QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc0, 0x00, 0x00));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::ToolTipBase, dark ? QColor(0x3a, 0x3d, 0x42) : QColor(0xff, 0xff, 0xe8));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dark ? QColor(0xb0, 0xb0, 0xb0) : QColor(0x50, 0x50, 0x50));
    p.setColor(QPalette::Link, dark ? QColor(0x8a, 0xc4, 0xff) : QColor(0x0b, 0x57, 0xb0));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, dark ? QColor(0x50, 0x55, 0x5c) : QColor(0xb8, 0xbc, 0xc4));
    return p;
}

void MainWindow::setTheme(TimelineTheme theme)
{
    m_theme = theme;
    QApplication::setPalette(paletteFor(theme));
    m_timeline->setTheme(theme);
    m_speedupChart->setDarkTheme(theme == TimelineTheme::Dark);
    if (m_raceView != nullptr) // the lab views not built yet take the theme when they are
        m_raceView->timeline()->setTheme(theme);
    if (m_lockView != nullptr)
        m_lockView->setTheme(theme);
    if (m_deadlockView != nullptr)
        m_deadlockView->setTheme(theme);
    m_pythonView->setTheme(theme);
    (theme == TimelineTheme::Dark ? m_darkThemeAction : m_lightThemeAction)->setChecked(true);
    if (!m_restoringSettings) {
        QSettings settings(settingsOrganization(), settingsApplication());
        settings.setValue(QStringLiteral("view/theme"), themeName(theme));
    }
}

void MainWindow::restoreSettings()
{
    m_restoringSettings = true;
    QSettings settings(settingsOrganization(), settingsApplication());
    m_experimentPanel->restoreSettings(settings);
    const QString theme = settings.value(QStringLiteral("view/theme")).toString();
    setTheme(theme == themeName(TimelineTheme::Dark) ? TimelineTheme::Dark : TimelineTheme::Light);
    bool speedOk = false;
    const double speed = settings.value(QStringLiteral("replay/speed")).toDouble(&speedOk);
    m_replay->setSpeed(speedOk ? speed : ReplayClock::kDefaultSpeed);
    // A missing or damaged geometry leaves the default size.
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kWindowStateVersion);
    m_restoringSettings = false;
    updateKeyHint();
}

void MainWindow::saveExperimentSettings()
{
    QSettings settings(settingsOrganization(), settingsApplication());
    m_experimentPanel->saveSettings(settings);
}

void MainWindow::saveWindowSettings()
{
    QSettings settings(settingsOrganization(), settingsApplication());
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    // The dock is saved as the user left it, not as a lab tab set it aside.
    const bool aside = m_experimentDockAsideForLab;
    if (aside)
        m_experimentDock->show();
    settings.setValue(QStringLiteral("window/state"), saveState(kWindowStateVersion));
    if (aside)
        m_experimentDock->hide();
    m_experimentPanel->saveSettings(settings);
    settings.setValue(QStringLiteral("view/theme"), themeName(m_theme));
    settings.setValue(QStringLiteral("replay/speed"), m_replay->speed());
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    // Full screen may come and go without F11 (a restored geometry, the window manager).
    if (event->type() == QEvent::WindowStateChange && m_fullScreenAction != nullptr)
        m_fullScreenAction->setChecked(isFullScreen());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveWindowSettings();
    QMainWindow::closeEvent(event);
}

} // namespace interleave
