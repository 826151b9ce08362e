#pragma once

#include <string>

namespace interleave::cli {

// The folder of the running program (from /proc/self/exe), or empty when it cannot be read.
std::string programDir();

} // namespace interleave::cli
