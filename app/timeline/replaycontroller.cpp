#include "timeline/replaycontroller.h"

namespace interleave {

ReplayController::ReplayController(QObject* parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kFrameIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ReplayController::tick);
}

void ReplayController::setTrace(const Trace& trace)
{
    const bool wasAvailable = isAvailable();
    pause();
    m_trace = trace;
    m_clock.setRange(m_trace.startTime(), m_trace.endTime());
    emit positionChanged(m_clock.position());
    if (wasAvailable != isAvailable())
        emit availabilityChanged(isAvailable());
}

void ReplayController::play()
{
    if (!isAvailable() || isPlaying())
        return;
    if (m_clock.atEnd())
        moveTo(m_clock.start());
    m_elapsed.start();
    m_lastTickNs = 0;
    m_timer.start();
    emit playingChanged(true);
}

void ReplayController::pause()
{
    if (!isPlaying())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void ReplayController::togglePlaying()
{
    if (isPlaying())
        pause();
    else
        play();
}

void ReplayController::tick()
{
    const qint64 now = m_elapsed.nsecsElapsed();
    const qint64 elapsed = now - m_lastTickNs;
    m_lastTickNs = now;
    advanceBy(elapsed);
}

void ReplayController::advanceBy(TimeNs realElapsedNs)
{
    const TimeNs before = m_clock.position();
    const bool reachedEnd = m_clock.advance(realElapsedNs);
    if (m_clock.position() != before)
        emit positionChanged(m_clock.position());
    if (reachedEnd)
        pause();
}

void ReplayController::moveTo(TimeNs t)
{
    const TimeNs before = m_clock.position();
    m_clock.seek(t);
    if (m_clock.position() != before)
        emit positionChanged(m_clock.position());
}

void ReplayController::seek(TimeNs t)
{
    moveTo(t);
}

void ReplayController::setSpeed(double speed)
{
    const double before = m_clock.speed();
    if (m_clock.setSpeed(speed) && m_clock.speed() != before)
        emit speedChanged(m_clock.speed());
}

std::optional<LaneId> ReplayController::laneOfInterest() const
{
    return m_laneOfInterest ? m_laneOfInterest() : std::nullopt;
}

bool ReplayController::stepForward()
{
    if (!isAvailable())
        return false;
    const auto next = nextStateChange(m_trace, m_clock.position(), laneOfInterest());
    if (!next)
        return false;
    pause(); // a step is a look at one instant: the replay holds still there
    moveTo(*next);
    return true;
}

bool ReplayController::stepBackward()
{
    if (!isAvailable())
        return false;
    const auto previous = previousStateChange(m_trace, m_clock.position(), laneOfInterest());
    if (!previous)
        return false;
    pause();
    moveTo(*previous);
    return true;
}

} // namespace interleave
