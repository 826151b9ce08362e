#pragma once

#include "cli/commands.h"

namespace interleave::cli {

struct LanesBenchOptions {
    int lanes = 10'000;
    int updates = 120;
    bool json = false;
};

// `interleave bench lanes`: the Lanes tab during a live run of many lanes. A recorder grows to
// `lanes` lanes over the first half of `updates` snapshots (one process, a hundred threads,
// the rest coroutines under them) while every lane keeps changing state; each snapshot is
// handed to the table as the window does, and what it costs to update and paint the table is
// timed. Offscreen, no display needed.
int runLanesBench(const LanesBenchOptions& options, CommandIo& io);

} // namespace interleave::cli
