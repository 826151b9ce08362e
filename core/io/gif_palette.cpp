#include "io/gif_palette.h"

#include <algorithm>
#include <limits>
#include <unordered_set>
#include <utility>

namespace interleave {
namespace {

constexpr std::uint32_t rgbOf(std::uint32_t pixel) noexcept
{
    return pixel & 0xFF'FF'FFu;
}

int channel(std::uint32_t rgb, int shift) noexcept
{
    return static_cast<int>((rgb >> shift) & 0xFFu);
}

} // namespace

GifPalette::GifPalette(std::span<const std::uint32_t> required, std::span<const std::uint32_t> samples)
{
    std::unordered_set<std::uint32_t> taken;
    for (const std::uint32_t pixel : required) {
        if (m_colours.size() == kMaxColours)
            break;
        if (taken.insert(rgbOf(pixel)).second)
            m_colours.push_back(rgbOf(pixel));
    }
    if (m_colours.size() < kMaxColours && !samples.empty()) {
        std::unordered_map<std::uint32_t, std::size_t> counts;
        for (const std::uint32_t pixel : samples)
            ++counts[rgbOf(pixel)];
        std::vector<std::pair<std::uint32_t, std::size_t>> byCount(counts.begin(), counts.end());
        // Fully ordered (count, then value), so the hash map's order never shows.
        std::sort(byCount.begin(), byCount.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        for (const auto& [rgb, count] : byCount) {
            if (m_colours.size() == kMaxColours)
                break;
            if (taken.insert(rgb).second)
                m_colours.push_back(rgb);
        }
    }
    if (m_colours.empty())
        m_colours.push_back(0); // a table of one black entry rather than none
    for (std::size_t i = 0; i < m_colours.size(); ++i)
        m_index.emplace(m_colours[i], static_cast<std::uint8_t>(i));
}

std::uint8_t GifPalette::indexOf(std::uint32_t pixel)
{
    const std::uint32_t rgb = rgbOf(pixel);
    const auto found = m_index.find(rgb);
    if (found != m_index.end())
        return found->second;
    const std::uint8_t index = nearest(rgb);
    m_index.emplace(rgb, index);
    return index;
}

std::uint8_t GifPalette::nearest(std::uint32_t rgb) const
{
    const int r = channel(rgb, 16);
    const int g = channel(rgb, 8);
    const int b = channel(rgb, 0);
    long best = std::numeric_limits<long>::max();
    std::size_t bestIndex = 0;
    for (std::size_t i = 0; i < m_colours.size(); ++i) {
        const long dr = r - channel(m_colours[i], 16);
        const long dg = g - channel(m_colours[i], 8);
        const long db = b - channel(m_colours[i], 0);
        const long distance = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
        if (distance < best) {
            best = distance;
            bestIndex = i;
        }
    }
    return static_cast<std::uint8_t>(bestIndex);
}

} // namespace interleave
