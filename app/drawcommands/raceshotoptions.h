#pragma once

#include "lab/race.h"
#include "teach/lab_config.h"

#include <string>

namespace CLI {
class App;
}

namespace interleave::cli {

// The race command's options for the commands that draw the race lab (screenshot, animate:
// --view race and step); by default kRaceDemoConfig, a race that loses updates.
struct RaceShotOptions {
    RaceConfig race = kRaceDemoConfig;
    bool lock = false;
    bool atomic = false;
    std::string widenBy = std::string(widenMethodName(kRaceDemoConfig.widenBy));
    std::string between = std::string(raceBetweenName(kRaceDemoConfig.between));
};

void addRaceShotOptions(CLI::App& command, RaceShotOptions& options);

// The race they ask for; gil is --gil, shared with the model runs.
RaceConfig raceShotConfig(const RaceShotOptions& options, bool gil);

} // namespace interleave::cli
