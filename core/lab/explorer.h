#pragma once

#include "lab/step_machine.h"

#include <cstdint>
#include <map>
#include <stdexcept>

namespace interleave {

// Every schedule of the step-through machine, counted by where it ends. A schedule is one
// sequence of thread choices from the start until every thread has finished; with T threads
// of n micro-operations each (no lock) there are (T n)! / (n!)^T of them, which grows far too
// fast to walk one by one. The explorer instead counts, step by step, how many schedules reach
// each distinct state (keyed by the full state, see stateKey()): schedules that meet in a state
// share their futures, so the work grows with the number of states, not of schedules.
struct Exploration {
    std::uint64_t schedules = 0;
    std::map<std::int64_t, std::uint64_t> finalValues; // final counter -> schedules ending there
    std::size_t statesVisited = 0;

    std::uint64_t losingSchedules(std::int64_t expected) const;
};

struct ExplorerLimits {
    std::size_t maxStates = 2'000'000; // distinct states visited, all steps together
};

// Thrown (before any work where it can be foreseen) for a space too large to enumerate.
class ExplorationTooLarge : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The number of schedules, computed without enumerating (as a double: it may be astronomic).
// Without the lock it is the multinomial of the threads' micro-operation counts. With it, the
// other threads can do nothing while one holds the lock (their next operation is an acquire),
// so each increment runs as one block and the count is the multinomial of the increments.
// With the GIL, the blocks are the stretches between eval-breaker checks: one per increment,
// two with a call between the load and the store (the lock, again, makes it one).
double scheduleCount(const StepConfig& config);

// Throws std::invalid_argument for an invalid configuration and ExplorationTooLarge when the
// schedules cannot be counted in 64 bits or the states exceed limits.maxStates.
Exploration explore(const StepConfig& config, ExplorerLimits limits = {});

} // namespace interleave
