#pragma once

#include "engine/engine.h"
#include "export/exportdialog.h"
#include "panels/taskprogress.h"
#include "teach/scenario.h"
#include "themepalette.h"
#include "timeline/replayclock.h"
#include "timeline/timelinepalette.h"

#include <QMainWindow>

#include <map>
#include <optional>
#include <string>
#include <vector>

class QAction;
class QActionGroup;
class QSettings;
class QDockWidget;
class QLabel;
class QScrollArea;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTabWidget;

namespace interleave {

class AdvisorDialog;
class ClassroomMode;
class KeyHintLabel;
class CompareView;
class DeadlockView;
class ExperimentPanel;
class ExplanationPanel;
class GlossaryDialog;
class LabReplay;
class LazyTab;
class LessonPanel;
class LessonRepeatRun;
class LockView;
class RaceView;
class StepView;
class LaneListView;
class PythonView;
class ReplayBar;
class ReplayController;
class RunController;
class SpeedupChart;
class TimelineWidget;

// The one window: a toolbar to run and stop experiments, the timeline in the middle, and
// docks around it that stay out of the way until asked for.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Where the window keeps its settings (QSettings: organisation and application).
    static QString settingsOrganization() { return QStringLiteral("Interleave"); }
    static QString settingsApplication() { return QStringLiteral("Interleave"); }

    static constexpr QSize defaultSize() { return {1280, 800}; }

    QAction* runAction() const { return m_runAction; }
    QAction* stopAction() const { return m_stopAction; }
    QDockWidget* comparisonDock() const { return m_comparisonDock; }
    SpeedupChart* speedupChart() const { return m_speedupChart; }
    ExperimentPanel* experimentPanel() const { return m_experimentPanel; }
    LaneListView* laneList() const { return m_laneList; }
    TimelineWidget* timeline() const { return m_timeline; }
    RunController* runController() const { return m_runController; }
    QLabel* resultsStrip() const { return m_resultsStrip; }

    // The teaching side: lessons and the explanation beside the run (docks), the lab and the
    // comparison (tabs beside the timeline), the advisor, the glossary and classroom mode.
    LessonPanel* lessonPanel() const { return m_lessonPanel; }
    QDockWidget* lessonDock() const { return m_lessonDock; }
    ExplanationPanel* explanationPanel() const { return m_explanationPanel; }
    QDockWidget* explanationDock() const { return m_explanationDock; }
    // The lab views and the comparison are built when their tab is first shown (LazyTab); asking
    // for one builds it.
    RaceView* raceView() const;
    StepView* stepView() const;
    LockView* lockView() const;
    DeadlockView* deadlockView() const;
    CompareView* compareView() const;
    QTabWidget* views() const { return m_views; }
    ClassroomMode* classroomMode() const { return m_classroom; }
    QAction* advisorAction() const { return m_advisorAction; }
    QAction* glossaryAction() const { return m_glossaryAction; }
    // Shows a tab of the central area (the lab views, the comparison), even before any run.
    void showView(QWidget* view);
    // What a lesson or the advisor asks for: an engine run goes to the experiment panel and
    // runs; a lab demo is set up in its view, which is brought to the front.
    void runScenario(const Scenario& scenario);

    void runExperiment();
    void stopExperiment();
    // Run > Run in CPython too: the panel's configuration in the engine and as a Python program
    // in CPython, both shown in the Python tab (PythonView::runBeside).
    void runInCPythonToo();
    QAction* runBesideAction() const { return m_runBesideAction; }

    QAction* openAction() const { return m_openAction; }
    // The learner's own Python program: File > Open Python script…, or a .py file dropped on
    // the window, shows it in the Python tab, ready to run.
    QAction* openPythonAction() const { return m_openPythonAction; }
    // File > Python examples: one action per example program, in the order of its README.
    QMenu* pythonExamplesMenu() const { return m_pythonExamplesMenu; }
    PythonView* pythonView() const { return m_pythonView; }
    // Shows a script in the Python tab (not run). On failure returns false; the reason goes to
    // *error and to the view's status line.
    bool openPythonScript(const QString& path, QString* error = nullptr);
    QAction* exportAction() const { return m_exportAction; }
    // Loads a Chrome Trace Event file and shows it in the timeline and the lane list. On
    // failure returns false and leaves what is shown alone; the importer's message goes to
    // *error, or, when error is null, into a message box.
    bool openTrace(const QString& path, QString* error = nullptr);
    // Any file the window opens, by what it is: a .py script (Python tab), a scenario file
    // (isScenarioFile) or a trace. The same contract for errors as openTrace.
    bool openFile(const QString& path, QString* error = nullptr);
    // A scenario file: its run's settings go into the panel, its lab's into the lab view, its
    // example program into the Python tab, and the view it is about comes to the front, ready
    // to run (Space or Ctrl+R); the window title names it. A malformed file changes nothing and
    // its message names the bad field. The same contract for errors as openTrace.
    bool openScenario(const QString& path, QString* error = nullptr);
    // File > Save scenario…: the panel's settings as a scenario file.
    QAction* saveScenarioAction() const { return m_saveScenarioAction; }
    // Learn > Scenarios: one action per built-in scenario, by title.
    QMenu* scenariosMenu() const { return m_scenariosMenu; }
    // Writes the whole trace shown, fitted, as PNG or SVG (by extension) at the timeline's
    // size and theme. The same contract for errors as openTrace.
    bool exportTimelineTo(const QString& path, QString* error = nullptr);
    // The same, framed and at the request's size and scale (File > Export timeline's dialog).
    bool exportTimelineTo(const TimelineExportRequest& request, QString* error = nullptr);
    // What the export dialog opens with: the last export's choices (its lanes and window only
    // when they fit the trace shown), at the timeline's size.
    TimelineExportRequest exportRequestToOffer() const;

    ReplayController* replayController() const { return m_replay; }
    ReplayBar* replayBar() const { return m_replayBar; }
    // Space: runs the experiment when nothing is on screen or the panel changed since the run
    // shown; otherwise plays or pauses that run's replay. Does nothing while a run is in flight.
    QAction* spaceAction() const { return m_spaceAction; }
    // Esc: clears the timeline's selection when no run is in flight (stopAction has Esc then).
    QAction* clearSelectionAction() const { return m_clearSelectionAction; }
    QAction* zoomInAction() const { return m_zoomInAction; }
    QAction* zoomOutAction() const { return m_zoomOutAction; }
    QAction* fitAction() const { return m_fitAction; }
    QAction* fullScreenAction() const { return m_fullScreenAction; }
    QAction* lightThemeAction() const { return m_lightThemeAction; }
    QAction* darkThemeAction() const { return m_darkThemeAction; }
    // What Space does now, in words, as the status bar's key hint shows it.
    QString keyHint() const;
    // Puts what changed at the playhead's instant into the status bar, as after a step, Home,
    // End or a scrub ("12.345 ms · Thread-2: waiting for the GIL → running (task 1)"), and
    // returns it.
    QString describeChangeAtPlayhead();
    // The replay of the lab tab in front (Race, Locks, Deadlock), or null on any other tab.
    // The Lab menu's replay keys drive it: P plays or pauses, the arrows step, Home and End jump.
    LabReplay* shownLabReplay() const;
    bool spaceRuns() const noexcept { return m_spaceRuns; }

    // The whole window's theme: the application's palette, the timeline and the charts.
    void setTheme(TimelineTheme theme);
    TimelineTheme theme() const noexcept { return m_theme; }
    static QPalette paletteFor(TimelineTheme theme) { return themePalette(theme); }

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createReplayActions();
    // The Lab menu's keys for the shown lab's replay, and what each lab replay tells the window.
    void createLabReplayActions();
    void wireLabReplay(LabReplay* replay);
    QString describeChangeAt(const ReplayController& replay, const TimelineWidget& timeline);
    // The lab replays built so far (a lab tab is built when first shown).
    std::vector<LabReplay*> builtLabReplays() const;
    // Every lab replay's speed, and the setting's (clamped as a replay clamps it).
    void setLabReplaySpeed(double speed);
    void onSpace();
    void onEscape();
    void onReplayPositionChanged();
    void updateKeyHint();
    void restoreSettings();
    void saveWindowSettings();
    void saveExperimentSettings();

    void createActions();
    void createMenus();
    void createToolBar();
    void createCentralArea();
    void createComparisonDock();
    void createLabViews();
    // The tabs' names as a row that wraps where the central area is narrow (TabRow).
    void createTabRow();
    void createLearningDocks();
    // Sets the lab view up as the scenario's demo says and runs it; the lesson panel gets its
    // measured outcome when it ends. bringForward: its tab is shown (a lesson that also has an
    // engine run keeps the timeline in front).
    void showLabDemo(const Scenario& scenario, bool bringForward);
    enum class LessonLab { None, Race, Deadlock };
    void startLessonLab(LessonLab lab);
    void createExperimentDock();
    void showAbout();
    void chooseTraceToOpen();
    // The results strip: shown above the Timeline and Lanes tabs once it has something to say.
    void updateResultsStrip();
    // A dock's content in a scroll area of its own, which the dock may make smaller than it.
    QScrollArea* scrolledDockContent(QWidget* content);
    // Sets up what a scenario shows, without running it; `name` goes into the window title.
    void showScenario(const Scenario& scenario, const QString& name);
    void createScenariosMenu();
    void chooseScriptToOpen();
    void createPythonExamplesMenu();
    void runPythonExample(const std::string& fileName);
    // A scenario asked for while a run was going, once every run has stopped: started, true.
    bool startPendingScenario();
    bool pythonTabShown() const;
    // The lab or comparison tab in front, if one is: Space runs it, Esc stops it, and the
    // replay's keys (which move the hidden timeline's playhead) rest.
    enum class ShownLab { None, Race, Step, Locks, Deadlock, Compare };
    ShownLab shownLab() const;
    bool runShownLab();
    bool stopShownLab();
    void updateReplayKeys();
    bool anyRunGoing() const;
    void chooseExportFile();
    void onTraceUpdated();
    void onRunFinished(const RunResult& result);
    void updateRunActions();

    QAction* m_runAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_runBesideAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_openPythonAction = nullptr;
    QAction* m_saveScenarioAction = nullptr;
    QMenu* m_scenariosMenu = nullptr;
    bool m_titleNamesTrace = false; // the title names an opened trace, which a run replaces
    QMenu* m_pythonExamplesMenu = nullptr;
    std::string m_pythonExamplesDir; // the example programs, for the menu and the lessons
    QAction* m_exportAction = nullptr;
    std::optional<TimelineExportRequest> m_lastExport; // this session's last export
    QAction* m_aboutAction = nullptr;
    QLabel* m_timelinePlaceholder = nullptr;
    QStackedWidget* m_centralStack = nullptr;
    QTabWidget* m_views = nullptr;
    TimelineWidget* m_timeline = nullptr;
    LaneListView* m_laneList = nullptr;
    QLabel* m_resultsStrip = nullptr;
    bool m_resultsStripHasText = false; // a run or an opened trace has put its line there
    QProgressBar* m_progress = nullptr;
    ExperimentPanel* m_experimentPanel = nullptr;
    QDockWidget* m_experimentDock = nullptr;
    RunController* m_runController = nullptr;
    LessonRepeatRun* m_lessonRepeat = nullptr; // a lesson's run measured again, behind the Lessons panel
    // Wall time of the last sequential run of each workload, the baseline for speedups.
    std::map<std::string, TimeNs> m_sequentialWall;
    QDockWidget* m_comparisonDock = nullptr;
    SpeedupChart* m_speedupChart = nullptr;
    LessonPanel* m_lessonPanel = nullptr;
    QDockWidget* m_lessonDock = nullptr;
    ExplanationPanel* m_explanationPanel = nullptr;
    QDockWidget* m_explanationDock = nullptr;
    RaceView* m_raceView = nullptr;
    StepView* m_stepView = nullptr;
    LockView* m_lockView = nullptr;
    DeadlockView* m_deadlockView = nullptr;
    CompareView* m_compareView = nullptr;
    LazyTab* m_raceTab = nullptr;
    LazyTab* m_stepTab = nullptr;
    LazyTab* m_lockTab = nullptr;
    LazyTab* m_deadlockTab = nullptr;
    LazyTab* m_compareTab = nullptr;
    PythonView* m_pythonView = nullptr;
    ClassroomMode* m_classroom = nullptr;
    QAction* m_advisorAction = nullptr;
    QAction* m_glossaryAction = nullptr;
    // A scenario asked for while a run was in flight: it starts once that run has stopped.
    std::optional<Scenario> m_pendingScenario;
    // The lab view running a lesson's demo, whose end goes to the lesson panel.
    LessonLab m_lessonLab = LessonLab::None;
    // A lesson's demo asked for while its view ran another race: it starts when that one ends.
    LessonLab m_lessonLabWaiting = LessonLab::None;
    // A lesson's demo that follows its engine run (run at once, each would slow the other).
    std::optional<Scenario> m_labAfterRun;
    // The lesson being run shows the comparison of all six models after its run (its views
    // name "compare"): the comparison starts when the run has ended.
    bool m_compareAfterRun = false;

    ReplayController* m_replay = nullptr;
    ReplayBar* m_replayBar = nullptr;
    QAction* m_spaceAction = nullptr;
    // The shown lab's replay: play or pause, step back, step forward, to the start, to the end.
    std::vector<QAction*> m_labReplayActions;
    // The lab replays' speed, one for the three of them: chosen on one lab tab, it is the
    // others' too, and the next start's (the setting "labReplay/speed").
    double m_labReplaySpeed = ReplayClock::kDefaultSpeed;
    QAction* m_clearSelectionAction = nullptr;
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
    QAction* m_fitAction = nullptr;
    QAction* m_fullScreenAction = nullptr;
    QActionGroup* m_themeGroup = nullptr;
    QAction* m_lightThemeAction = nullptr;
    QAction* m_darkThemeAction = nullptr;
    KeyHintLabel* m_keyHintLabel = nullptr;
    TimelineTheme m_theme = TimelineTheme::Light;
    bool m_spaceRuns = true;
    int m_firstLabTab = 0;                   // tabs from here on are the lab's and the comparison's
    bool m_experimentDockAsideForLab = false; // hidden because a lab tab is shown
    bool m_restoringSettings = false;
    bool m_wasMaximized = false;
    TaskProgress m_taskProgress;
};

} // namespace interleave
