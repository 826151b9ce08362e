#pragma once

#include "trace/clock.h"
#include "trace/trace.h"

#include <QWidget>

#include <optional>

namespace interleave {

class ReplayBar;
class ReplayController;
class TimelineWidget;

// The replay of a lab view's run: the same ReplayController and ReplayBar as the Timeline tab,
// bound to the lab's TimelineWidget (whose playhead it moves); the view lays the bar out. While a run goes on the bar
// says how much has been recorded; once it has ended, the run's trace is replayed from it
// (play, pause, steps, scrub, speed down to 0.01x), and whatever else the view draws of the run
// (the Deadlock view's wait-for graph) follows shownTime(), which is read from that trace.
class LabReplay : public QWidget {
    Q_OBJECT

public:
    explicit LabReplay(TimelineWidget* timeline, QWidget* parent = nullptr);

    ReplayController* controller() const noexcept { return m_controller; }
    ReplayBar* bar() const noexcept { return m_bar; }
    TimelineWidget* timeline() const noexcept { return m_timeline; }

    // A run has started: nothing to replay until it ends.
    void runStarted();
    // The run so far (its live trace, as the timeline shows it).
    void showLive(const Trace& trace);
    // The run has ended, or an ended run is shown: its trace is the replay's, the playhead at
    // its end (everything shown).
    void runEnded(const Trace& trace);
    // Nothing on show (the view's settings changed).
    void clear();

    // The instant the view shows: the playhead's while there is one, the end of the run when
    // the replay rests at its end, the end of what has been recorded while a run goes on;
    // nullopt when there is no trace at all.
    std::optional<TimeNs> shownTime() const;

signals:
    // shownTime() changed (the playhead moved, a run went on or ended).
    void shownTimeChanged();

private:
    void positionChanged();

    TimelineWidget* m_timeline;
    ReplayController* m_controller;
    ReplayBar* m_bar;
};

} // namespace interleave
