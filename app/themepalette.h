#pragma once

#include "timeline/timelinepalette.h"

#include <QPalette>

namespace interleave {

// The whole application's palette for a theme: what the window sets, and what the tour draws
// its pictures with, so both look alike.
QPalette themePalette(TimelineTheme theme);

} // namespace interleave
