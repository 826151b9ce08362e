#pragma once

#include "timeline/replayclock.h"
#include "trace/trace.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace interleave {

// Plays a finished trace back: a QTimer at display rate moves the playhead by the real time
// that passed (QElapsedTimer, so a late frame moves it further rather than slowing the replay
// down) times the speed. Steps jump to the previous or next state change of any lane, or of
// the lane laneOfInterest() names.
class ReplayController : public QObject {
    Q_OBJECT

public:
    explicit ReplayController(QObject* parent = nullptr);

    // A trace to replay; the playhead goes to its end (everything shown) and playing stops.
    // An empty trace makes the replay unavailable.
    void setTrace(const Trace& trace);
    void clear() { setTrace(Trace()); }
    const Trace& trace() const noexcept { return m_trace; }
    bool isAvailable() const noexcept { return !m_trace.empty(); }

    const ReplayClock& clock() const noexcept { return m_clock; }
    TimeNs position() const noexcept { return m_clock.position(); }
    double speed() const noexcept { return m_clock.speed(); }
    bool isPlaying() const noexcept { return m_timer.isActive(); }

    // Consulted by the steps: a lane to step through, or nullopt for every lane.
    void setLaneOfInterest(std::function<std::optional<LaneId>()> lane)
    {
        m_laneOfInterest = std::move(lane);
    }

    // Moves the playhead on by realElapsedNs at the current speed, as one timer tick does.
    void advanceBy(TimeNs realElapsedNs);

    static constexpr int kFrameIntervalMs = 16;

public slots:
    // From the start when the playhead is at the end. Does nothing without a trace.
    void play();
    void pause();
    void togglePlaying();
    void seek(TimeNs t);
    void setSpeed(double speed);
    void toStart() { seek(m_clock.start()); }
    void toEnd() { seek(m_clock.end()); }
    // False (nothing moves) when there is no change in that direction.
    bool stepForward();
    bool stepBackward();

signals:
    void positionChanged(qint64 position);
    void playingChanged(bool playing);
    void speedChanged(double speed);
    void availabilityChanged(bool available);

private:
    void tick();
    void moveTo(TimeNs t);
    std::optional<LaneId> laneOfInterest() const;

    Trace m_trace;
    ReplayClock m_clock;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_lastTickNs = 0;
    std::function<std::optional<LaneId>()> m_laneOfInterest;
};

} // namespace interleave
