// What each lab may be asked for: the names its options are spelled by and the checks of its
// configuration. Apart from the runs themselves, so that the readers of scenario and lesson
// files (core/teach) and their fuzz target use them without the threads that run a lab.

#include "lab/deadlock.h"
#include "lab/lock_demos.h"
#include "lab/race.h"

#include <algorithm>
#include <string>

namespace interleave {

std::string_view raceModeName(RaceMode mode) noexcept
{
    switch (mode) {
    case RaceMode::Unsafe:
        return "unsafe";
    case RaceMode::Lock:
        return "lock";
    case RaceMode::Atomic:
        return "atomic";
    }
    return "?";
}

std::optional<RaceMode> raceModeFromName(std::string_view name) noexcept
{
    for (RaceMode m : {RaceMode::Unsafe, RaceMode::Lock, RaceMode::Atomic}) {
        if (raceModeName(m) == name)
            return m;
    }
    return std::nullopt;
}

std::string_view widenMethodName(WidenMethod method) noexcept
{
    return method == WidenMethod::Sleep ? "sleep" : "spin";
}

std::optional<WidenMethod> widenMethodFromName(std::string_view name) noexcept
{
    if (name == "sleep")
        return WidenMethod::Sleep;
    if (name == "spin")
        return WidenMethod::Spin;
    return std::nullopt;
}

std::optional<std::string> validate(const RaceConfig& c)
{
    if (c.threads < 1 || c.threads > kMaxRaceThreads)
        return "--threads must be 1 to " + std::to_string(kMaxRaceThreads) + ", not "
            + std::to_string(c.threads);
    if (c.increments < 1 || c.increments > kMaxRaceIncrements)
        return "--increments must be 1 to " + std::to_string(kMaxRaceIncrements) + ", not "
            + std::to_string(c.increments);
    if (c.widenUs < 0 || c.widenUs > kMaxWidenUs)
        return "--widen-us must be 0 to " + std::to_string(kMaxWidenUs) + ", not "
            + std::to_string(c.widenUs);
    if (c.repeat < 1 || c.repeat > kMaxRaceRepeat)
        return "--repeat must be 1 to " + std::to_string(kMaxRaceRepeat) + ", not "
            + std::to_string(c.repeat);
    // A sleep never lasts less than the timer's slack (about 50 us on Linux), so count it so.
    const std::int64_t pauseUs = c.widenBy == WidenMethod::Sleep ? std::max(c.widenUs, 50) : c.widenUs;
    if (c.widenUs > 0 && c.increments > kMaxRacePauseUs / pauseUs)
        return "--widen-us " + std::to_string(c.widenUs) + " with --increments "
            + std::to_string(c.increments) + " would pause each thread for more than "
            + std::to_string(kMaxRacePauseUs / 1'000'000) + " s; use fewer increments or a narrower window";
    return std::nullopt;
}

std::string_view lockDemoName(LockDemo demo) noexcept
{
    switch (demo) {
    case LockDemo::Lock:
        return "lock";
    case LockDemo::RLock:
        return "rlock";
    case LockDemo::Semaphore:
        return "semaphore";
    case LockDemo::Event:
        return "event";
    case LockDemo::Condition:
        return "condition";
    case LockDemo::Queue:
        return "queue";
    }
    return "?";
}

std::optional<LockDemo> lockDemoFromName(std::string_view name) noexcept
{
    for (LockDemo demo : kAllLockDemos) {
        if (lockDemoName(demo) == name)
            return demo;
    }
    return std::nullopt;
}

std::optional<std::string> validate(const LockDemoConfig& c)
{
    const std::string who = c.demo == LockDemo::Queue ? "producers" : "threads";
    if (c.threads < 1 || c.threads > LockDemoConfig::kMaxThreads)
        return "the number of " + who + " must be 1 to " + std::to_string(LockDemoConfig::kMaxThreads)
            + ", not " + std::to_string(c.threads);
    if (c.demo == LockDemo::Queue && (c.consumers < 1 || c.consumers > LockDemoConfig::kMaxThreads))
        return "the number of consumers must be 1 to " + std::to_string(LockDemoConfig::kMaxThreads)
            + ", not " + std::to_string(c.consumers);
    if (c.demo == LockDemo::Semaphore && (c.limit < 1 || c.limit > LockDemoConfig::kMaxThreads))
        return "the semaphore's k must be 1 to " + std::to_string(LockDemoConfig::kMaxThreads) + ", not "
            + std::to_string(c.limit);
    if (c.demo == LockDemo::Queue && (c.limit < 1 || c.limit > 100))
        return "the queue's maxsize must be 1 to 100, not " + std::to_string(c.limit);
    if (c.rounds < 1 || c.rounds > LockDemoConfig::kMaxRounds)
        return "rounds must be 1 to " + std::to_string(LockDemoConfig::kMaxRounds) + ", not "
            + std::to_string(c.rounds);
    if (c.workNs < 100'000 || c.workNs > 1'000 * kNsPerMs)
        return "the unit of work must be 0.1 ms to 1 s";
    if (c.watchdogPollNs < 100'000 || c.watchdogPollNs > 1'000 * kNsPerMs)
        return "the watchdog's poll interval must be 0.1 ms to 1 s";
    return std::nullopt;
}

std::optional<std::string> validate(const DeadlockConfig& c)
{
    if (c.scenario == DeadlockScenario::Philosophers
        && (c.philosophers < DeadlockConfig::kMinPhilosophers
            || c.philosophers > DeadlockConfig::kMaxPhilosophers))
        return "the number of philosophers must be " + std::to_string(DeadlockConfig::kMinPhilosophers)
            + " to " + std::to_string(DeadlockConfig::kMaxPhilosophers) + ", not "
            + std::to_string(c.philosophers);
    if (c.meals < 1 || c.meals > DeadlockConfig::kMaxMeals)
        return "meals must be 1 to " + std::to_string(DeadlockConfig::kMaxMeals) + ", not "
            + std::to_string(c.meals);
    const auto inRange = [](TimeNs t, TimeNs low) { return t >= low && t <= 1'000 * kNsPerMs; };
    if (!inRange(c.pauseNs, 0) || !inRange(c.eatNs, 0) || !inRange(c.thinkNs, 0))
        return "the pause, eating and thinking times must be 0 to 1 s";
    if (!inRange(c.showDeadlockNs, 0))
        return "the time a deadlock is shown must be 0 to 1 s";
    if (!inRange(c.watchdogPollNs, kNsPerMs / 10))
        return "the watchdog's poll interval must be 0.1 ms to 1 s";
    return std::nullopt;
}

} // namespace interleave
