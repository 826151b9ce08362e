#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace interleave {

// The fixed colour table of an animated GIF, and the map from a pixel to its entry.
//
// A timeline is drawn from a few flat colours (the theme's), so they go in first and come out
// exact; the remaining entries go to the colours a sample of the frames uses most (the greys of
// anti-aliased text, translucent fills composed over the colours below). Every other pixel takes
// its nearest entry: no dithering, which on flat fills would only add noise and bytes. Built
// from the same colours and samples, the table is the same entry for entry.
//
// Pixels are 0xAARRGGBB words (Qt's ARGB32 and RGB32 in memory); alpha is ignored.
class GifPalette {
public:
    // 255 colours: the GIF's 256-entry table keeps its last entry for "unchanged" (transparent).
    static constexpr std::size_t kMaxColours = 255;
    static constexpr std::uint8_t kTransparentIndex = 255;

    // `required` in order (duplicates dropped, at most kMaxColours kept), then the colours of
    // `samples` by how often they occur (ties: the smaller value first) until the table is full.
    GifPalette(std::span<const std::uint32_t> required, std::span<const std::uint32_t> samples);

    // 0xRRGGBB, at most kMaxColours of them.
    const std::vector<std::uint32_t>& colours() const noexcept { return m_colours; }
    // The entry of the colour nearest to the pixel (squared distance in RGB, weighted for the
    // eye: green counts most); the first of equally near ones.
    std::uint8_t indexOf(std::uint32_t pixel);

private:
    std::uint8_t nearest(std::uint32_t rgb) const;

    std::vector<std::uint32_t> m_colours;
    std::unordered_map<std::uint32_t, std::uint8_t> m_index; // every colour met so far
};

} // namespace interleave
