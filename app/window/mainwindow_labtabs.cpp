#include "window/mainwindow.h"

// The tabs beside the timeline that are built when first shown: the lab views, the comparison,
// and the Python tab; the Experiment dock steps aside while one of them is in front.

#include "compare/compareview.h"
#include "labviews/deadlockview.h"
#include "labviews/lockview.h"
#include "labviews/raceview.h"
#include "labviews/stepview.h"
#include "labviews/labreplay.h"
#include "lazytab.h"
#include "python/pythonview.h"
#include "teachviews/classroommode.h"
#include "teachviews/lessonpanel.h"
#include "timeline/replaycontroller.h"
#include "timeline/timelinewidget.h"

#include <QAction>
#include <QDockWidget>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>

#include <type_traits>
#include <utility>

namespace interleave {

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

MainWindow::ShownLab MainWindow::shownLab() const
{
    if (m_centralStack->currentWidget() != m_views)
        return ShownLab::None;
    const QWidget* shown = m_views->currentWidget();
    if (shown == m_raceTab)
        return ShownLab::Race;
    if (shown == m_stepTab)
        return ShownLab::Step;
    if (shown == m_lockTab)
        return ShownLab::Locks;
    if (shown == m_deadlockTab)
        return ShownLab::Deadlock;
    if (shown == m_compareTab)
        return ShownLab::Compare;
    return ShownLab::None;
}

LabReplay* MainWindow::shownLabReplay() const
{
    switch (shownLab()) {
    case ShownLab::Race:
        return raceView()->replay();
    case ShownLab::Locks:
        return lockView()->replay();
    case ShownLab::Deadlock:
        return deadlockView()->replay();
    case ShownLab::None:
    case ShownLab::Step:
    case ShownLab::Compare:
        break;
    }
    return nullptr;
}

bool MainWindow::runShownLab()
{
    QString error;
    bool running = false;
    bool started = true;
    switch (shownLab()) {
    case ShownLab::None:
        return false;
    case ShownLab::Race:
        running = raceView()->isRunning();
        started = running || raceView()->start(&error);
        break;
    case ShownLab::Locks:
        running = lockView()->isRunning();
        started = running || lockView()->start(&error);
        break;
    case ShownLab::Deadlock:
        running = deadlockView()->isRunning();
        started = running || deadlockView()->start(false, &error);
        break;
    case ShownLab::Compare:
        running = compareView()->isRunning();
        started = running || compareView()->runAllModels(&error);
        break;
    case ShownLab::Step:
        statusBar()->showMessage(tr("The number keys step the threads: 1 steps the first, 2 the second"), 4000);
        return true;
    }
    if (running)
        statusBar()->showMessage(tr("It is running: Esc stops it"), 4000);
    else if (!started)
        statusBar()->showMessage(error);
    return true;
}

bool MainWindow::stopShownLab()
{
    switch (shownLab()) {
    case ShownLab::Race:
        if (!raceView()->isRunning())
            return false;
        raceView()->stop();
        return true;
    case ShownLab::Locks:
        if (!lockView()->isRunning())
            return false;
        lockView()->stop();
        return true;
    case ShownLab::Deadlock:
        if (!deadlockView()->isRunning())
            return false;
        deadlockView()->stop();
        return true;
    case ShownLab::Compare:
        if (!compareView()->isRunning())
            return false;
        compareView()->stop();
        return true;
    case ShownLab::None:
    case ShownLab::Step:
        return false;
    }
    return false;
}

void MainWindow::createLabViews()
{
    // In scroll areas, built when first shown or asked for (LazyTab), wired up and themed then.
    const auto addScrolledTab = [this](auto*& view, const char* name, const QString& label, auto wire) {
        using View = std::remove_reference_t<decltype(*view)>;
        auto* tab = new LazyTab([this, &view, name, wire](QWidget* parent) {
            const bool classroom = m_classroom != nullptr && m_classroom->isEnabled();
            if (classroom) {
                // Built during classroom mode: built in the ordinary type, under a stand-in
                // that has it, then scaled like everyone else's. A view that sizes its own
                // fonts from the one it is built with (the race view's 120 %) was scaled twice
                // when built in the large type, and stayed large after the mode.
                QWidget ordinary;
                ordinary.setFont(m_classroom->ordinaryFont());
                view = new View(&ordinary);
                view->setParent(parent);
            } else {
                view = new View(parent);
            }
            view->setObjectName(QLatin1String(name));
            wire(view);
            if (classroom)
                m_classroom->setFontScale(m_classroom->fontScale());
            return view;
        }, this);
        m_views->addTab(tab, label);
        return tab;
    };
    m_firstLabTab = m_views->count();
    // The learner's own program has its own Run and Stop, like a lab view.
    // Scrolled vertically like the lab views: in classroom type on a 720 px high screen its
    // title, explanation, code, timeline and output need more height than the tab has.
    auto* pythonPage = new QScrollArea(this);
    pythonPage->setObjectName(QStringLiteral("pythonPage"));
    pythonPage->setWidgetResizable(true);
    pythonPage->setFrameShape(QFrame::NoFrame);
    m_pythonView = new PythonView(pythonPage);
    m_pythonView->setObjectName(QStringLiteral("pythonView"));
    pythonPage->setWidget(m_pythonView);
    m_views->addTab(pythonPage, tr("P&ython")); // Alt+P is the Replay menu
    connect(m_pythonView, &PythonView::runningChanged, this, &MainWindow::updateRunActions);
    connect(m_pythonView, &PythonView::openRequested, this, &MainWindow::chooseScriptToOpen);
    connect(m_pythonView, &PythonView::finished, this, [this] {
        statusBar()->showMessage(m_pythonView->statusText());
        if (startPendingScenario())
            return;
        m_lessonPanel->showPythonOutcome(); // a lesson that ran an example explains it now
    });
    createLabReplayActions();
    m_raceTab = addScrolledTab(m_raceView, "raceView", tr("Race"), [this](RaceView* view) {
        view->timeline()->setTheme(m_theme);
        wireLabReplay(view->replay());
        // A lesson's demo has ended in its lab view: the lesson writes its text from the numbers.
        connect(view, &RaceView::finished, this, [this] {
            if (std::exchange(m_lessonLab, LessonLab::None) == LessonLab::Race)
                m_lessonPanel->showLabResult(RaceLessonOutcome {m_raceView->lastRunConfig(), m_raceView->results()});
            if (std::exchange(m_lessonLabWaiting, LessonLab::None) == LessonLab::Race)
                startLessonLab(LessonLab::Race);
        });
    });
    m_stepTab = addScrolledTab(m_stepView, "stepView", tr("Step-through"), [](StepView*) {});
    m_lockTab = addScrolledTab(m_lockView, "lockView", tr("Locks"), [this](LockView* view) {
        view->setTheme(m_theme);
        wireLabReplay(view->replay());
    });
    m_deadlockTab = addScrolledTab(m_deadlockView, "deadlockView", tr("Deadlock"), [this](DeadlockView* view) {
        view->setTheme(m_theme);
        wireLabReplay(view->replay());
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
        updateKeyHint(); // Space runs the script on the Python tab, the demo on a lab tab
        updateReplayKeys();
        // What the status bar said of the engine's run ("Space replays it") is not true of a
        // lab, Python or comparison tab.
        if (shownLab() != ShownLab::None || pythonTabShown())
            statusBar()->clearMessage();
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

} // namespace interleave
