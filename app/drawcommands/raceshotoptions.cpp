#include "drawcommands/raceshotoptions.h"

#include <CLI/CLI.hpp>

namespace interleave::cli {

void addRaceShotOptions(CLI::App& command, RaceShotOptions& options)
{
    command.add_option("--threads", options.race.threads, "--view race: threads")->capture_default_str();
    command.add_option("--increments", options.race.increments, "--view race: increments per thread")
        ->capture_default_str();
    command.add_flag("--lock", options.lock, "--view race: hold a lock around each increment")
        ->excludes(command.add_flag("--atomic", options.atomic, "--view race: one fetch-add per increment"));
    command.add_option("--widen-us", options.race.widenUs, "--view race: pause between load and store, us")
        ->capture_default_str();
    command.add_option("--widen-by", options.widenBy, "--view race: sleep or spin in the window")
        ->check(CLI::IsMember({"sleep", "spin"}))
        ->capture_default_str();
    command.add_option("--repeat", options.race.repeat, "--view race: runs, for the histogram")
        ->capture_default_str();
    command.add_option("--between", options.between,
            "--view race and step: none (counter += 1) or call (counter = counter + one()); with "
            "--gil on, only a call lets the GIL switch between the load and the store")
        ->check(CLI::IsMember({"none", "call"}))
        ->capture_default_str();
}

RaceConfig raceShotConfig(const RaceShotOptions& options, bool gil)
{
    RaceConfig race = options.race;
    race.mode = options.lock ? RaceMode::Lock : options.atomic ? RaceMode::Atomic : RaceMode::Unsafe;
    race.widenBy = widenMethodFromName(options.widenBy).value_or(race.widenBy);
    race.gil = gil;
    race.between = raceBetweenFromName(options.between).value_or(race.between);
    return race;
}

} // namespace interleave::cli
