#pragma once

#include "trace/chrome_trace_format.h"
#include "trace/trace.h"

#include <cstddef>
#include <iosfwd>
#include <string>

namespace interleave {

// Reads Chrome's Trace Event Format into a Trace (see trace/chrome_trace.h for what is read).

// The most lanes (distinct pid/tid pairs) a trace may have to be read. Every lane costs about
// 4.7 KB however few spans it has (its records' first chunk), so without a limit a small file
// naming a million threads would take gigabytes, and no timeline shows that many rows. A run
// makes at most 10,400 lanes (kMaxRunLanes, run_config.h: 10,000 coroutines, say); 10,500
// lanes take about 49 MB, within the importer's goal of 4x the file's size plus 50 MB.
inline constexpr std::size_t kMaxChromeTraceLanes = 10'500;

// Reads the stream to its end: anything but whitespace after the JSON value is an error.
// Throws ChromeTraceError on anything that is not a readable trace.
Trace readChromeTrace(std::istream& in);

// As readChromeTrace; messages are prefixed with the path.
Trace loadChromeTrace(const std::string& path);

} // namespace interleave
