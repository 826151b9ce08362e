#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace interleave {

// The one state vocabulary shared by engine, recorder, views, exporters and tests.
// Values are stored in trace records and files: append new states at the end only.
enum class State : std::uint8_t {
    Starting,    // created, not yet running its task (thread start, interpreter start-up)
    Running,     // executing (holding the GIL when Python semantics are on)
    WaitingGil,  // runnable, but another thread of the same process holds the GIL
    BlockedIo,   // in a blocking call (sleep, read); the GIL is released
    WaitingLock, // blocked acquiring a lock, semaphore, condition or queue
    Ready,       // queued: a pool task waiting for a worker, a coroutine in the ready list
    Suspended,   // a coroutine parked at an await
    Done,        // finished normally; terminal
    Failed,      // ended by an error (a task threw, a worker died); terminal
    Unknown,     // not observed: a gap in sampling (a traced real program's sampler fell behind)
    Stopped,     // ended because the user stopped the run (not an error); terminal
};

inline constexpr std::size_t kStateCount = 11;

inline constexpr std::array<State, kStateCount> kAllStates{
    State::Starting, State::Running,   State::WaitingGil, State::BlockedIo, State::WaitingLock,
    State::Ready,    State::Suspended, State::Done,       State::Failed,    State::Unknown,
    State::Stopped,
};

constexpr std::string_view stateName(State s) noexcept
{
    switch (s) {
    case State::Starting: return "Starting";
    case State::Running: return "Running";
    case State::WaitingGil: return "WaitingGil";
    case State::BlockedIo: return "BlockedIo";
    case State::WaitingLock: return "WaitingLock";
    case State::Ready: return "Ready";
    case State::Suspended: return "Suspended";
    case State::Done: return "Done";
    case State::Failed: return "Failed";
    case State::Unknown: return "Unknown";
    case State::Stopped: return "Stopped";
    }
    return "?";
}

// The words a user reads for a state: the one table behind tooltips, the legend, the lane
// list, the status bar, lesson texts and the command line's human output. stateName() stays
// the spelling of files and JSON; these are for people.
constexpr std::string_view stateLabel(State s) noexcept
{
    switch (s) {
    case State::Starting: return "Starting";
    case State::Running: return "Running";
    case State::WaitingGil: return "Waiting for the GIL";
    case State::BlockedIo: return "Blocked on I/O";
    case State::WaitingLock: return "Waiting for lock";
    case State::Ready: return "Ready";
    case State::Suspended: return "Suspended at await";
    case State::Done: return "Done";
    case State::Failed: return "Failed";
    case State::Unknown: return "Unknown";
    case State::Stopped: return "Stopped";
    }
    return "?";
}

constexpr std::optional<State> stateFromName(std::string_view name) noexcept
{
    for (State s : kAllStates) {
        if (stateName(s) == name)
            return s;
    }
    return std::nullopt;
}

// The detail of a BlockedIo record on a thread lane whose event loop is idle in its selector
// (select/epoll), waiting for the next timer or I/O: every task of the loop is suspended.
inline constexpr std::uint16_t kBlockedInSelect = 1;

constexpr bool isTerminal(State s) noexcept
{
    return s == State::Done || s == State::Failed || s == State::Stopped;
}

constexpr bool isValidState(std::uint8_t raw) noexcept { return raw < kStateCount; }

} // namespace interleave
