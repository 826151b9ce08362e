#include "pytrace/output_log.h"

#include <algorithm>

namespace interleave::pytrace {
namespace {

// Small writes of one stream (a print per line) share a stored piece up to this size.
constexpr std::size_t kMergeLimit = 64 * 1024;

} // namespace

OutputLog::OutputLog(std::size_t capBytes) : m_cap(std::max<std::size_t>(capBytes, 1)) {}

void OutputLog::append(Stream stream, std::string_view text)
{
    if (text.empty())
        return;
    if (stream == Stream::Err) {
        m_errTail.append(text);
        if (m_errTail.size() > kErrTailCap)
            m_errTail.erase(0, m_errTail.size() - kErrTailCap);
    }
    if (text.size() >= m_cap) {
        // A single huge write: only its end is kept, and nothing before it.
        m_pieces.clear();
        m_total += text.size() - m_cap;
        text.remove_prefix(text.size() - m_cap);
        m_kept = 0;
    }
    if (!m_pieces.empty() && m_pieces.back().stream == stream && m_pieces.back().text.size() < kMergeLimit)
        m_pieces.back().text.append(text);
    else
        m_pieces.push_back({m_total, stream, std::string(text)});
    m_total += text.size();
    m_kept += text.size();

    // The oldest text goes first: whole pieces while they fit in the excess, then a prefix.
    while (m_kept > m_cap) {
        Stored& front = m_pieces.front();
        const std::size_t excess = m_kept - m_cap;
        if (front.text.size() <= excess) {
            m_kept -= front.text.size();
            m_pieces.pop_front();
        } else {
            front.text.erase(0, excess);
            front.at += excess;
            m_kept -= excess;
        }
    }
    m_first = m_pieces.empty() ? m_total : m_pieces.front().at;
}

OutputLog::Read OutputLog::since(std::uint64_t from, std::size_t maxBytes) const
{
    Read read;
    read.next = m_total;
    if (from >= m_total)
        return read;
    std::uint64_t start = std::max(from, m_first);
    if (m_total - start > maxBytes)
        start = m_total - maxBytes;
    read.cut = start - from;
    for (const Stored& p : m_pieces) {
        const std::uint64_t end = p.at + p.text.size();
        if (end <= start)
            continue;
        const std::size_t skip = start > p.at ? static_cast<std::size_t>(start - p.at) : 0;
        const std::string_view part = std::string_view(p.text).substr(skip);
        if (!read.pieces.empty() && read.pieces.back().stream == p.stream)
            read.pieces.back().text.append(part);
        else
            read.pieces.push_back({p.stream, std::string(part)});
    }
    return read;
}

} // namespace interleave::pytrace
