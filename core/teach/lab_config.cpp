#include "teach/lab_config.h"

#include "teach/lesson.h"

#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

namespace interleave {

namespace {

constexpr std::string_view kLabPrefix = "lab:";

// Reads one lab's parameters, each by the setter of its name; a name without a setter is an
// error when the parameters are that lab's own, and ignored when they belong to another lab.
class LabParameters {
public:
    LabParameters(const std::optional<LabDemo>& lab, std::string owner, bool own)
        : m_lab(lab)
        , m_owner(std::move(owner))
        , m_own(own)
    {
    }

    [[noreturn]] void fail(const std::string& name, const std::string& problem) const
    {
        throw std::invalid_argument(m_owner + "lab.parameters." + name + " " + problem);
    }

    std::int64_t integer(
        const std::string& name, const LabParameter& value, std::int64_t low, std::int64_t high) const
    {
        const double* number = std::get_if<double>(&value);
        if (number == nullptr || std::floor(*number) != *number)
            fail(name, "must be a whole number");
        if (*number < static_cast<double>(low) || *number > static_cast<double>(high))
            fail(name, "must be between " + std::to_string(low) + " and " + std::to_string(high));
        return static_cast<std::int64_t>(*number);
    }

    bool flag(const std::string& name, const LabParameter& value) const
    {
        const bool* b = std::get_if<bool>(&value);
        if (b == nullptr)
            fail(name, "must be true or false");
        return *b;
    }

    std::string word(const std::string& name, const LabParameter& value) const
    {
        const std::string* s = std::get_if<std::string>(&value);
        if (s == nullptr)
            fail(name, "must be a word");
        return *s;
    }

    using Setter = std::function<void(const std::string& name, const LabParameter& value)>;

    void apply(const std::map<std::string, Setter>& setters) const
    {
        if (!m_lab)
            return;
        for (const auto& [name, value] : m_lab->parameters) {
            const auto setter = setters.find(name);
            if (setter != setters.end())
                setter->second(name, value);
            else if (m_own)
                fail(name, "is not one the " + m_lab->name + " lab knows");
        }
    }

    void check(const std::optional<std::string>& problem) const
    {
        if (problem)
            throw std::invalid_argument(m_owner + "lab: " + *problem);
    }

private:
    const std::optional<LabDemo>& m_lab;
    std::string m_owner;
    bool m_own;
};

RaceConfig raceConfig(const LabParameters& p, bool own)
{
    RaceConfig c = kRaceDemoConfig;
    std::map<std::string, LabParameters::Setter> setters {
        {"threads",
            [&](const auto& n, const auto& v) {
                c.threads = static_cast<int>(p.integer(n, v, 1, kMaxRaceThreads));
            }},
    };
    if (own) {
        setters.insert({
            {"increments",
                [&](const auto& n, const auto& v) { c.increments = p.integer(n, v, 1, kMaxRaceIncrements); }},
            {"lock", [&](const auto& n, const auto& v) { c.mode = p.flag(n, v) ? RaceMode::Lock : c.mode; }},
            {"atomic",
                [&](const auto& n, const auto& v) { c.mode = p.flag(n, v) ? RaceMode::Atomic : c.mode; }},
            {"widen_us",
                [&](const auto& n, const auto& v) {
                    c.widenUs = static_cast<int>(p.integer(n, v, 0, kMaxWidenUs));
                }},
            {"gil", [&](const auto& n, const auto& v) { c.gil = p.flag(n, v); }},
            {"between",
                [&](const auto& n, const auto& v) {
                    const auto between = raceBetweenFromName(p.word(n, v));
                    if (!between)
                        p.fail(n, "must be none or call");
                    c.between = *between;
                }},
            {"widen_by",
                [&](const auto& n, const auto& v) {
                    const auto method = widenMethodFromName(p.word(n, v));
                    if (!method)
                        p.fail(n, "must be sleep or spin");
                    c.widenBy = *method;
                }},
            {"repeat",
                [&](const auto& n, const auto& v) {
                    c.repeat = static_cast<int>(p.integer(n, v, 1, kMaxRaceRepeat));
                }},
        });
    }
    p.apply(setters);
    p.check(validate(c));
    return c;
}

LockDemoConfig lockConfig(const LabParameters& p, LockDemo demo, bool own)
{
    LockDemoConfig c = lockDemoDefaults(demo);
    std::map<std::string, LabParameters::Setter> setters {
        {"threads",
            [&](const auto& n, const auto& v) {
                c.threads = static_cast<int>(p.integer(n, v, 1, LockDemoConfig::kMaxThreads));
            }},
    };
    if (own) {
        setters.insert({
            {"consumers",
                [&](const auto& n, const auto& v) {
                    c.consumers = static_cast<int>(p.integer(n, v, 1, LockDemoConfig::kMaxThreads));
                }},
            {"limit",
                [&](const auto& n, const auto& v) {
                    c.limit = static_cast<int>(p.integer(n, v, 1, LockDemoConfig::kMaxThreads));
                }},
            {"rounds",
                [&](const auto& n, const auto& v) {
                    c.rounds = static_cast<int>(p.integer(n, v, 1, LockDemoConfig::kMaxRounds));
                }},
            {"plain_lock", [&](const auto& n, const auto& v) { c.plainLock = p.flag(n, v); }},
        });
    }
    p.apply(setters);
    p.check(validate(c));
    return c;
}

DeadlockConfig deadlockConfig(const LabParameters& p, bool own)
{
    DeadlockConfig c;
    std::optional<DeadlockScenario> scenario;
    std::map<std::string, LabParameters::Setter> setters {
        {"threads",
            [&](const auto& n, const auto& v) {
                c.philosophers = static_cast<int>(
                    p.integer(n, v, DeadlockConfig::kMinPhilosophers, DeadlockConfig::kMaxPhilosophers));
            }},
    };
    if (own) {
        setters.insert({
            {"philosophers",
                [&](const auto& n, const auto& v) {
                    c.philosophers = static_cast<int>(
                        p.integer(n, v, DeadlockConfig::kMinPhilosophers, DeadlockConfig::kMaxPhilosophers));
                }},
            {"ordered", [&](const auto& n, const auto& v) { c.ordered = p.flag(n, v); }},
            {"meals",
                [&](const auto& n, const auto& v) {
                    c.meals = static_cast<int>(p.integer(n, v, 1, DeadlockConfig::kMaxMeals));
                }},
            {"scenario",
                [&](const auto& n, const auto& v) {
                    const std::string word = p.word(n, v);
                    if (word == "two-locks")
                        scenario = DeadlockScenario::TwoLocks;
                    else if (word == "philosophers")
                        scenario = DeadlockScenario::Philosophers;
                    else
                        p.fail(n, "must be two-locks or philosophers");
                }},
        });
    }
    p.apply(setters);
    // Two philosophers are two threads taking two locks in opposite orders: the two-lock
    // scenario draws exactly that, with the locks named A and B as lessons call them.
    c.scenario = scenario.value_or(
        c.philosophers == 2 ? DeadlockScenario::TwoLocks : DeadlockScenario::Philosophers);
    p.check(validate(c));
    return c;
}

} // namespace

LockDemoConfig lockDemoDefaults(LockDemo demo)
{
    LockDemoConfig config;
    config.demo = demo;
    switch (demo) {
    case LockDemo::Lock:
        config.threads = 4;
        config.rounds = 3;
        break;
    case LockDemo::RLock:
        config.threads = 2;
        config.rounds = 3;
        break;
    case LockDemo::Semaphore:
        config.threads = 8;
        config.limit = 3;
        break;
    case LockDemo::Event:
        config.threads = 4;
        break;
    case LockDemo::Condition:
        config.threads = 3;
        config.rounds = 3;
        break;
    case LockDemo::Queue:
        config.threads = 3;
        config.consumers = 2;
        config.limit = 3;
        config.rounds = 5;
        break;
    }
    return config;
}

LabConfig labConfigFor(const std::optional<LabDemo>& lab, std::string_view demo, const std::string& where)
{
    if (demo.starts_with(kLabPrefix))
        demo.remove_prefix(kLabPrefix.size());
    const bool own = lab && lab->name == demo;
    const LabParameters parameters(lab, where, own);
    if (demo == "race")
        return raceConfig(parameters, own);
    if (demo == "deadlock")
        return deadlockConfig(parameters, own);
    if (const auto lockDemo = lockDemoFromName(demo))
        return lockConfig(parameters, *lockDemo, own);
    throw std::invalid_argument(where + "lab: no lab view draws \"" + std::string(demo) + "\"");
}

LabConfig labConfigFor(const Lesson& lesson, std::string_view demo)
{
    return labConfigFor(lesson.scenario.lab, demo, "lesson " + lesson.id + ": scenario.");
}

} // namespace interleave
