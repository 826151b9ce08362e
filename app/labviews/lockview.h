#pragma once

#include "lab/lock_demos.h"
#include "labviews/labrunview.h"
#include "teach/lab_config.h"
#include "trace/trace.h"

#include <QImage>
#include <QSize>

#include <stop_token>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace interleave {

// The Locks view of the lab: pick a demo (Lock, RLock, Semaphore, Event, Condition, Queue) and
// its parameters, run it, and watch its threads on the timeline, with what to look for and the
// same program in Python beside it.
class LockView : public LabDemoView<LockDemoRun> {
    Q_OBJECT

public:
    explicit LockView(QWidget* parent = nullptr);
    ~LockView() override; // stops and joins a run in progress

    void setConfig(const LockDemoConfig& config);
    LockDemoConfig config() const;

    // Starts a run of config(); false with the reason in *error when it cannot start.
    bool start(QString* error = nullptr);

    // Shows a run that has already ended (a screenshot): its settings, outcome and trace.
    void showRun(const LockDemoConfig& config, const LockDemoResult& result, const Trace& trace);

    QString summaryText() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showEnd(const LockDemoRun& run) override;
    // The explanation's column: its usual width, or up to the code's longest line where that
    // is wider (classroom mode's type); down to the code drawn smaller where the tab is narrow.
    void fitSidePanel();
    void demoChanged();
    void showTexts(const LockDemoConfig& config);
    void showResult(const LockDemoResult& result);

    QComboBox* m_demo = nullptr;
    QLabel* m_threadsLabel = nullptr;
    QSpinBox* m_threads = nullptr;
    QLabel* m_consumersLabel = nullptr;
    QSpinBox* m_consumers = nullptr;
    QLabel* m_limitLabel = nullptr;
    QSpinBox* m_limit = nullptr;
    QCheckBox* m_plainLock = nullptr;
    QWidget* m_side = nullptr;
    // Not on the controls: kept from the last setConfig (defaults per demo).
    int m_rounds = 3;
    TimeNs m_workNs = LockDemoConfig {}.workNs;
};

// Runs the demo for real, then draws the Locks view showing it into an image of size logical
// pixels times scale. Needs a QApplication, which the caller makes
// (drawcommands/offscreenapp.h). Throws std::invalid_argument for a configuration validate() rejects
// and std::runtime_error when the run was stopped or widgets cannot be made.
QImage renderLockLabView(
    const LockDemoConfig& config, QSize size, qreal scale, TimelineTheme theme, std::stop_token stop = {});

} // namespace interleave
