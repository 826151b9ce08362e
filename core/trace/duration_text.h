#pragma once

#include "trace/clock.h"

#include <string>

namespace interleave {

// A duration as the app writes it in sentences: "4.2 ms" under ten milliseconds, "120 ms" from
// there on. One place, so a lesson, a lab view and a command say the same of the same span.
std::string durationText(TimeNs ns);

// A program's wall time as a status line says it: "0.42 s", "61.07 s".
std::string secondsText(TimeNs ns);

} // namespace interleave
