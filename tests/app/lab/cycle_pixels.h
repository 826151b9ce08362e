#pragma once

// What the deadlock view's pictures are checked by: how much of the wait-for graph's cycle
// colour (light theme) a picture holds.

#include <QColor>
#include <QImage>

namespace interleave::testing_cycle {

// Pixels of the cycle's colour left of x = width.
inline int cycleColouredPixels(const QImage& image, int width)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < width && x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 170 && c.green() < 40 && c.blue() < 70)
                ++count;
        }
    }
    return count;
}

} // namespace interleave::testing_cycle
