#pragma once

// What the app's tests of real CPython programs share (the trace command, the Python tab).

#include "../scratch_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <unistd.h>

namespace interleave::pythontest {

inline constexpr const char* kPython = "/usr/bin/python3";

// A script written into the test's temporary folder; its path.
inline std::string writeScript(const std::string& name, const std::string& code)
{
    const std::string path = ::interleave::testing_scratch::scratchPath(name);
    std::ofstream(path) << code;
    return path;
}

} // namespace interleave::pythontest

#define REQUIRE_PYTHON()                                                                                     \
    do {                                                                                                     \
        if (::access(::interleave::pythontest::kPython, X_OK) != 0)                                          \
            GTEST_SKIP() << "/usr/bin/python3 is not installed: these tests run real CPython programs "      \
                            "(Debian's python3 package)";                                                    \
    } while (false)
