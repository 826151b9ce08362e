#include "window/mainwindow.h"

// The replay of the run shown and the keys around it: Space, Esc, the arrows, zoom, fit, full
// screen and the theme, and the status bar's hint of what Space does now.

#include "labviews/deadlockview.h"
#include "labviews/labreplay.h"
#include "labviews/lockview.h"
#include "labviews/raceview.h"
#include "panels/lanelistview.h"
#include "python/pythonview.h"
#include "teachviews/lessonpanel.h"
#include "timeline/replaybar.h"
#include "timeline/replaycontroller.h"
#include "timeline/replayplayhead.h"
#include "timeline/timelinewidget.h"
#include "window/keyhintlabel.h"

#include <QAction>
#include <QStackedWidget>
#include <QActionGroup>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>

#include <functional>

namespace interleave {
namespace {

// A state as a sentence says it: the user's word for it (stateLabel), in lower case.
QString statePhrase(State s)
{
    QString phrase = QString::fromUtf8(stateLabel(s).data(), static_cast<qsizetype>(stateLabel(s).size()));
    if (!phrase.isEmpty())
        phrase[0] = phrase[0].toLower();
    return phrase;
}

} // namespace

void MainWindow::createReplayActions()
{
    m_replay->setLaneOfInterest([this]() -> std::optional<LaneId> {
        if (const auto selected = m_timeline->selection())
            return selected->lane;
        return std::nullopt;
    });
    connect(m_replay, &ReplayController::positionChanged, this, &MainWindow::onReplayPositionChanged);
    connect(m_replay, &ReplayController::availabilityChanged, this, &MainWindow::onReplayPositionChanged);
    // After the replay bar has enabled its keys: they rest while another tab is in front.
    connect(m_replay, &ReplayController::availabilityChanged, this, &MainWindow::updateReplayKeys);
    connect(m_replay, &ReplayController::playingChanged, this, [this](bool playing) {
        onReplayPositionChanged();
        updateKeyHint();
        if (playing)
            statusBar()->clearMessage(); // what it said of one instant is left behind
    });
    connect(m_replay, &ReplayController::speedChanged, this, [this](double speed) {
        if (m_restoringSettings)
            return;
        QSettings settings(settingsOrganization(), settingsApplication());
        settings.setValue(QStringLiteral("replay/speed"), speed);
    });

    // After every move by hand (a step, Home, End, the scrub bar) the status bar says what
    // changed at the playhead's new instant, never what it said of the last one.
    connect(m_replayBar, &ReplayBar::movedByHand, this, &MainWindow::describeChangeAtPlayhead);
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
    if (runShownLab())
        return;
    if (m_spaceRuns || !m_replay->isAvailable()) {
        runExperiment();
        return;
    }
    m_replay->togglePlaying();
}

void MainWindow::updateReplayKeys()
{
    // On a lab, Python or comparison tab the replay's keys would move a playhead out of sight.
    const bool engineView = m_centralStack->currentWidget() != m_views
        || m_views->currentWidget() == m_timeline->parentWidget()
        || m_views->currentWidget() == static_cast<QWidget*>(m_laneList);
    for (QAction* action : {m_replayBar->stepBackAction(), m_replayBar->stepForwardAction(),
             m_replayBar->toStartAction(), m_replayBar->toEndAction(), m_replayBar->playPauseAction()})
        action->setEnabled(engineView && m_replay->isAvailable());
    // The lab's own replay keys, only while its tab is in front: the arrows, Home and End are
    // never enabled twice, so no key is ambiguous.
    const LabReplay* lab = shownLabReplay();
    const bool labReplay = lab != nullptr && lab->controller()->isAvailable();
    for (QAction* action : m_labReplayActions)
        action->setEnabled(labReplay);
    // P is the lab replay's while it can act and the previous lesson's otherwise (PageUp
    // always is): two enabled actions on one key leave the key doing nothing.
    QList<QKeySequence> previousLesson {QKeySequence(Qt::Key_PageUp)};
    if (!labReplay)
        previousLesson << QKeySequence(Qt::Key_P);
    if (m_lessonPanel != nullptr && m_lessonPanel->previousAction()->shortcuts() != previousLesson)
        m_lessonPanel->previousAction()->setShortcuts(previousLesson);
}

void MainWindow::createLabReplayActions()
{
    const auto make = [this](const QString& text, const char* name, QKeySequence key, const QString& tip,
                          std::function<void(LabReplay&)> act) {
        auto* action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        action->setStatusTip(tip);
        action->setEnabled(false);
        connect(action, &QAction::triggered, this, [this, act = std::move(act)] {
            if (LabReplay* replay = shownLabReplay(); replay != nullptr && replay->controller()->isAvailable())
                act(*replay);
        });
        m_labReplayActions.push_back(action);
        return action;
    };
    // The moves go through the lab's replay bar, as a click on its buttons does: the bar says
    // it was moved by hand, and the status bar describes the new instant (wireLabReplay).
    const auto move = [](QAction* (ReplayBar::*action)() const) {
        return [action](LabReplay& replay) { (replay.bar()->*action)()->trigger(); };
    };
    make(tr("&Play or pause the lab's replay"), "labReplayPlayPauseAction", QKeySequence(Qt::Key_P),
        tr("On the Race, Locks or Deadlock tab, once its demo has run: play that run again at its replay "
           "bar's speed, or pause (P)"),
        [](LabReplay& replay) { replay.controller()->togglePlaying(); });
    make(tr("Lab replay: step &back"), "labReplayStepBackAction", QKeySequence(Qt::Key_Left),
        tr("The lab's playhead to the previous state change: of the selected lane, or of any (Left)"),
        move(&ReplayBar::stepBackAction));
    make(tr("Lab replay: step &forward"), "labReplayStepForwardAction", QKeySequence(Qt::Key_Right),
        tr("The lab's playhead to the next state change: of the selected lane, or of any (Right)"),
        move(&ReplayBar::stepForwardAction));
    make(tr("Lab replay: to the s&tart"), "labReplayToStartAction", QKeySequence(Qt::Key_Home),
        tr("The lab's playhead to the start of its run (Home)"), move(&ReplayBar::toStartAction));
    make(tr("Lab replay: to the &end"), "labReplayToEndAction", QKeySequence(Qt::Key_End),
        tr("The lab's playhead to the end of its run: all of it shown (End)"), move(&ReplayBar::toEndAction));
    addActions({m_labReplayActions.begin(), m_labReplayActions.end()});
}

std::vector<LabReplay*> MainWindow::builtLabReplays() const
{
    std::vector<LabReplay*> replays;
    if (m_raceView != nullptr)
        replays.push_back(m_raceView->replay());
    if (m_lockView != nullptr)
        replays.push_back(m_lockView->replay());
    if (m_deadlockView != nullptr)
        replays.push_back(m_deadlockView->replay());
    return replays;
}

void MainWindow::setLabReplaySpeed(double speed)
{
    ReplayClock clock; // clamps as each replay's clock does
    if (!clock.setSpeed(speed))
        return;
    m_labReplaySpeed = clock.speed();
    // Each replay that changes says so (speedChanged) and comes back here with the same
    // speed, which changes nothing more.
    for (LabReplay* replay : builtLabReplays())
        replay->controller()->setSpeed(m_labReplaySpeed);
    if (!m_restoringSettings) {
        QSettings settings(settingsOrganization(), settingsApplication());
        settings.setValue(QStringLiteral("labReplay/speed"), m_labReplaySpeed);
    }
}

void MainWindow::wireLabReplay(LabReplay* replay)
{
    // One speed for the lab replays, kept like the Timeline tab's: a tab built now starts at
    // the one chosen on another, or before the last exit.
    replay->controller()->setSpeed(m_labReplaySpeed);
    connect(replay->controller(), &ReplayController::speedChanged, this, &MainWindow::setLabReplaySpeed);

    // A lab run has ended (its replay is ready) or a new one started: the keys and the hint
    // follow; playing or paused, the hint says what P does now.
    connect(replay->controller(), &ReplayController::availabilityChanged, this, [this] {
        updateReplayKeys();
        updateKeyHint();
    });
    connect(replay->controller(), &ReplayController::playingChanged, this, [this](bool playing) {
        updateKeyHint();
        if (playing)
            statusBar()->clearMessage();
    });
    connect(replay->bar(), &ReplayBar::movedByHand, this,
        [this, replay] { describeChangeAt(*replay->controller(), *replay->timeline()); });
}

void MainWindow::onEscape()
{
    if (anyRunGoing()) {
        stopExperiment();
        return;
    }
    if (stopShownLab())
        return;
    m_timeline->clearSelection();
}

void MainWindow::onReplayPositionChanged()
{
    showReplayOnTimeline(*m_replay, *m_timeline);
}

QString MainWindow::describeChangeAtPlayhead()
{
    return describeChangeAt(*m_replay, *m_timeline);
}

QString MainWindow::describeChangeAt(const ReplayController& replay, const TimelineWidget& timeline)
{
    const Trace& trace = replay.trace();
    const TimeNs at = replay.position();
    std::optional<LaneId> lane;
    if (const auto selected = timeline.selection())
        lane = selected->lane;
    const std::vector<StateChangeAt> changes = stateChangesAt(trace, at, lane);
    QString text = QString::fromStdString(formatReplayTime(at - trace.startTime(), trace.duration()));
    // Home and End say where they landed, whatever changed there.
    if (at == replay.clock().end())
        text += tr(", the end of the run");
    else if (at == replay.clock().start())
        text += tr(", the start of the run");
    if (changes.empty()) {
        if (at != replay.clock().end() && at != replay.clock().start())
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
    switch (shownLab()) {
    case ShownLab::None:
        break;
    case ShownLab::Step:
        return tr("1, 2: step a thread");
    case ShownLab::Compare:
        return tr("Space: run all models · Esc: stop");
    case ShownLab::Race:
    case ShownLab::Locks:
    case ShownLab::Deadlock:
        if (const LabReplay* replay = shownLabReplay(); replay && replay->controller()->isAvailable()) {
            if (replay->controller()->isPlaying())
                return tr("P: pause · ←/→: step · Space: run the demo");
            return tr("Space: run the demo · P: replay · ←/→: step");
        }
        return tr("Space: run the demo · Esc: stop");
    }
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
    m_keyHintLabel->setHint(hint);
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

} // namespace interleave
