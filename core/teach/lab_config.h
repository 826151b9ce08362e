#pragma once

#include "lab/deadlock.h"
#include "lab/lock_demos.h"
#include "lab/race.h"
#include "teach/scenario.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace interleave {

struct Lesson;

// The lab views' configurations as values: what a lab view starts from, and what a lesson's or
// a scenario's lab parameters make of it. The window, the tour and the lesson reader all take
// them from here, so a lesson file with a parameter no lab takes is refused when it is read.

// The race lab's starting point. What CPython 3.10+ loses: `counter = counter + one()` under
// the GIL. Each thread spans several 5 ms switch intervals, about half of the switches fall at
// the call between a load and its store, so it loses updates every time, by a different amount
// each run.
inline constexpr RaceConfig kRaceDemoConfig {.threads = 4,
    .increments = 100'000,
    .mode = RaceMode::Unsafe,
    .gil = true,
    .between = RaceBetween::Call,
    .widenUs = 0,
    .widenBy = WidenMethod::Spin,
    .repeat = 20};

// Starting values per lock demo that show its point on a first Run (e.g. 8 downloads and k = 3).
LockDemoConfig lockDemoDefaults(LockDemo demo);

// One lab view's configuration.
using LabConfig = std::variant<RaceConfig, LockDemoConfig, DeadlockConfig>;

// The configuration for lab view `demo` ("race" or "lab:race"). The view starts from its
// starting values (kRaceDemoConfig, lockDemoDefaults, five philosophers); when `lab` is that
// demo, its parameters apply:
//   race:     threads, increments, lock (bool), atomic (bool), gil (bool), between ("none" or
//             "call"), widen_us, widen_by ("sleep" or "spin"), repeat
//   lock demos (lock, rlock, semaphore, event, condition, queue):
//             threads, consumers, limit, rounds, plain_lock (bool)
//   deadlock: philosophers, ordered (bool), meals, scenario ("two-locks" or "philosophers");
//             two philosophers without a scenario are the two-lock case (A then B, B then A).
// A lab view shown for another demo (the lock lab in a race lesson) takes its "threads" when it
// has one. Throws std::invalid_argument naming the field as a scenario file spells it, after
// `where` ("scenario." in a lesson: "scenario.lab.parameters.threads must be a whole number"),
// for an unknown parameter, a wrong type, a value the lab refuses, or a demo that is not a lab.
LabConfig labConfigFor(const std::optional<LabDemo>& lab, std::string_view demo, const std::string& where = "");

// The same for a lesson: its scenario's lab, the message starting "lesson <id>: ".
LabConfig labConfigFor(const Lesson& lesson, std::string_view demo);

} // namespace interleave
