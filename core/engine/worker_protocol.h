#pragma once

#include "trace/lane.h"
#include "trace/state_change.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace interleave {

// The byte format spoken between the parent and an interleave-worker child over its pipes.
//
// Every message is one frame: a 4-byte header, then the payload.
//
//     u8 type | u8 zero | u16 payload length (little-endian) | payload
//
// Integers are little-endian and fixed-size; strings take the rest of the payload as UTF-8
// (no terminator). Each type has an exact payload size or, for the ones that carry a string
// or a list, a minimum and a maximum. A frame that breaks any of this is rejected: the decoder
// reports an error and decodes nothing more from that stream, so a corrupt or hostile child
// can neither crash the parent nor make it read past a buffer.
//
// The worker speaks first (Hello), then sends its records as they happen; the parent talks
// to a pool worker only (Chunk, Exit) on the worker's command channel.
namespace worker_protocol {

inline constexpr std::uint32_t kMagic = 0x57564c49; // "ILVW" in memory order
inline constexpr std::uint16_t kVersion = 1;
inline constexpr std::size_t kHeaderSize = 4;
inline constexpr std::size_t kMaxPayload = 0xffff;
inline constexpr std::size_t kMaxText = 4096; // names and notes: longer ones are cut at encode
inline constexpr std::size_t kMaxChunkTasks = (kMaxPayload - 4) / 4;

// Exit codes of the worker, so the parent can tell "stopped because asked" from a failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;     // a task or the worker failed; message on stderr
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitCancelled = 3; // SIGTERM/SIGINT/SIGHUP: stopped at the next slice
inline constexpr int kExitPipeClosed = 4; // the parent went away (EPIPE on the records pipe)

enum class FrameType : std::uint8_t {
    Hello = 1,        // worker -> parent, first frame
    Lane = 2,         // worker -> parent: declares a lane beyond lane 0 (the process lane)
    Record = 3,       // worker -> parent: one StateChange of one of the worker's lanes
    Note = 4,         // worker -> parent: a remark on a lane at an instant
    TaskStarted = 5,  // worker -> parent (pool): a task of the current chunk started
    TaskFinished = 6, // worker -> parent (pool): it ended
    Ready = 7,        // worker -> parent (pool): start-up or previous chunk done, send more
    Bye = 8,          // worker -> parent: last frame, with the worker's CPU time
    Chunk = 9,        // parent -> pool worker: run these tasks, in order
    Exit = 10,        // parent -> pool worker: no more work, end the lane and exit
};

struct Hello {
    std::uint32_t magic = kMagic;
    std::uint16_t version = kVersion;
    std::int32_t pid = 0;
    friend bool operator==(const Hello&, const Hello&) = default;
};

// Worker lane indices are the worker's own: 0 is the process lane the parent created when it
// spawned the worker; others must be declared by a Lane frame before they are used.
struct LaneDecl {
    std::uint16_t lane = 0;
    std::uint16_t parent = 0; // a worker lane index already declared (usually 0)
    LaneKind kind = LaneKind::Thread;
    std::int32_t tid = 0;
    std::string name;
    friend bool operator==(const LaneDecl&, const LaneDecl&) = default;
};

struct Record {
    std::uint16_t lane = 0;
    StateChange change;
    friend bool operator==(const Record&, const Record&) = default;
};

struct Note {
    std::uint16_t lane = 0;
    TimeNs time = 0;
    std::string text;
    friend bool operator==(const Note&, const Note&) = default;
};

struct TaskStarted {
    std::int32_t task = 0;
    TimeNs time = 0;
    friend bool operator==(const TaskStarted&, const TaskStarted&) = default;
};

struct TaskFinished {
    std::int32_t task = 0;
    TimeNs time = 0;
    State state = State::Done; // Done or Failed
    std::uint16_t detail = 0;  // kEndNormal, kEndCancelled, kEndError
    friend bool operator==(const TaskFinished&, const TaskFinished&) = default;
};

struct Ready {
    TimeNs time = 0;
    std::uint32_t chunksDone = 0;
    friend bool operator==(const Ready&, const Ready&) = default;
};

struct Bye {
    TimeNs cpuNs = 0; // the worker's own user + system time (getrusage RUSAGE_SELF)
    friend bool operator==(const Bye&, const Bye&) = default;
};

struct Chunk {
    std::uint32_t index = 0;
    std::vector<std::int32_t> tasks; // 1 .. kMaxChunkTasks task ids
    friend bool operator==(const Chunk&, const Chunk&) = default;
};

struct Exit {
    friend bool operator==(const Exit&, const Exit&) = default;
};

using Message
    = std::variant<Hello, LaneDecl, Record, Note, TaskStarted, TaskFinished, Ready, Bye, Chunk, Exit>;

FrameType frameType(const Message& message) noexcept;

// Appends one frame to out. Strings longer than kMaxText are cut (on a UTF-8 boundary);
// a Chunk with more than kMaxChunkTasks tasks throws std::length_error.
void appendFrame(std::vector<std::uint8_t>& out, const Message& message);
std::vector<std::uint8_t> encodeFrame(const Message& message);

// Reassembles frames from a byte stream that arrives in arbitrary pieces (a read() may end
// in the middle of a header or a payload). Single-threaded.
class FrameDecoder {
public:
    enum class Status { Message, NeedMore, Error };

    // Appends bytes read from the stream. After an error, further input is ignored.
    void feed(const void* data, std::size_t size);

    // Decodes the next complete frame into out. NeedMore: wait for more bytes. Error: the
    // stream is corrupt from here on; error() says why, and every later call returns Error.
    Status next(Message& out);

    bool failed() const noexcept { return !m_error.empty(); }
    const std::string& error() const noexcept { return m_error; }
    // Bytes received but not decoded yet: a stream that ends with some is truncated.
    std::size_t pendingBytes() const noexcept { return m_buffer.size() - m_readPos; }

private:
    Status fail(std::string why);

    std::vector<std::uint8_t> m_buffer;
    std::size_t m_readPos = 0;
    std::string m_error;
};

} // namespace worker_protocol
} // namespace interleave
