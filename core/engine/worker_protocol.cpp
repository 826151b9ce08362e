#include "engine/worker_protocol.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace interleave::worker_protocol {

namespace {

// Payload sizes of the fixed parts.
constexpr std::size_t kHelloSize = 4 + 2 + 4;
constexpr std::size_t kLaneFixed = 2 + 2 + 1 + 4;
constexpr std::size_t kRecordSize = 2 + 16;
constexpr std::size_t kNoteFixed = 2 + 8;
constexpr std::size_t kTaskStartedSize = 4 + 8;
constexpr std::size_t kTaskFinishedSize = 4 + 8 + 1 + 2;
constexpr std::size_t kReadySize = 8 + 4;
constexpr std::size_t kByeSize = 8;
constexpr std::size_t kChunkFixed = 4;

class Writer {
public:
    explicit Writer(std::vector<std::uint8_t>& out) : m_out(out) {}

    void u8(std::uint8_t v) { m_out.push_back(v); }
    void u16(std::uint16_t v) { put(v, 2); }
    void u32(std::uint32_t v) { put(v, 4); }
    void i32(std::int32_t v) { put(static_cast<std::uint32_t>(v), 4); }
    void i64(std::int64_t v) { put(static_cast<std::uint64_t>(v), 8); }
    void bytes(std::string_view s) { m_out.insert(m_out.end(), s.begin(), s.end()); }

private:
    void put(std::uint64_t v, int n)
    {
        for (int i = 0; i < n; ++i)
            m_out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }

    std::vector<std::uint8_t>& m_out;
};

// Reads a payload whose size the caller has already checked against what it reads.
class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}

    std::uint8_t u8() { return m_data[m_pos++]; }
    std::uint16_t u16() { return static_cast<std::uint16_t>(get(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
    std::int32_t i32() { return static_cast<std::int32_t>(static_cast<std::uint32_t>(get(4))); }
    std::int64_t i64() { return static_cast<std::int64_t>(get(8)); }
    std::string rest()
    {
        std::string s(reinterpret_cast<const char*>(m_data + m_pos), m_size - m_pos);
        m_pos = m_size;
        return s;
    }
    std::size_t remaining() const noexcept { return m_size - m_pos; }

private:
    std::uint64_t get(int n)
    {
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i)
            v |= std::uint64_t{m_data[m_pos + i]} << (8 * i);
        m_pos += n;
        return v;
    }

    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

// Cuts at most kMaxText bytes without splitting a UTF-8 sequence: a continuation byte
// (10xxxxxx) must not start the part that is dropped.
std::string_view clippedText(std::string_view s)
{
    if (s.size() <= kMaxText)
        return s;
    std::size_t n = kMaxText;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80)
        --n;
    return s.substr(0, n);
}

void writeChange(Writer& w, const StateChange& c)
{
    w.i64(c.time);
    w.i32(c.task);
    w.u8(static_cast<std::uint8_t>(c.state));
    w.u8(c.reserved);
    w.u16(c.detail);
}

bool validKind(std::uint8_t raw) noexcept { return raw <= static_cast<std::uint8_t>(LaneKind::Task); }

} // namespace

FrameType frameType(const Message& message) noexcept
{
    // The variant's alternatives are declared in the order of FrameType, starting at 1.
    return static_cast<FrameType>(message.index() + 1);
}

void appendFrame(std::vector<std::uint8_t>& out, const Message& message)
{
    const std::size_t start = out.size();
    Writer w(out);
    w.u8(static_cast<std::uint8_t>(frameType(message)));
    w.u8(0);
    w.u16(0); // patched below once the payload size is known

    std::visit(
        [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Hello>) {
                w.u32(m.magic);
                w.u16(m.version);
                w.i32(m.pid);
            } else if constexpr (std::is_same_v<T, LaneDecl>) {
                w.u16(m.lane);
                w.u16(m.parent);
                w.u8(static_cast<std::uint8_t>(m.kind));
                w.i32(m.tid);
                w.bytes(clippedText(m.name));
            } else if constexpr (std::is_same_v<T, Record>) {
                w.u16(m.lane);
                writeChange(w, m.change);
            } else if constexpr (std::is_same_v<T, Note>) {
                w.u16(m.lane);
                w.i64(m.time);
                w.bytes(clippedText(m.text));
            } else if constexpr (std::is_same_v<T, TaskStarted>) {
                w.i32(m.task);
                w.i64(m.time);
            } else if constexpr (std::is_same_v<T, TaskFinished>) {
                w.i32(m.task);
                w.i64(m.time);
                w.u8(static_cast<std::uint8_t>(m.state));
                w.u16(m.detail);
            } else if constexpr (std::is_same_v<T, Ready>) {
                w.i64(m.time);
                w.u32(m.chunksDone);
            } else if constexpr (std::is_same_v<T, Bye>) {
                w.i64(m.cpuNs);
            } else if constexpr (std::is_same_v<T, Chunk>) {
                if (m.tasks.empty() || m.tasks.size() > kMaxChunkTasks) {
                    out.resize(start);
                    throw std::length_error("a chunk holds 1 to " + std::to_string(kMaxChunkTasks)
                                            + " tasks");
                }
                w.u32(m.index);
                for (std::int32_t t : m.tasks)
                    w.i32(t);
            } else {
                static_assert(std::is_same_v<T, Exit>);
            }
        },
        message);

    const std::size_t payload = out.size() - start - kHeaderSize;
    out[start + 2] = static_cast<std::uint8_t>(payload);
    out[start + 3] = static_cast<std::uint8_t>(payload >> 8);
}

std::vector<std::uint8_t> encodeFrame(const Message& message)
{
    std::vector<std::uint8_t> out;
    appendFrame(out, message);
    return out;
}

void FrameDecoder::feed(const void* data, std::size_t size)
{
    if (failed() || size == 0)
        return;
    // Drop what was consumed before growing, so a long stream never accumulates: at most one
    // partial frame (< 64 KiB + header) is ever kept.
    if (m_readPos > 0 && (m_readPos == m_buffer.size() || m_readPos >= 4096)) {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(m_readPos));
        m_readPos = 0;
    }
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    m_buffer.insert(m_buffer.end(), bytes, bytes + size);
}

FrameDecoder::Status FrameDecoder::fail(std::string why)
{
    m_error = std::move(why);
    m_buffer.clear();
    m_readPos = 0;
    return Status::Error;
}

FrameDecoder::Status FrameDecoder::next(Message& out)
{
    if (failed())
        return Status::Error;
    const std::size_t available = m_buffer.size() - m_readPos;
    if (available < kHeaderSize)
        return Status::NeedMore;

    const std::uint8_t* header = m_buffer.data() + m_readPos;
    const std::uint8_t rawType = header[0];
    const std::size_t size = std::size_t{header[2]} | (std::size_t{header[3]} << 8);

    // Validate the header before waiting for the payload: garbage is reported at once rather
    // than after up to 64 KiB of more garbage.
    std::size_t minSize = 0;
    std::size_t maxSize = 0;
    switch (static_cast<FrameType>(rawType)) {
    case FrameType::Hello: minSize = maxSize = kHelloSize; break;
    case FrameType::Lane: minSize = kLaneFixed, maxSize = kLaneFixed + kMaxText; break;
    case FrameType::Record: minSize = maxSize = kRecordSize; break;
    case FrameType::Note: minSize = kNoteFixed, maxSize = kNoteFixed + kMaxText; break;
    case FrameType::TaskStarted: minSize = maxSize = kTaskStartedSize; break;
    case FrameType::TaskFinished: minSize = maxSize = kTaskFinishedSize; break;
    case FrameType::Ready: minSize = maxSize = kReadySize; break;
    case FrameType::Bye: minSize = maxSize = kByeSize; break;
    case FrameType::Chunk: minSize = kChunkFixed + 4, maxSize = kChunkFixed + 4 * kMaxChunkTasks; break;
    case FrameType::Exit: minSize = maxSize = 0; break;
    default: return fail("unknown frame type " + std::to_string(rawType));
    }
    if (header[1] != 0)
        return fail("non-zero reserved byte in a frame header");
    if (size < minSize || size > maxSize)
        return fail("frame of type " + std::to_string(rawType) + " has a payload of " + std::to_string(size)
                    + " bytes");
    if (rawType == static_cast<std::uint8_t>(FrameType::Chunk) && (size - kChunkFixed) % 4 != 0)
        return fail("chunk payload is not a whole number of task ids");
    if (available < kHeaderSize + size)
        return Status::NeedMore;

    Reader r(header + kHeaderSize, size);
    switch (static_cast<FrameType>(rawType)) {
    case FrameType::Hello: {
        Hello m;
        m.magic = r.u32();
        m.version = r.u16();
        m.pid = r.i32();
        if (m.magic != kMagic)
            return fail("bad magic in hello: not an interleave worker stream");
        if (m.version != kVersion)
            return fail("worker speaks protocol version " + std::to_string(m.version) + ", expected "
                        + std::to_string(kVersion));
        out = m;
        break;
    }
    case FrameType::Lane: {
        LaneDecl m;
        m.lane = r.u16();
        m.parent = r.u16();
        const std::uint8_t kind = r.u8();
        if (!validKind(kind))
            return fail("unknown lane kind " + std::to_string(kind));
        m.kind = static_cast<LaneKind>(kind);
        m.tid = r.i32();
        m.name = r.rest();
        out = std::move(m);
        break;
    }
    case FrameType::Record: {
        Record m;
        m.lane = r.u16();
        m.change.time = r.i64();
        m.change.task = r.i32();
        const std::uint8_t state = r.u8();
        if (!isValidState(state))
            return fail("unknown state " + std::to_string(state));
        m.change.state = static_cast<State>(state);
        m.change.reserved = r.u8();
        m.change.detail = r.u16();
        out = m;
        break;
    }
    case FrameType::Note: {
        Note m;
        m.lane = r.u16();
        m.time = r.i64();
        m.text = r.rest();
        out = std::move(m);
        break;
    }
    case FrameType::TaskStarted: {
        TaskStarted m;
        m.task = r.i32();
        m.time = r.i64();
        out = m;
        break;
    }
    case FrameType::TaskFinished: {
        TaskFinished m;
        m.task = r.i32();
        m.time = r.i64();
        const std::uint8_t state = r.u8();
        if (!isValidState(state) || !isTerminal(static_cast<State>(state)))
            return fail("task finished in a non-terminal state " + std::to_string(state));
        m.state = static_cast<State>(state);
        m.detail = r.u16();
        out = m;
        break;
    }
    case FrameType::Ready: {
        Ready m;
        m.time = r.i64();
        m.chunksDone = r.u32();
        out = m;
        break;
    }
    case FrameType::Bye: {
        Bye m;
        m.cpuNs = r.i64();
        out = m;
        break;
    }
    case FrameType::Chunk: {
        Chunk m;
        m.index = r.u32();
        m.tasks.reserve(r.remaining() / 4);
        while (r.remaining() >= 4)
            m.tasks.push_back(r.i32());
        out = std::move(m);
        break;
    }
    case FrameType::Exit: out = Exit{}; break;
    }
    m_readPos += kHeaderSize + size;
    return Status::Message;
}

} // namespace interleave::worker_protocol
