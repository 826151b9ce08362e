#pragma once

#include <cstdint>
#include <ctime>

namespace interleave {

// Nanoseconds on CLOCK_MONOTONIC. The clock is system-wide, so timestamps taken in
// child processes line up with the parent's without any translation.
using TimeNs = std::int64_t;

inline constexpr TimeNs kNsPerUs = 1'000;
inline constexpr TimeNs kNsPerMs = 1'000'000;

// Read with clock_gettime directly rather than through std::chrono so the cost is exactly
// one vDSO call and the unit is fixed, whatever the library's steady_clock period is.
inline TimeNs nowNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<TimeNs>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// CPU time consumed by the calling thread, in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
inline TimeNs threadCpuNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<TimeNs>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace interleave
