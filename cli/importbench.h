#pragma once

#include "cli/commands.h"

namespace interleave::cli {

struct ImportBenchOptions {
    int lanes = 400'000;
    int whitespaceMb = 300;
    bool json = false;
};

// `interleave bench import`: the trace importer's peak memory on two inputs made on the fly,
// each read by a child process (`interleave open --summary /dev/stdin`) whose peak resident
// size (ru_maxrss) is reported: a file naming many distinct threads, and a file with a huge
// run of whitespace between two events. The goal: at most 4x the input's size plus 50 MB.
int runImportBench(const ImportBenchOptions& options, CommandIo& io);

} // namespace interleave::cli
