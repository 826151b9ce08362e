#include "trace/chrome_trace_io.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <unistd.h>

namespace interleave::chrome_trace_io {

FileSource::FileSource(const std::string& path)
{
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        throw ChromeTraceError(path + ": cannot open: " + std::strerror(errno));
}

FileSource::~FileSource() { ::close(m_fd); }

std::size_t FileSource::read(char* destination, std::size_t size)
{
    for (;;) {
        const ssize_t n = ::read(m_fd, destination, size);
        if (n >= 0)
            return static_cast<std::size_t>(n);
        if (errno != EINTR)
            throw ChromeTraceError(std::string("cannot read: ") + std::strerror(errno));
    }
}

void ChunkReader::tooLong(const char* what, std::uint64_t limit) const
{
    const std::uint64_t at = position();
    throw ChromeTraceError("at byte " + std::to_string(at) + ": " + what + " longer than "
                               + (limit >= 1024 * 1024 ? std::to_string(limit / (1024 * 1024)) + " MiB"
                                                       : std::to_string(limit) + " bytes"),
                           at);
}

bool ChunkReader::refill()
{
    if (m_eof)
        return false;
    m_consumedBefore += static_cast<std::uint64_t>(m_end - m_buffer.get());
    const std::size_t n = m_source.read(m_buffer.get(), kChromeTraceChunkBytes);
    m_cursor = m_buffer.get();
    m_end = m_cursor + n;
    if (n == 0) {
        m_eof = true;
        return false;
    }
    for (const char* p = m_cursor; !m_sawContent && p != m_end; ++p)
        m_sawContent = *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r';
    return true;
}

OutputFileSink::int_type OutputFileSink::overflow(int_type c)
{
    if (!drain())
        return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
    }
    return traits_type::not_eof(c);
}

bool OutputFileSink::drain()
{
    if (m_error)
        return false;
    try {
        m_file.write(std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())));
    } catch (const OutputFileError& e) {
        m_error = e;
        return false;
    }
    setp(m_buffer, m_buffer + sizeof m_buffer);
    return true;
}

} // namespace interleave::chrome_trace_io
