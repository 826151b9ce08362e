#pragma once

#include <string>

namespace interleave {

// The folder of the running program (from /proc/self/exe), or empty when it cannot be read.
std::string programDir();

} // namespace interleave
