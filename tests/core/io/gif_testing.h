#pragma once

// What the tests that decode GIFs back with giflib ask of a decoded file.

#include <gif_lib.h>

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

} // namespace interleave::testing_gif
