#pragma once

#include "io/gif_palette.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace interleave {

// Thrown by GifWriter; the message says what giflib refused.
class GifError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Encodes an animated GIF in memory, frame by frame, through giflib: one global colour table
// (a GifPalette), and for each frame only the rectangle that changed since the one before,
// its unchanged pixels transparent so they compress to nearly nothing. A frame equal to the one
// before adds its time to that frame rather than a frame of its own. The bytes are handed out
// whole at the end, for writeOutputFile: nothing reaches a file before the animation is done.
class GifWriter {
public:
    // A canvas of width x height pixels (1 to 65535 each: the format's limit). loop: the
    // NETSCAPE2.0 extension, so viewers play it over and over; without it, once.
    GifWriter(int width, int height, GifPalette palette, bool loop);
    ~GifWriter();
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;

    // A frame of the canvas's size: rows of 0xAARRGGBB pixels (alpha ignored), `stride` pixels
    // apart, shown for delayCs hundredths of a second (1 to 65535 in all, with what merged
    // frames add).
    void addFrame(const std::uint32_t* pixels, std::ptrdiff_t stride, int delayCs);

    // The file, once the last frame is in. The writer takes no more frames after it.
    std::string finish();

    // Images in the file so far (merged frames count once).
    int imageCount() const noexcept { return m_images + (m_pending ? 1 : 0); }
    const GifPalette& palette() const noexcept { return m_palette; }

private:
    struct Pending {
        int left = 0;
        int top = 0;
        int width = 0;
        int height = 0;
        std::vector<std::uint8_t> indices;
        bool transparent = false;
        int delayCs = 0;
    };
    void flush();

    struct Encoder;
    std::unique_ptr<Encoder> m_encoder;
    int m_width;
    int m_height;
    GifPalette m_palette;
    std::vector<std::uint32_t> m_lastPixels; // the last frame as given
    std::vector<std::uint8_t> m_canvas; // what a viewer shows once the pending frame is drawn
    std::unique_ptr<Pending> m_pending;
    int m_images = 0;
    bool m_finished = false;
};

} // namespace interleave
