#pragma once

#include "lab/race_code.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// The step-through model of `counter += 1`: a pure machine, no threads. Each thread repeats
// its increment `increments` times; one increment is these micro-operations, in order:
//   [Acquire]  take the lock (only with the lock; blocks while another thread holds it)
//   Load       register <- counter
//   [Call]     call one() (only for `counter = counter + one()`); its RESUME checks the
//              eval breaker
//   Add        register <- register + 1
//   Store      counter <- register
//   [Release]  give the lock back (only with the lock)
// A schedule is the sequence of thread choices; each choice runs one micro-operation.
//
// Without the GIL (free-threaded, or CPython before 3.10 in effect, where a switch could come
// after almost any bytecode) any thread may run next at any step. With the GIL as CPython
// 3.10+ runs it, the thread holding the GIL keeps running until it reaches an eval-breaker
// check: the backward jump of its loop (or its function's start) before each increment, and
// the RESUME of a called function. Only there may another thread take over, so without a
// call between the load and the store no schedule can lose an update.
enum class MicroOp : std::uint8_t { Acquire, Load, Call, Add, Store, Release };

std::string_view microOpName(MicroOp op) noexcept;
// What the operation does, in the view's words ("register ← counter").
std::string_view microOpEffect(MicroOp op) noexcept;

// One line of CPython bytecode (dis output, 3.12's shape; 3.11 adds PRECALL before CALL).
struct BytecodeLine {
    std::string_view opname;
    std::string_view argument; // as dis shows it, e.g. "counter", "13 (+=)"; may be empty
    bool evalBreaker = false; // CPython 3.10+ checks its eval breaker here: a GIL switch may happen
};

struct StepConfig {
    int threads = 2;
    int increments = 1; // per thread
    bool lock = false;
    // The bare machine by default: any thread may run next. The command line and the view
    // say which they show.
    bool gil = false;
    RaceBetween between = RaceBetween::None;

    int opsPerIncrement() const noexcept { return (lock ? 5 : 3) + (between == RaceBetween::Call ? 1 : 0); }
    std::int64_t expected() const noexcept { return static_cast<std::int64_t>(threads) * increments; }
    friend bool operator==(const StepConfig&, const StepConfig&) = default;
};

inline constexpr int kMaxStepThreads = 8;
inline constexpr int kMaxStepIncrements = 1000;

std::optional<std::string> validate(const StepConfig& config);

// The bytecode a micro-operation stands for in
//     def work():
//         global counter
//         for _ in range(increments):
//             with lock:                        # only with the lock
//                 counter += 1                  # RaceBetween::None
//                 counter = counter + one()     # RaceBetween::Call
// Load is LOAD_GLOBAL counter; Call is LOAD_GLOBAL one and CALL 0, then one()'s RESUME (an
// eval-breaker check) and RETURN_CONST 1; Add is LOAD_CONST 1 and BINARY_OP 13 (+=), or
// BINARY_OP 0 (+) after the call; Store is STORE_GLOBAL. Acquire is `with lock:` entering
// (LOAD_GLOBAL lock, BEFORE_WITH calls lock.__enter__); Release is leaving it (lock.__exit__
// called with three Nones). The last operation of an increment ends with the loop's
// JUMP_BACKWARD, an eval-breaker check.
std::vector<BytecodeLine> cpythonBytecode(const StepConfig& config, MicroOp op);

// The Python each thread runs, one line per element.
std::vector<std::string> pythonSource(const StepConfig& config);

// True when an eval-breaker check comes right before the operation at pc: at the start of
// each increment (the loop's backward jump, or the function's start) and right after a call.
// With the GIL, these are the only places where the running thread may lose the GIL.
bool evalBreakerBefore(const StepConfig& config, int pc);

inline constexpr int kNoOwner = -1;

struct StepThread {
    int pc = 0; // index of the next micro-operation within the current increment
    int remaining = 0; // increments not yet finished, the current one included
    std::int64_t reg = 0; // the thread's register (Python's value stack)

    bool finished() const noexcept { return remaining == 0; }
    friend bool operator==(const StepThread&, const StepThread&) = default;
};

struct StepState {
    std::vector<StepThread> threads;
    std::int64_t counter = 0;
    int lockOwner = kNoOwner;
    int gilHolder = kNoOwner; // with the GIL: the thread that ran last, until it gives it up

    friend bool operator==(const StepState&, const StepState&) = default;
};

// The machine's rules as pure functions of a configuration and a state.
StepState initialState(const StepConfig& config);
MicroOp opAt(const StepConfig& config, int pc);
// The next operation of a thread; nullopt when it has finished.
std::optional<MicroOp> nextOp(const StepConfig& config, const StepState& state, int thread);
// Waiting to acquire a lock another thread holds: not a choice the scheduler can make.
bool isBlocked(const StepConfig& config, const StepState& state, int thread);
// With the GIL: another thread holds it and has not reached an eval-breaker check (nor
// finished, nor blocked on the lock), so this one cannot run now. Always false without it.
bool waitsForGil(const StepConfig& config, const StepState& state, int thread);
bool isEnabled(const StepConfig& config, const StepState& state, int thread);
std::vector<int> enabledThreads(const StepConfig& config, const StepState& state);
bool isFinished(const StepState& state);
// Runs one micro-operation of an enabled thread; the thread must be enabled.
StepState applyStep(const StepConfig& config, StepState state, int thread);

// The state with everything that cannot change its future normalised (a register before its
// load or after the thread has finished), packed into bytes: equal keys, equal futures. The
// explorer and the search key their tables by it.
std::string stateKey(const StepConfig& config, const StepState& state);
StepState stateFromKey(const StepConfig& config, const std::string& key);

// A continuation from `state` (thread choices until every thread has finished) that ends with
// the counter below config.expected(): an update lost. nullopt when none exists (with the
// lock, never) or when none is found within maxStates states. The search tries the classic
// shape first: right after a thread loads, another thread runs, so the first one later writes
// back a stale value.
std::optional<std::vector<int>> findLosingSchedule(
    const StepConfig& config, const StepState& state, std::size_t maxStates = 200'000);

// The interactive machine: a state, the schedule taken so far and an undo stack.
class StepMachine {
public:
    explicit StepMachine(StepConfig config = {}); // throws std::invalid_argument if invalid

    const StepConfig& config() const noexcept { return m_config; }
    const StepState& state() const noexcept { return m_states.back(); }
    const std::vector<int>& schedule() const noexcept { return m_schedule; }

    std::optional<MicroOp> nextOp(int thread) const { return interleave::nextOp(m_config, state(), thread); }
    bool isBlocked(int thread) const { return interleave::isBlocked(m_config, state(), thread); }
    bool isEnabled(int thread) const { return interleave::isEnabled(m_config, state(), thread); }
    std::vector<int> enabledThreads() const { return interleave::enabledThreads(m_config, state()); }
    bool finished() const { return isFinished(state()); }
    // Increments of a thread finished so far.
    int incrementsDone(int thread) const;

    // False (and nothing changes) when the thread is blocked, finished or out of range.
    bool step(int thread);
    bool canUndo() const noexcept { return m_states.size() > 1; }
    bool undo();
    void reset();

private:
    StepConfig m_config;
    std::vector<StepState> m_states; // the undo stack; back() is the current state
    std::vector<int> m_schedule;
};

} // namespace interleave
