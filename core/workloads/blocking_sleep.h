#pragma once

#include "trace/clock.h"

#include <stop_token>

namespace interleave {

// A real blocking wait: the calling thread sleeps off-CPU, as in a read() that waits for the
// network, until the deadline (on the nowNs() clock) or until a stop is requested, whichever
// comes first. Returns true when the deadline was reached, false when the stop cut it short
// (also when the stop was already requested on entry). A deadline in the past returns at once.
bool sleepUntil(TimeNs deadline, const std::stop_token& stop);

inline bool sleepFor(TimeNs duration, const std::stop_token& stop)
{
    return sleepUntil(nowNs() + duration, stop);
}

} // namespace interleave
