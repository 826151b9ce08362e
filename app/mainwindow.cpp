#include "mainwindow.h"

#include "aboutdialog.h"
#include "export/timelineexport.h"
#include "charts/speedupchart.h"
#include "guiresources.h"
#include "panels/experimentpanel.h"
#include "panels/lanelistview.h"
#include "run/runcontroller.h"
#include "timeline/timelinewidget.h"
#include "trace/chrome_trace.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QStyle>
#include <QMessageBox>
#include <QProgressBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <thread>

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

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    ensureGuiResources();
    setWindowTitle(tr("Interleave"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/interleave.svg")));
    resize(defaultSize());

    m_runController = new RunController(this);
    connect(m_runController, &RunController::traceUpdated, this, &MainWindow::onTraceUpdated);
    connect(m_runController, &RunController::finished, this, &MainWindow::onRunFinished);

    createActions();
    createCentralArea();
    createExperimentDock();
    createComparisonDock();
    createToolBar();
    createMenus();
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 0); // busy: a run's length is not known until it ends
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->showMessage(tr("Nothing running"));
    updateRunActions();
}

void MainWindow::createActions()
{
    m_runAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run"), this);
    m_runAction->setObjectName(QStringLiteral("runAction"));
    m_runAction->setShortcut(Qt::Key_Space);
    m_runAction->setToolTip(tr("Run the experiment (Space)"));
    m_runAction->setStatusTip(tr("Run the chosen workload under the chosen model"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::runExperiment);

    m_stopAction = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), this);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setShortcut(Qt::Key_Escape);
    m_stopAction->setToolTip(tr("Stop the run (Esc)"));
    m_stopAction->setStatusTip(tr("Stop the running experiment; what was recorded stays on screen"));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopExperiment);

    m_openAction = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this);
    m_openAction->setObjectName(QStringLiteral("openAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Show a saved trace (Chrome Trace Event JSON, e.g. from 'interleave run --trace')"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseTraceToOpen);

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
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAction);
    run->addAction(m_stopAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_experimentDock->toggleViewAction());
    view->addAction(m_comparisonDock->toggleViewAction());

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
    m_views->addTab(m_timeline, tr("&Timeline"));
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
    m_experimentPanel->setObjectName(QStringLiteral("experimentPanel"));
    m_experimentDock = new QDockWidget(tr("Experiment"), this);
    m_experimentDock->setObjectName(QStringLiteral("experimentDock"));
    m_experimentDock->setWidget(m_experimentPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_experimentDock);
}

void MainWindow::runExperiment()
{
    if (m_runController->isRunning())
        return;
    const RunConfig config = m_experimentPanel->config();
    QString error;
    if (!m_runController->start(config, &error)) {
        QMessageBox::warning(this, tr("Cannot run"), error);
        return;
    }
    m_centralStack->setCurrentWidget(m_views);
    m_timeline->setFollowLive(true);
    m_resultsStrip->setText(tr("Running %1 over %2 %3 tasks…")
                                .arg(QString::fromUtf8(modelName(config.model).data()))
                                .arg(config.tasks)
                                .arg(QString::fromUtf8(workloadName(config.workload).data())));
    statusBar()->showMessage(tr("Running"));
    updateRunActions();
}

void MainWindow::stopExperiment()
{
    if (!m_runController->isRunning())
        return;
    m_runController->stop();
    statusBar()->showMessage(tr("Stopping"));
}

void MainWindow::onTraceUpdated()
{
    m_timeline->setTrace(m_runController->trace());
    if (m_views->currentWidget() == m_laneList)
        m_laneList->showTrace(m_runController->trace());
}

void MainWindow::onRunFinished(const RunResult& result)
{
    m_laneList->showTrace(m_runController->trace());
    const RunConfig& config = m_runController->lastConfig();
    const std::string key = workloadKey(config);
    if (config.model == Model::Sequential && !result.cancelled && result.errors.empty())
        m_sequentialWall[key] = result.wallNs;

    QString text = tr("%1: wall %2 · CPU %3 · waiting for the GIL %4")
                       .arg(QString::fromUtf8(modelName(result.model).data()), ms(result.wallNs),
                            ms(result.cpuNs), ms(result.gilWaitNs));
    const auto baseline = m_sequentialWall.find(key);
    if (baseline != m_sequentialWall.end() && result.wallNs > 0 && !result.cancelled)
        text += tr(" · speedup %1x against sequential")
                    .arg(static_cast<double>(baseline->second) / static_cast<double>(result.wallNs), 0, 'f', 2);
    else if (config.model != Model::Sequential)
        text += tr(" · run sequential on the same workload to see the speedup");
    m_resultsStrip->setText(text);

    if (result.cancelled)
        statusBar()->showMessage(tr("Stopped; what ran until then stays on screen"));
    else if (!result.errors.empty())
        statusBar()->showMessage(tr("Finished with errors: %1").arg(QString::fromStdString(result.errors.front())));
    else
        statusBar()->showMessage(tr("Finished"));
    updateRunActions();
}

void MainWindow::updateRunActions()
{
    const bool running = m_runController->isRunning();
    m_runAction->setEnabled(!running);
    m_stopAction->setEnabled(running);
    m_experimentPanel->setEnabled(!running);
    m_progress->setVisible(running);
    m_openAction->setEnabled(!running);
    m_exportAction->setEnabled(!running && !m_timeline->trace().empty());
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

} // namespace interleave
