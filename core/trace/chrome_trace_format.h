#pragma once

#include "trace/lock_log.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace interleave {

// What the writer, the reader and the byte I/O of Chrome's Trace Event Format share; the
// format itself is described in trace/chrome_trace.h.

inline constexpr int kChromeTraceFormatVersion = 1;

// The otherData key that carries kChromeTraceFormatVersion. Reserved: a trace's own metadata
// under this key is neither written nor read back.
inline constexpr std::string_view kChromeTraceFormatKey = "interleave_format";

// The top-level key of a lab run's lock log (trace/lock_log.h), written after "traceEvents"
// (see trace/chrome_trace.h), and the version of what it holds.
inline constexpr std::string_view kChromeTraceLockLogKey = "interleave_lock_log";
inline constexpr int kChromeTraceLockLogVersion = 1;

// The most threads, locks and events a lock log may have to be read. A lab run has at most 16
// threads and a few thousand events; the limits only turn an absurd file into a clear error
// before it costs memory out of proportion to its size.
inline constexpr std::size_t kMaxChromeTraceLockThreads = 10'500;
inline constexpr std::size_t kMaxChromeTraceLocks = 10'500;
inline constexpr std::size_t kMaxChromeTraceLockEvents = 1'000'000;

// Times are bounded so that ts + dur, and every difference the importer takes, stays far from
// TimeNs overflow. 10^18 ns is 31 years: CLOCK_MONOTONIC counts from boot, so no real trace
// gets near it, while a machine that has been up for months is well inside it.
inline constexpr std::int64_t kChromeTraceMaxAbsTimeNs = 1'000'000'000'000'000'000;

// The name a lock event's kind is written under ("wait", "acquire", "abandon", "release").
constexpr std::string_view lockEventKindName(LockEventKind kind) noexcept
{
    switch (kind) {
    case LockEventKind::Wait: return "wait";
    case LockEventKind::Acquire: return "acquire";
    case LockEventKind::Abandon: return "abandon";
    case LockEventKind::Release: return "release";
    }
    return "wait";
}

constexpr std::optional<LockEventKind> lockEventKindFromName(std::string_view name) noexcept
{
    for (const LockEventKind kind :
        {LockEventKind::Wait, LockEventKind::Acquire, LockEventKind::Abandon, LockEventKind::Release}) {
        if (lockEventKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

// The size of the chunks bytes are read and written in.
inline constexpr std::size_t kChromeTraceChunkBytes = 64 * 1024;

// One (pid, tid) track of a file, as a single key.
constexpr std::uint64_t chromeTraceLaneKey(std::int32_t pid, std::int32_t tid) noexcept
{
    return (std::uint64_t{static_cast<std::uint32_t>(pid)} << 32) | static_cast<std::uint32_t>(tid);
}

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

} // namespace interleave
