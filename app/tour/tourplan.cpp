#include "tour/tourplan.h"

#include "lab/lockview.h"
#include "lab/raceview.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
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
    LabParameters(const Lesson& lesson, bool own)
        : m_lesson(lesson)
        , m_own(own)
    {
    }

    [[noreturn]] void fail(const std::string& name, const std::string& problem) const
    {
        throw std::invalid_argument("lesson " + m_lesson.id + ": lab parameter \"" + name + "\" " + problem);
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
        if (!m_lesson.scenario.lab)
            return;
        for (const auto& [name, value] : m_lesson.scenario.lab->parameters) {
            const auto setter = setters.find(name);
            if (setter != setters.end())
                setter->second(name, value);
            else if (m_own)
                fail(name, "is not one the " + m_lesson.scenario.lab->name + " lab knows");
        }
    }

    void check(const std::optional<std::string>& problem) const
    {
        if (problem)
            throw std::invalid_argument("lesson " + m_lesson.id + ": " + *problem);
    }

private:
    const Lesson& m_lesson;
    bool m_own;
};

RaceConfig raceConfig(const LabParameters& p, bool own)
{
    RaceConfig c = kRaceShotConfig;
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
    LockDemoConfig c = lockViewDefaults(demo);
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

std::string tourFileStem(const Lesson& lesson)
{
    char number[16];
    std::snprintf(number, sizeof number, "%02d-", lesson.order);
    if (lesson.id.starts_with(number))
        return lesson.id;
    return number + lesson.id;
}

std::vector<TourShot> planTour(const std::vector<Lesson>& lessons)
{
    std::vector<TourShot> shots;
    for (const Lesson& lesson : lessons) {
        const std::string stem = tourFileStem(lesson);
        const auto add = [&](const std::string& view) {
            std::string suffix = view;
            std::replace(suffix.begin(), suffix.end(), ':', '-');
            shots.push_back({lesson.id, view, stem + "-" + suffix + ".png"});
        };
        add(std::string(kTourLessonView));
        for (const std::string& view : lesson.views)
            add(view);
    }
    return shots;
}

TourLabConfig tourLabConfig(const Lesson& lesson, std::string_view demo)
{
    if (demo.starts_with(kLabPrefix))
        demo.remove_prefix(kLabPrefix.size());
    const bool own = lesson.scenario.lab && lesson.scenario.lab->name == demo;
    const LabParameters parameters(lesson, own);
    if (demo == "race")
        return raceConfig(parameters, own);
    if (demo == "deadlock")
        return deadlockConfig(parameters, own);
    if (const auto lockDemo = lockDemoFromName(demo))
        return lockConfig(parameters, *lockDemo, own);
    throw std::invalid_argument("lesson " + lesson.id + ": no lab view draws \"" + std::string(demo) + "\"");
}

} // namespace interleave
