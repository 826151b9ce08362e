#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::pytrace {

// What a traced program wrote to stdout and stderr, in the order it arrived, kept up to a cap:
// past it the oldest text goes, and a reader is told how much of what it had not read yet
// went. A program that floods its output costs a bounded amount of memory, and a reader that
// takes at most so much per read (a window's 30 Hz poll) a bounded amount of time.
//
// Positions count every byte ever appended, so a reader keeps one number between reads. Not
// thread-safe: the session that owns one guards it.
class OutputLog {
public:
    enum class Stream : std::uint8_t { Out, Err };

    struct Piece {
        Stream stream = Stream::Out;
        std::string text;
        friend bool operator==(const Piece&, const Piece&) = default;
    };

    struct Read {
        std::vector<Piece> pieces; // consecutive pieces of one stream are merged
        std::uint64_t cut = 0;     // bytes between the reader's position and what it got, never to be read
        std::uint64_t next = 0;    // the position to read from next time
    };

    static constexpr std::size_t kDefaultCap = 1 << 20;
    // How much of stderr's end is kept whatever stdout floods: where a traceback is.
    static constexpr std::size_t kErrTailCap = 64 * 1024;

    explicit OutputLog(std::size_t capBytes = kDefaultCap);

    void append(Stream stream, std::string_view text);

    // What was appended from position `from` on, at most maxBytes of it: the newest, so a
    // reader that fell behind catches up with the present rather than paging through the past.
    // A piece is cut at a byte boundary; a reader decoding UTF-8 keeps its decoder's state.
    Read since(std::uint64_t from, std::size_t maxBytes = SIZE_MAX) const;

    std::uint64_t total() const noexcept { return m_total; }   // bytes ever appended
    std::uint64_t dropped() const noexcept { return m_first; } // bytes no longer kept
    // The last kErrTailCap bytes written to stderr.
    const std::string& errTail() const noexcept { return m_errTail; }

private:
    struct Stored {
        std::uint64_t at = 0; // position of the first byte
        Stream stream = Stream::Out;
        std::string text;
    };

    std::size_t m_cap;
    std::deque<Stored> m_pieces;
    std::size_t m_kept = 0;    // bytes stored
    std::uint64_t m_first = 0; // position of the oldest byte kept
    std::uint64_t m_total = 0;
    std::string m_errTail;
};

} // namespace interleave::pytrace
