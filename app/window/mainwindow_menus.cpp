#include "window/mainwindow.h"

// The window's actions that start things (run, stop, open, export, quit, about), its menus
// and its toolbar.

#include "aboutdialog.h"
#include "keysdialog.h"
#include "lazytab.h"
#include "panels/experimentpanel.h"
#include "teachviews/classroommode.h"
#include "teachviews/scenariofiles.h"
#include "timeline/replaybar.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

#include <utility>

namespace interleave {

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
    m_openAction->setStatusTip(
        tr("Show a saved trace (Chrome Trace Event JSON, e.g. from 'interleave run --trace') or a scenario file"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseTraceToOpen);

    m_openPythonAction = new QAction(tr("Open &Python script…"), this);
    m_openPythonAction->setObjectName(QStringLiteral("openPythonAction"));
    m_openPythonAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openPythonAction->setStatusTip(
        tr("Show a Python script beside a timeline, and trace what its threads and processes do when it runs"));
    connect(m_openPythonAction, &QAction::triggered, this, &MainWindow::chooseScriptToOpen);

    m_saveScenarioAction = new QAction(tr("&Save scenario…"), this);
    m_saveScenarioAction->setObjectName(QStringLiteral("saveScenarioAction"));
    m_saveScenarioAction->setShortcut(QKeySequence::Save);
    m_saveScenarioAction->setStatusTip(tr("Save the experiment panel's settings as a scenario file, to open again"));
    connect(m_saveScenarioAction, &QAction::triggered, this,
        [this] { saveScenarioWithDialog(this, scenarioForRun(m_experimentPanel->config())); });

    m_exportAction = new QAction(tr("&Export timeline…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setStatusTip(
        tr("Save the timeline as a PNG or SVG image: all of it, or a stretch of time and some lanes, with a title and a caption"));
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
    file->addAction(m_saveScenarioAction);
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
    createScenariosMenu();
    learn->addMenu(m_scenariosMenu);
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
    // The lab tab's own replay, once its demo has run (the keys rest on every other tab).
    lab->addSeparator();
    for (QAction* action : m_labReplayActions)
        lab->addAction(action);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard shortcuts"));
    keys->setObjectName(QStringLiteral("keysAction"));
    keys->setStatusTip(tr("Every key of the menus, in one table"));
    connect(keys, &QAction::triggered, this, [this] {
        KeysDialog dialog(menuBar(), this);
        dialog.exec();
    });
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

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace interleave
