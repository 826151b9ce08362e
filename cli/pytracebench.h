#pragma once

#include "cli/commands.h"

#include <string>

namespace interleave::cli {

struct PytraceBenchOptions {
    std::string python = "python3";
    int repeat = 3;
    int sampleHz = 1000;
    bool json = false;
    bool calls = false; // trace with calls recorded (trace --calls): what that costs
};

// `interleave bench pytrace`: what tracing a real CPython costs and how right its picture is,
// against ground truth the bench programs (resources/python/bench/) note about themselves.
int runPytraceBench(const PytraceBenchOptions& options, CommandIo& io);

} // namespace interleave::cli
