#pragma once

#include "timeline/timelinepalette.h"

#include <QPalette>

namespace interleave {

// The whole application's palette for a theme: what the window sets, and what the tour draws
// its pictures with, so both look alike.
QPalette themePalette(TimelineTheme theme);

// Whether a palette draws light words on a dark background (the dark theme, or classroom
// mode's dark palette).
bool isDarkPalette(const QPalette& palette);

// Words that carry a meaning by their colour, in a shade that reads on the palette's
// backgrounds (a contrast of at least 4.5:1 on Window and Base, light or dark): a saturated
// blue on the dark theme's grey all but vanished at a projector.
enum class MeaningColour {
    IoBound, // the I/O-bound workload's words, as its bars on the charts
    CpuBound, // the CPU-bound workload's
    Warning, // lost updates, a wrong prediction, a busy machine, an error
    Good, // a right prediction
};
QColor meaningColour(MeaningColour meaning, const QPalette& palette);

} // namespace interleave
