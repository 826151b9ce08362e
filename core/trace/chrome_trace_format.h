#pragma once

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
