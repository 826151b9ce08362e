#pragma once

#include "trace/clock.h"

#include <string>

namespace interleave {

// The one place figures are formatted for people, in the GUI and on the command line alike.
// One rounding rule: half away from zero at the last digit shown, on exact integers (the
// nanoseconds themselves, or a share scaled once), so a tie such as 4.25 ms reads "4.3 ms"
// everywhere and no binary fraction decides a digit. A negative value keeps its sign, "-0.0"
// included.

// `ns` in `unit` (kNsPerMs, 1000 * kNsPerMs, ...) with `decimals` decimals (0 to 6), no unit name:
// fixedText(4'250'000, kNsPerMs, 1) is "4.3". `unit` must be a multiple of 10^decimals.
std::string fixedText(TimeNs ns, TimeNs unit, int decimals);

// Milliseconds with a fixed number of decimals and no unit name, for tables and figure lines:
// "120.0", "4.3".
std::string millisecondsText(TimeNs ns, int decimals);

// A duration as the app writes it in sentences: "4.2 ms" under ten milliseconds, "120 ms" from
// there on. One place, so a lesson, a lab view and a command say the same of the same span.
std::string durationText(TimeNs ns);

// A program's wall time as a status line says it: "0.42 s", "61.07 s".
std::string secondsText(TimeNs ns);

// A share (0.25 for a quarter) as a percentage with `decimals` decimals (0 to 6): "25%", "2.5%".
std::string percentText(double share, int decimals);

} // namespace interleave
