#pragma once

#include "trace/trace.h"

#include <cstdint>

namespace interleave::cli {

// The benches' large trace (bench render paints it, bench trace-write writes it): 64 lanes
// under 4 processes, `spans` spans shared out between them.
inline constexpr int kSyntheticTraceLanes = 64;

// A trace shaped like a busy GIL run: per lane, 5 ms Running slices handed over through
// WaitingGil, short I/O waits and lock waits in between, and bursts of very short spans (the
// case that needs merging). Fixed seed: every call makes the same trace.
Trace syntheticTrace(std::int64_t spans);

} // namespace interleave::cli
