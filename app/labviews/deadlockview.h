#pragma once

#include "lab/deadlock.h"
#include "labviews/labrunview.h"
#include "trace/trace.h"

#include <QImage>
#include <QSize>

#include <optional>
#include <stop_token>
#include <string>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace interleave {

class WaitForGraphWidget;

// The Deadlock view of the lab: two locks taken in opposite orders, or N dining philosophers.
// Run shows the deadlock form: the wait-for graph (drawn live) closes into a cycle, which is
// highlighted and named, and the run is stopped. "Fix by lock ordering" runs the same threads
// with one global lock order, and they all finish.
//
// The graph is always the recorded trace's (its lock log) at the instant on show: the end of
// what has been recorded while the run goes on, the playhead's when the ended run is replayed.
// So edges appear as they formed and the cycle closes on screen where the timeline shows the
// last wait begin.
class DeadlockView : public LabDemoView<DeadlockRun> {
    Q_OBJECT

public:
    explicit DeadlockView(QWidget* parent = nullptr);
    ~DeadlockView() override; // stops and joins a run in progress

    // Scenario and number of philosophers go to the controls; ordered is what start() runs.
    void setConfig(const DeadlockConfig& config);
    DeadlockConfig config() const;

    // Starts a run, without (Run) or with ("Fix by lock ordering") the global lock order.
    bool start(bool ordered, QString* error = nullptr);

    // Shows a run that has already ended (a screenshot).
    void showRun(const DeadlockConfig& config, const DeadlockResult& result, const Trace& trace);
    // Shows a saved deadlock run reopened from its trace file: its scenario (the trace's
    // metadata) in the controls, its timeline, and its replay, whose wait-for graph is rebuilt
    // from the trace's lock log at the playhead as for a run just made.
    void showSavedRun(const Trace& trace);
    void setTheme(TimelineTheme theme) override;

    WaitForGraphWidget* graph() const noexcept { return m_graph; }
    QString resultText() const;
    // The run started last: its configuration, and once it has ended, its result (or the
    // reason it failed).
    const DeadlockConfig& lastRunConfig() const noexcept { return m_lastRunConfig; }
    const std::optional<DeadlockResult>& lastResult() const noexcept { return m_lastResult; }
    const std::string& lastError() const noexcept { return m_lastError; }

    // A detected deadlock stays this long before the run is stopped: long enough to see the
    // stuck threads on the timeline and the cycle in the live graph.
    static constexpr TimeNs kShowDeadlockNs = 400'000'000;

private:
    void showLive() override;
    void showGraphAtShownTime();
    void showEnd(const DeadlockRun& run) override;
    void showTexts(const DeadlockConfig& config);
    void showResult(const DeadlockResult& result);
    void setRunning(bool running) override;
    void scenarioChanged();

    QComboBox* m_scenario = nullptr;
    QLabel* m_philosophersLabel = nullptr;
    QSpinBox* m_philosophers = nullptr;
    QPushButton* m_fixButton = nullptr;
    WaitForGraphWidget* m_graph = nullptr;
    bool m_ordered = false;
    DeadlockConfig m_lastRunConfig;
    std::optional<DeadlockResult> m_lastResult;
    std::string m_lastError;
};

// Runs the scenario for real, then draws the Deadlock view showing it (the cycle highlighted
// when it deadlocked) into an image of size logical pixels times scale. Needs a QApplication,
// which the caller makes (drawcommands/offscreenapp.h). Throws std::invalid_argument
// for a configuration validate() rejects and std::runtime_error when the run was stopped.
QImage renderDeadlockView(
    const DeadlockConfig& config, QSize size, qreal scale, TimelineTheme theme, std::stop_token stop = {});

// Whether a trace is a deadlock run's that the view can show again: its metadata says so and it
// carries the lock log its wait-for graph is rebuilt from.
bool isSavedDeadlockRun(const Trace& trace);

// Draws the Deadlock view showing a saved run (DeadlockView::showSavedRun), its graph at the
// run's end, as renderDeadlockView draws a run just made.
QImage renderSavedDeadlockView(const Trace& trace, QSize size, qreal scale, TimelineTheme theme);

} // namespace interleave
