#pragma once

#include "lab/lock_demos.h"
#include "teach/lab_config.h"
#include "run/jobpoller.h"
#include "timeline/timelinepalette.h"
#include "trace/trace.h"

#include <QImage>
#include <QSize>
#include <QWidget>

#include <memory>
#include <stop_token>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace interleave {

class TimelineWidget;

// The Locks view of the lab: pick a demo (Lock, RLock, Semaphore, Event, Condition, Queue) and
// its parameters, run it, and watch its threads on the timeline, with what to look for and the
// same program in Python beside it. The run is on threads of its own; a JobPoller takes
// recorder snapshots at display rate.
class LockView : public QWidget {
    Q_OBJECT

public:
    explicit LockView(QWidget* parent = nullptr);
    ~LockView() override; // stops and joins a run in progress

    void setConfig(const LockDemoConfig& config);
    LockDemoConfig config() const;

    // Starts a run of config(); false with the reason in *error when it cannot start.
    bool start(QString* error = nullptr);
    void stop();
    bool isRunning() const noexcept { return m_run != nullptr; }

    // Shows a run that has already ended (a screenshot): its settings, outcome and trace.
    void showRun(const LockDemoConfig& config, const LockDemoResult& result, const Trace& trace);
    void setTheme(TimelineTheme theme);

    TimelineWidget* timeline() const noexcept { return m_timeline; }
    QString summaryText() const;

signals:
    void runFinished();

private:
    void finishRun();
    void demoChanged();
    void showTexts(const LockDemoConfig& config);
    void showResult(const LockDemoResult& result);
    void setRunning(bool running);

    QComboBox* m_demo = nullptr;
    QLabel* m_threadsLabel = nullptr;
    QSpinBox* m_threads = nullptr;
    QLabel* m_consumersLabel = nullptr;
    QSpinBox* m_consumers = nullptr;
    QLabel* m_limitLabel = nullptr;
    QSpinBox* m_limit = nullptr;
    QCheckBox* m_plainLock = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_stopButton = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_explanation = nullptr;
    QLabel* m_python = nullptr;
    QLabel* m_summary = nullptr;
    TimelineWidget* m_timeline = nullptr;
    // Not on the controls: kept from the last setConfig (defaults per demo).
    int m_rounds = 3;
    TimeNs m_workNs = LockDemoConfig {}.workNs;
    std::unique_ptr<LockDemoRun> m_run;
    JobPoller m_poller; // after m_run: destroyed first, so no tick reaches a destroyed run
};

// Runs the demo for real, then draws the Locks view showing it into an image of size logical
// pixels times scale. Needs a QApplication, which the caller makes
// (drawcommands/offscreenapp.h). Throws std::invalid_argument for a configuration validate() rejects
// and std::runtime_error when the run was stopped or widgets cannot be made.
QImage renderLockLabView(
    const LockDemoConfig& config, QSize size, qreal scale, TimelineTheme theme, std::stop_token stop = {});

} // namespace interleave
