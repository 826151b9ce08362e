#pragma once

#include "trace/clock.h"

#include <cmath>

namespace interleave::cli {

// The numbers the commands write in JSON, rounded once here so every command shows the same
// digits for the same measurement.

// Nanoseconds as milliseconds, to the microsecond: more digits would only be noise.
inline double roundedMs(TimeNs ns)
{
    return std::round(static_cast<double>(ns) / 1e3) / 1e3;
}

// To three decimals, as the nearest double to the decimal (so JSON shows 4.009, not
// 4.0090000001).
inline double roundedTo3(double value)
{
    return std::round(value * 1000.0) / 1000.0;
}

} // namespace interleave::cli
