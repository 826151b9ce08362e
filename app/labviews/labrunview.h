#pragma once

#include "labviews/lockview_support.h"
#include "run/jobpoller.h"
#include "timeline/timelinepalette.h"
#include "trace/recorder.h"
#include "trace/trace.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QWidget>

#include <exception>
#include <memory>
#include <stdexcept>
#include <stop_token>
#include <string>

class QLabel;
class QPushButton;

namespace interleave {

class LabReplay;
class TimelineWidget;

// What the Locks and Deadlock views of the lab share: a title, an explanation with the same
// program in Python, a line that says how the run went, the threads on a timeline, the replay
// of the run once it has ended, and Run and Stop buttons. The derived view makes its controls
// and lays everything out.
class LabRunView : public QWidget {
    Q_OBJECT

public:
    explicit LabRunView(QWidget* parent = nullptr);

    virtual void setTheme(TimelineTheme theme);
    TimelineWidget* timeline() const noexcept { return m_timeline; }
    // The replay of the run once it has ended: its bar, laid out by the derived view.
    LabReplay* replay() const noexcept { return m_replay; }

signals:
    void runFinished();

protected:
    // The title, explanation, code and outcome labels, made in that order (the tab order).
    void makeTexts();
    // The timeline and the replay of its run (m_replay).
    void makeTimeline();
    void setTexts(const QString& title, const std::string& explanation, const std::string& python);
    // A run that did not start: the reason in *error, when asked for, and in the outcome line.
    void showStartFailed(const std::exception& e, QString* error);
    // A run has started: "Running...", an empty timeline following the run, controls disabled.
    void showStarted();
    // A run has ended: its whole trace fitted, the controls enabled again, runFinished().
    void showFinished();
    // The trace so far of the run going on.
    void showLiveTrace(const Recorder& recorder);
    // The trace of a run that ended before the view showed it (a screenshot).
    void showEndedTrace(const Trace& trace);
    // No run on show: an empty timeline, nothing to replay.
    void clearRun();
    virtual void setRunning(bool running);

    QPushButton* m_runButton = nullptr;
    QPushButton* m_stopButton = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_explanation = nullptr;
    QLabel* m_python = nullptr;
    QLabel* m_outcome = nullptr;
    TimelineWidget* m_timeline = nullptr;
    LabReplay* m_replay = nullptr;
};

// A LabRunView for one kind of run (LockDemoRun, DeadlockRun: start(), requestStop(), job(),
// recorder(), error()). The run is on threads of its own; a JobPoller takes recorder snapshots
// at display rate.
template <typename Run> class LabDemoView : public LabRunView {
public:
    using LabRunView::LabRunView;

    void stop()
    {
        if (m_run)
            m_run->requestStop();
    }
    bool isRunning() const noexcept { return m_run != nullptr; }

protected:
    // Starts the run and follows it; false, with the reason shown, when it cannot start.
    bool startRun(std::unique_ptr<Run> run, QString* error)
    {
        try {
            run->start();
        } catch (const std::exception& e) {
            showStartFailed(e, error);
            return false;
        }
        m_run = std::move(run);
        showStarted();
        m_poller.watch(m_run->job(), {.snapshot = [this] { showLive(); }, .finished = [this] { finishRun(); }});
        return true;
    }

    // Every snapshot of the run while it goes on.
    virtual void showLive() { showLiveTrace(m_run->recorder()); }
    // The run has ended: its result, or the reason it failed.
    virtual void showEnd(const Run& run) = 0;

    std::unique_ptr<Run> m_run;
    JobPoller m_poller; // after m_run: destroyed first, so no tick reaches a destroyed run

private:
    void finishRun()
    {
        showEnd(*m_run);
        m_run.reset();
        showFinished();
    }
};

// Draws a lab view showing a run of its demo that has ended into an image of size logical
// pixels times scale, fitted to the run's trace. Throws std::runtime_error when the run was
// stopped before its end.
template <typename View, typename Config, typename Result>
QImage renderEndedRun(const Config& config, const Result& result, const Recorder& recorder, std::stop_token stop,
    QSize size, qreal scale, TimelineTheme theme)
{
    if (stop.stop_requested())
        throw std::runtime_error("stopped before the end");
    const Trace trace = Trace::fromSnapshot(recorder.snapshot());
    View view;
    view.setTheme(theme);
    view.showRun(config, result, trace);
    return renderLabWidget(view, size, scale, [&view] { view.timeline()->fitToTrace(); });
}

} // namespace interleave
