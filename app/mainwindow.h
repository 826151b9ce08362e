#pragma once

#include "engine/engine.h"

#include <QMainWindow>

#include <map>
#include <string>

class QAction;
class QDockWidget;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QTabWidget;

namespace interleave {

class ExperimentPanel;
class LaneListView;
class RunController;
class SpeedupChart;
class TimelineWidget;

// The one window: a toolbar to run and stop experiments, the timeline in the middle, and
// docks around it that stay out of the way until asked for.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

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

    void runExperiment();
    void stopExperiment();

    QAction* openAction() const { return m_openAction; }
    QAction* exportAction() const { return m_exportAction; }
    // Loads a Chrome Trace Event file and shows it in the timeline and the lane list. On
    // failure returns false and leaves what is shown alone; the importer's message goes to
    // *error, or, when error is null, into a message box.
    bool openTrace(const QString& path, QString* error = nullptr);
    // Writes the whole trace shown, fitted, as PNG or SVG (by extension) at the timeline's
    // size and theme. The same contract for errors as openTrace.
    bool exportTimelineTo(const QString& path, QString* error = nullptr);

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createCentralArea();
    void createComparisonDock();
    void createExperimentDock();
    void showAbout();
    void chooseTraceToOpen();
    void chooseExportFile();
    void onTraceUpdated();
    void onRunFinished(const RunResult& result);
    void updateRunActions();

    QAction* m_runAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QLabel* m_timelinePlaceholder = nullptr;
    QStackedWidget* m_centralStack = nullptr;
    QTabWidget* m_views = nullptr;
    TimelineWidget* m_timeline = nullptr;
    LaneListView* m_laneList = nullptr;
    QLabel* m_resultsStrip = nullptr;
    QProgressBar* m_progress = nullptr;
    ExperimentPanel* m_experimentPanel = nullptr;
    QDockWidget* m_experimentDock = nullptr;
    RunController* m_runController = nullptr;
    // Wall time of the last sequential run of each workload, the baseline for speedups.
    std::map<std::string, TimeNs> m_sequentialWall;
    QDockWidget* m_comparisonDock = nullptr;
    SpeedupChart* m_speedupChart = nullptr;
};

} // namespace interleave
