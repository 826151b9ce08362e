#include "trace/duration_text.h"

#include <cstdio>

namespace interleave {

std::string durationText(TimeNs ns)
{
    char buffer[32];
    const double ms = static_cast<double>(ns) / kNsPerMs;
    std::snprintf(buffer, sizeof buffer, ms < 10 && ms > -10 ? "%.1f ms" : "%.0f ms", ms);
    return buffer;
}

std::string secondsText(TimeNs ns)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f s", static_cast<double>(ns) / 1e9);
    return buffer;
}

} // namespace interleave
