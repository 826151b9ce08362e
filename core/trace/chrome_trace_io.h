#pragma once

#include "io/output_file.h"
#include "trace/chrome_trace_format.h"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <iterator>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>

// The bytes under Chrome trace files: where the reader's bytes come from (a stream, a file),
// how they reach nlohmann's SAX parser (ChunkReader, ChunkIterator), and where the writer's go
// (OutputFileSink). Only trace/chrome_trace_reader.cpp and trace/chrome_trace_writer.cpp use it.

namespace interleave::chrome_trace_io {

// The longest string value, and the longest number or literal, the importer takes. The JSON
// parser keeps two growing copies of a string it reads, the reader a third and the trace a
// fourth: a 16 MB lane name took 133 MB. Names, notes and metadata are far shorter.
inline constexpr std::uint64_t kMaxStringBytes = 1024 * 1024;
inline constexpr std::uint64_t kMaxScalarBytes = 4096;

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Fills up to size bytes; 0 means the end of the input. Throws on read errors.
    virtual std::size_t read(char* destination, std::size_t size) = 0;
};

class StreamSource final : public ByteSource {
public:
    explicit StreamSource(std::istream& in) : m_in(in) {}
    std::size_t read(char* destination, std::size_t size) override
    {
        m_in.read(destination, static_cast<std::streamsize>(size));
        if (m_in.bad())
            throw ChromeTraceError("cannot read the input stream");
        return static_cast<std::size_t>(m_in.gcount());
    }

private:
    std::istream& m_in;
};

// Reads a file with read(2) rather than an ifstream, so a failure (a directory, an I/O error)
// is reported with its errno instead of looking like the end of the file.
class FileSource final : public ByteSource {
public:
    // Throws ChromeTraceError naming the path when the file cannot be opened.
    explicit FileSource(const std::string& path);
    ~FileSource() override;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    std::size_t read(char* destination, std::size_t size) override;

private:
    int m_fd = -1;
};

// Hands the parser one byte at a time out of large chunks, and knows how many bytes it has
// handed out, which is how errors found by the handler get their byte offsets.
class ChunkReader {
public:
    explicit ChunkReader(ByteSource& source)
        : m_source(source), m_buffer(new char[kChromeTraceChunkBytes]), m_cursor(m_buffer.get()),
          m_end(m_buffer.get())
    {
    }

    bool atEnd() { return m_cursor == m_end && !refill(); }
    const char& current() const { return *m_cursor; }

    // Besides moving on, keeps the parser's memory bounded by what it can be handed: the
    // parser accumulates every byte since its last string or number (whitespace between
    // events included: 300 MB of it cost 542 MB), so a run of whitespace outside strings
    // reaches it as one byte, and an overlong string or number is refused.
    void advance()
    {
        m_lastConsumed = position();
        const char c = *m_cursor++;
        if (c == '\n') {
            ++m_line;
            m_lineStart = m_lastConsumed + 1;
        }
        if (m_inString) {
            if (m_escaped) {
                m_escaped = false;
            } else if (c == '\\') {
                m_escaped = true;
            } else if (c == '"') {
                m_inString = false;
                return;
            }
            if (++m_tokenBytes > kMaxStringBytes)
                tooLong("a string", kMaxStringBytes);
            return;
        }
        switch (c) {
        case '"':
            m_inString = true;
            m_tokenBytes = 0;
            return;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            m_tokenBytes = 0;
            while ((m_cursor != m_end || refill()) && isWhitespace(*m_cursor)) {
                if (*m_cursor == '\n') {
                    ++m_line;
                    m_lineStart = position() + 1;
                }
                ++m_cursor;
            }
            return;
        case '{':
        case '}':
        case '[':
        case ']':
        case ',':
        case ':':
            m_tokenBytes = 0;
            return;
        default:
            if (++m_tokenBytes > kMaxScalarBytes)
                tooLong("a number or literal", kMaxScalarBytes);
            return;
        }
    }

    std::uint64_t position() const
    {
        return m_consumedBefore + static_cast<std::uint64_t>(m_cursor - m_buffer.get());
    }
    bool exhausted() const { return m_eof && m_cursor == m_end; }
    // Where the byte last handed to the parser is: its offset, line (from 1) and column (from
    // 1). The parser's own count skips the whitespace that advance() passed over.
    std::uint64_t lastConsumed() const { return m_lastConsumed; }
    std::uint64_t line() const { return m_line; }
    std::uint64_t column() const { return m_lastConsumed - m_lineStart + 1; }
    // Whether anything but whitespace was read: tells an empty file from a broken one.
    bool sawContent() const { return m_sawContent; }

private:
    static bool isWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    [[noreturn]] void tooLong(const char* what, std::uint64_t limit) const;

    bool refill();

    ByteSource& m_source;
    std::unique_ptr<char[]> m_buffer;
    const char* m_cursor;
    const char* m_end;
    std::uint64_t m_consumedBefore = 0;
    bool m_eof = false;
    bool m_sawContent = false;
    bool m_inString = false;
    bool m_escaped = false;
    std::uint64_t m_tokenBytes = 0;
    std::uint64_t m_lastConsumed = 0;
    std::uint64_t m_line = 1;
    std::uint64_t m_lineStart = 0;
};

// An input iterator over a ChunkReader, the form nlohmann's iterator input adapter takes. A
// default-constructed iterator is the end.
class ChunkIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    ChunkIterator() = default;
    explicit ChunkIterator(ChunkReader* reader) : m_reader(reader) {}

    reference operator*() const { return m_reader->current(); }
    ChunkIterator& operator++()
    {
        m_reader->advance();
        return *this;
    }
    friend bool operator==(const ChunkIterator& a, const ChunkIterator& b) { return a.atEnd() == b.atEnd(); }

private:
    bool atEnd() const { return m_reader == nullptr || m_reader->atEnd(); }

    ChunkReader* m_reader = nullptr;
};

// Hands what the writer formats to an OutputFile, keeping the OutputFile's error (which names
// the path and says what went wrong) for the caller to rethrow.
class OutputFileSink final : public std::streambuf {
public:
    explicit OutputFileSink(OutputFile& file) : m_file(file) { setp(m_buffer, m_buffer + sizeof m_buffer); }
    const std::optional<OutputFileError>& error() const { return m_error; }

protected:
    int_type overflow(int_type c) override;
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain();

    OutputFile& m_file;
    std::optional<OutputFileError> m_error;
    char m_buffer[kChromeTraceChunkBytes];
};

} // namespace interleave::chrome_trace_io
