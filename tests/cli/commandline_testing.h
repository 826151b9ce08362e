#pragma once

// Runs the program's command line in-process, as the tests of every command do.

#include "cli/commandline.h"
#include "cli/commands.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>
#include <vector>

namespace interleave::cli::commandtest {

struct Outcome {
    CommandLineResult result;
    std::string out;
    std::string err;
};

// `interleave args...`, with what it printed on each stream. The commands that draw are there
// when the caller hands them in (the Qt tests: drawingCommands()).
inline Outcome runInterleave(const std::vector<std::string>& args, const DrawingCommands& drawing = {})
{
    std::vector<const char*> argv {"interleave"};
    for (const std::string& a : args)
        argv.push_back(a.c_str());
    std::ostringstream out;
    std::ostringstream err;
    Outcome r;
    r.result = runCommandLine(static_cast<int>(argv.size()), argv.data(), out, err, drawing);
    r.out = out.str();
    r.err = err.str();
    return r;
}

// An argument the command line refuses, and what its one-line error must name.
struct BadArguments {
    std::vector<const char*> args;
    const char* named;
};

// A usage error: status 2, nothing on standard output, one line on standard error naming it.
inline void expectOneLineUsageError(const Outcome& r, const char* named)
{
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(static_cast<std::size_t>(std::count(r.err.begin(), r.err.end(), '\n')), 1u) << r.err;
    EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
}

// A parameterised case's name: its index and the argument it is about, e.g. "3_tasks" for
// "--tasks": readable, and the same from build to build.
inline std::string argumentCaseName(std::size_t index, const char* argument)
{
    std::string name = std::to_string(index) + "_";
    for (const char* c = argument; *c != '\0'; ++c) {
        if (std::isalnum(static_cast<unsigned char>(*c)))
            name += *c;
        else if (*c != '-')
            name += '_';
    }
    return name;
}

} // namespace interleave::cli::commandtest
