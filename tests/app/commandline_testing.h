#pragma once

// Runs the program's command line in-process, as the tests of every command do.

#include "cli/commandline.h"

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

// `interleave args...`, with what it printed on each stream.
inline Outcome runInterleave(const std::vector<std::string>& args)
{
    std::vector<const char*> argv {"interleave"};
    for (const std::string& a : args)
        argv.push_back(a.c_str());
    std::ostringstream out;
    std::ostringstream err;
    Outcome r;
    r.result = runCommandLine(static_cast<int>(argv.size()), argv.data(), out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
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
