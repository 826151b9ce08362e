#pragma once

#include "trace/trace.h"

#include <optional>
#include <string>
#include <vector>

namespace interleave {

// The arithmetic of a replay, with no Qt in it: where the playhead is in a trace's time, how
// far it moves for a stretch of real time at a given speed, and where the neighbouring state
// changes are. ReplayController drives it from a timer; tests drive it by hand.
//
// Speeds run from 0.01x (slow motion: 5 ms of trace, one GIL switch interval, take half a
// second) to 4x.
class ReplayClock {
public:
    static constexpr double kMinSpeed = 0.01;
    static constexpr double kMaxSpeed = 4.0;
    // A short run (a few hundred milliseconds) replayed at 1x is over before anyone sees it.
    static constexpr double kDefaultSpeed = 0.1;

    // The replayable stretch [start, end]. The position is kept inside it; an empty range
    // (end <= start) pins it at start. A new range leaves the playhead at its end, so the
    // whole trace is shown until a replay starts.
    void setRange(TimeNs start, TimeNs end);
    TimeNs start() const noexcept { return m_start; }
    TimeNs end() const noexcept { return m_end; }
    TimeNs duration() const noexcept { return m_end - m_start; }

    TimeNs position() const noexcept { return m_position; }
    // Clamped into [start, end].
    void seek(TimeNs t) noexcept;
    bool atStart() const noexcept { return m_position <= m_start; }
    bool atEnd() const noexcept { return m_position >= m_end; }

    double speed() const noexcept { return m_speed; }
    // Clamped into [kMinSpeed, kMaxSpeed]; NaN is refused (returns false, nothing changes).
    bool setSpeed(double speed) noexcept;

    // Moves the playhead on by realElapsedNs × speed (fractions of a nanosecond carry over to
    // the next call, so many short frames add up to exactly one long one). Negative elapsed
    // time (a clock that went back) moves nothing. Returns true when the end is reached.
    bool advance(TimeNs realElapsedNs) noexcept;

    // The position as a share of the range, in [0, 1], and back; for a scrub bar.
    double fraction() const noexcept;
    TimeNs timeAtFraction(double fraction) const noexcept;

private:
    TimeNs m_start = 0;
    TimeNs m_end = 0;
    TimeNs m_position = 0;
    double m_speed = kDefaultSpeed;
    double m_carryNs = 0;
};

// The first state change (a span's start) strictly after t, in one lane or, with lane
// nullopt, in any lane of the trace; nullopt when there is none.
std::optional<TimeNs> nextStateChange(
    const Trace& trace, TimeNs t, std::optional<LaneId> lane = std::nullopt);
// The last state change strictly before t, likewise.
std::optional<TimeNs> previousStateChange(
    const Trace& trace, TimeNs t, std::optional<LaneId> lane = std::nullopt);

// What changed at instant t: each lane (or only `lane`) with a record at exactly t, with the
// state it left (nullopt for its first record) and the one it entered, in lane order.
struct StateChangeAt {
    LaneId lane = kNoLane;
    std::optional<State> from;
    State to = State::Starting;
    std::int32_t task = kNoTask;
};
std::vector<StateChangeAt> stateChangesAt(
    const Trace& trace, TimeNs t, std::optional<LaneId> lane = std::nullopt);

// "12.345 ms": an offset from the trace's start in the unit the whole duration calls for,
// with a fixed number of decimals so the readout does not jitter while it counts.
std::string formatReplayTime(TimeNs offset, TimeNs total);
// "0.01x", "0.5x", "4x".
std::string formatSpeed(double speed);

} // namespace interleave
