#pragma once

#include "trace/chrome_trace_format.h"
#include "trace/trace.h"

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>

namespace interleave {

// Writes a Trace as Chrome's Trace Event Format (see trace/chrome_trace.h for what is written).

// Called while a trace is written, about once per 64 KiB, with how many events (metadata,
// spans, notes) are written so far and how many there are in all. Returning false stops the
// writing: the writer then throws ChromeTraceStopped.
using ChromeTraceProgress = std::function<bool(std::size_t eventsWritten, std::size_t eventsTotal)>;

// Thrown when a ChromeTraceProgress asked to stop.
class ChromeTraceStopped : public std::runtime_error {
public:
    ChromeTraceStopped() : std::runtime_error("writing the trace was stopped") {}
};

// Writes the whole trace; check the stream's state afterwards. Lane names, notes and metadata
// are written as UTF-8, invalid bytes replaced by U+FFFD (JSON readers reject them). The
// metadata key "interleave_format" is reserved and not written.
void writeChromeTrace(const Trace& trace, std::ostream& out, const ChromeTraceProgress& progress = {});

// Writes the trace to `path` as io/output_file.h says: a regular file (or a new one, or a
// symlink's target) is replaced whole by rename or left alone; a device, a FIFO or "-"
// (standard output) is written in place. Throws OutputFileError naming the path and the
// reason in words on failure, ChromeTraceStopped when `progress` stopped it; a partial
// temporary file is removed then.
void saveChromeTrace(const Trace& trace, const std::string& path, const ChromeTraceProgress& progress = {});

} // namespace interleave
