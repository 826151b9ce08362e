#pragma once

#include "trace/clock.h"
#include "trace/trace.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace interleave::pytrace {

// What a traced program noted about itself (resources/python/bench/*_truth.py), to check the
// tracer's picture against: times a CPU-bound thread ran (it can only note the time while it
// holds the GIL), and the start and end of each of a thread's sleeps. CLOCK_MONOTONIC, the
// trace's clock.
struct TruthThread {
    std::string name;
    std::int32_t tid = 0;
    std::vector<TimeNs> stamps {};                    // gil_truth.py
    std::vector<std::pair<TimeNs, TimeNs>> sleeps {}; // sleep_truth.py
};

struct Truth {
    std::vector<TruthThread> threads;
};

// Parses a truth file's JSON text; throws std::runtime_error saying what is wrong.
Truth parseTruth(const std::string& json);

struct GilAgreement {
    std::uint64_t compared = 0; // instants at which the truth names one holder
    std::uint64_t agreed = 0;   // ... and the trace shows that thread, and only it, Running
    std::uint64_t slices = 0;   // Running spans of the truth's threads in the trace, over the run
    std::uint64_t handOvers = 0; // times the truth's notes pass from one thread to another
    TimeNs from = 0, to = 0;     // the first and last note
    double share() const noexcept { return compared == 0 ? 0.0 : static_cast<double>(agreed) / compared; }
};

// Compares, every `step` between the threads' first and last notes, the GIL holder the truth
// gives (the thread with notes at most `maxGap` apart around that instant; instants where no
// thread or several qualify are skipped) with the trace's lanes of the same native thread ids.
GilAgreement compareGilHolder(const Trace& trace, const Truth& truth, TimeNs step, TimeNs maxGap);

// How many times the GIL changed hands between two instants, from a sampled series of
// CPython's switch_number ((time, value) at each change, in time order): the value last seen
// at `to` minus the value last seen at `from`.
std::uint64_t switchesBetween(const std::vector<std::pair<TimeNs, std::uint64_t>>& series, TimeNs from, TimeNs to);

struct SleepAccuracy {
    std::uint64_t sleeps = 0;  // in the truth
    std::uint64_t matched = 0; // overlapped by a Blocked-on-I/O span of the thread's lane
    TimeNs startErrorMedian = 0, startErrorMax = 0; // |span start - truth start|
    TimeNs endErrorMedian = 0, endErrorMax = 0;
};

// Matches each noted sleep with the Blocked-on-I/O span of its thread's lane that overlaps it
// most, and measures how far the span's ends are from the noted ones.
SleepAccuracy compareSleeps(const Trace& trace, const Truth& truth);

} // namespace interleave::pytrace
