#include "lab/explorer.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <unordered_map>

namespace interleave {
namespace {

// log(n! / (k!)^parts)
double logMultinomial(double k, int parts)
{
    return std::lgamma(k * parts + 1) - parts * std::lgamma(k + 1);
}

std::string roughly(double count)
{
    std::ostringstream out;
    out.precision(2);
    out << count;
    return out.str();
}

bool addChecked(std::uint64_t& into, std::uint64_t value)
{
    return !__builtin_add_overflow(into, value, &into);
}

} // namespace

std::uint64_t Exploration::losingSchedules(std::int64_t expected) const
{
    std::uint64_t losing = 0;
    for (const auto& [value, count] : finalValues) {
        if (value < expected)
            losing += count;
    }
    return losing;
}

double scheduleCount(const StepConfig& config)
{
    const double blocksPerIncrement = config.lock ? 1
        : config.gil                                ? (config.between == RaceBetween::Call ? 2 : 1)
                                                    : config.opsPerIncrement();
    const double perThread = static_cast<double>(config.increments) * blocksPerIncrement;
    return std::exp(logMultinomial(perThread, config.threads));
}

Exploration explore(const StepConfig& config, ExplorerLimits limits)
{
    if (auto problem = validate(config))
        throw std::invalid_argument(*problem);
    // 2^64 is about 1.8e19; leave a margin for the rounding of lgamma.
    const double estimate = scheduleCount(config);
    if (!(estimate < 1.0e19))
        throw ExplorationTooLarge("about " + roughly(estimate)
            + " schedules: too many to count exactly; try "
              "fewer threads or increments (e.g. --threads 2 --increments 3)");

    // Every step runs exactly one micro-operation, so all states k steps from the start form
    // one layer and each layer leads only into the next. Two layers are held at a time.
    using Layer = std::unordered_map<std::string, std::uint64_t>;
    Layer layer {{stateKey(config, initialState(config)), 1}};
    Exploration result;
    result.statesVisited = 1;
    const std::int64_t steps
        = static_cast<std::int64_t>(config.threads) * config.increments * config.opsPerIncrement();
    for (std::int64_t step = 0; step < steps; ++step) {
        Layer next;
        next.reserve(layer.size() * 2);
        for (const auto& [key, count] : layer) {
            const StepState state = stateFromKey(config, key);
            for (int t : enabledThreads(config, state)) {
                auto [it, added] = next.try_emplace(stateKey(config, applyStep(config, state, t)), 0);
                if (!addChecked(it->second, count))
                    throw ExplorationTooLarge("more than 2^64 schedules: too many to count exactly");
                if (added && ++result.statesVisited > limits.maxStates)
                    throw ExplorationTooLarge("more than " + std::to_string(limits.maxStates)
                        + " distinct states: too many to enumerate; try fewer threads "
                          "or increments");
            }
        }
        layer = std::move(next);
    }
    for (const auto& [key, count] : layer) {
        const StepState state = stateFromKey(config, key);
        if (!isFinished(state))
            throw std::logic_error("explore: a schedule stopped before every thread had finished");
        if (!addChecked(result.finalValues[state.counter], count) || !addChecked(result.schedules, count))
            throw ExplorationTooLarge("more than 2^64 schedules: too many to count exactly");
    }
    return result;
}

} // namespace interleave
