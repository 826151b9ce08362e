#pragma once

#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>

namespace interleave {

// Chrome's Trace Event Format: the JSON that Perfetto, chrome://tracing and speedscope open,
// and that many profilers write. Exporting lets a run be inspected with those tools; importing
// lets Interleave show their traces and reopen its own saved runs.
//
// What is written (object form):
//   {"displayTimeUnit":"ns","otherData":{<metadata>,"interleave_format":1},"traceEvents":[...]}
// - per lane, "M" events: process_name (process lanes), thread_name and thread_sort_index.
//   thread_name's args carry the LaneInfo (lane, parent, kind, os_tid) so a reopened file
//   restores the lanes exactly. Each lane gets a tid of its own within its pid: its OS tid, or
//   0x40000000 + lane id for coroutines (which share their loop thread's tid) and collisions.
// - every span as an "X" event named after its state, ts/dur in microseconds with exactly three
//   decimals, so integer nanoseconds come back unchanged; args.task / args.detail when set.
// - notes as "i" events named "note" with args.text.
//
// What is read: the object form or the bare array form, streamed (memory grows with the
// resulting records, not with the file). Phases X, B/E, M (process_name, thread_name,
// thread_sort_index) and i/I named "note" are used; every other event, field and arg is
// skipped. Span names that are not state names (a foreign trace) read as Running. Timestamps
// must lie within 10^15 microseconds (31 years) of zero. Limits that keep memory within a few
// times the file's size: at most kMaxChromeTraceLanes lanes, strings of at most 1 MiB,
// numbers of at most 4096 characters.

inline constexpr int kChromeTraceFormatVersion = 1;

// The most lanes (distinct pid/tid pairs) a trace may have to be read. Every lane costs about
// 4.7 KB however few spans it has (its records' first chunk), so without a limit a small file
// naming a million threads would take gigabytes, and no timeline shows that many rows. A run
// makes at most 4096 tasks (run_config.h) plus the lanes that run them; 5000 lanes take about
// 24 MB, within the importer's goal of 4x the file's size plus 50 MB.
inline constexpr std::size_t kMaxChromeTraceLanes = 5000;

// Thrown by the readers. The message says what is wrong and where, e.g.
//   event 17 at byte 2301: "dur" is negative
// Byte offsets count from 0. For a problem with an event's fields the offset is the event's
// opening brace; otherwise it is where the parser stopped (for a number, the byte after it).
class ChromeTraceError : public std::runtime_error {
public:
    explicit ChromeTraceError(const std::string& message, std::optional<std::uint64_t> byteOffset = {},
                              std::optional<std::size_t> eventIndex = {})
        : std::runtime_error(message), m_byteOffset(byteOffset), m_eventIndex(eventIndex)
    {
    }

    std::optional<std::uint64_t> byteOffset() const noexcept { return m_byteOffset; }
    // Index in "traceEvents" of the event at fault, when the problem is inside one.
    std::optional<std::size_t> eventIndex() const noexcept { return m_eventIndex; }

private:
    std::optional<std::uint64_t> m_byteOffset;
    std::optional<std::size_t> m_eventIndex;
};

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

// Reads the stream to its end: anything but whitespace after the JSON value is an error.
// Throws ChromeTraceError on anything that is not a readable trace.
Trace readChromeTrace(std::istream& in);

// As readChromeTrace; messages are prefixed with the path.
Trace loadChromeTrace(const std::string& path);

} // namespace interleave
