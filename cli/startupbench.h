#pragma once

#include "cli/commands.h"

namespace interleave::cli {

struct StartupBenchOptions {
    int runs = 5;
    bool json = false;
    bool run = false; // then Run, and time the first frame of the run (INTERLEAVE_STARTUP_MARKS=run)
};

// `interleave bench startup`: from exec to the window's first painted frame, offscreen. Starts
// this program `runs` times (INTERLEAVE_STARTUP_MARKS=quit, fresh settings) and reports the
// median, and the median of each start-up mark on the way (see StartupMarks).
int runStartupBench(const StartupBenchOptions& options, CommandIo& io);

} // namespace interleave::cli
