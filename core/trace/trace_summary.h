#pragma once

#include "trace/trace.h"

#include <string>

namespace interleave {

// A plain-text table of a trace for terminals and logs: a header line with the total duration
// and the lane and span counts, then one row per lane, children indented under their parent
// (process > thread > coroutine), with the time spent in each state that occurs in the trace,
// in milliseconds with one decimal. Ends with a newline.
std::string formatTraceSummary(const Trace& trace);

} // namespace interleave
