#pragma once

// What the tests that decode GIFs back with giflib ask of a decoded file.

#include <gif_lib.h>

#include <cstdint>
#include <cstring>

namespace interleave::testing_gif {

// Whether the first image carries the NETSCAPE2.0 application extension (the file loops).
inline bool loops(const GifFileType& gif)
{
    if (gif.ImageCount == 0)
        return false;
    const SavedImage& first = gif.SavedImages[0];
    for (int i = 0; i < first.ExtensionBlockCount; ++i) {
        const ExtensionBlock& block = first.ExtensionBlocks[i];
        if (block.Function == APPLICATION_EXT_FUNC_CODE && block.ByteCount == 11
            && std::memcmp(block.Bytes, "NETSCAPE2.0", 11) == 0)
            return true;
    }
    return false;
}

// Draws image `i` of a decoded file over a canvas of the file's size (SWidth x SHeight pixels,
// 0xAARRGGBB, row after row), as a viewer does: its transparent pixels leave what was there.
inline void drawImageOnto(GifFileType& gif, int i, std::uint32_t* canvas)
{
    GraphicsControlBlock control {};
    DGifSavedExtensionToGCB(&gif, i, &control);
    const SavedImage& image = gif.SavedImages[i];
    const GifImageDesc& d = image.ImageDesc;
    for (int y = 0; y < d.Height; ++y) {
        for (int x = 0; x < d.Width; ++x) {
            const int index = image.RasterBits[y * d.Width + x];
            if (index == control.TransparentColor)
                continue;
            const GifColorType c = gif.SColorMap->Colors[index];
            canvas[(d.Top + y) * gif.SWidth + d.Left + x]
                = 0xFF'00'00'00u | (std::uint32_t {c.Red} << 16) | (std::uint32_t {c.Green} << 8) | c.Blue;
        }
    }
}

} // namespace interleave::testing_gif
