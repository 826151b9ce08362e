#pragma once

#include "engine/engine.h"

#include <functional>
#include <string>
#include <vector>

namespace interleave {

// One run of a model says little on a shared machine: a busy spell can halve it. So a
// comparison or a sweep runs each point several times and reports the median with the
// smallest and the largest time seen.
struct RepeatedWall {
    int runs = 1; // the clean runs the figures are made of
    TimeNs minNs = 0;
    TimeNs maxNs = 0;
    std::vector<TimeNs> allNs; // every clean run's wall time, in the order they ran
    // The speedup's range: the baseline's fastest run over this point's slowest, and the
    // baseline's slowest over this point's fastest. 0 when unknown.
    double speedupLow = 0;
    double speedupHigh = 0;
};

// The median of the values: the middle one, or the mean of the two middle ones. 0 for none.
double medianOf(std::vector<double> values);

// The value at quantile q (0..1) of the values, the nearest one by rank (0.95: the value 95 %
// of the way from the smallest to the largest). 0 for none. For benchmark frame times.
double quantileOf(std::vector<double> values, double q);

// Several runs of one point folded into one: a copy of the run nearest the median with its
// wallNs set to the median of the clean runs (not cancelled, no errors, a wall time), the
// spread of those runs, busyOtherCpu as the mean of the runs that have one, and every error
// of every run. Without a clean run it is the last run, unchanged, with runs = 0.
struct RepeatedRun {
    RunResult result;
    RepeatedWall wall;
};
RepeatedRun foldRepeats(const std::vector<RunResult>& runs);

// The median speedup (baseline median over this median) and its range; leaves them 0 when
// either side has no clean run.
struct SpeedupWithRange {
    double median = 0;
    double low = 0;
    double high = 0;
};
SpeedupWithRange speedupAgainst(const RepeatedRun& baseline, const RepeatedRun& point);

// "1.9x (1.7-2.1)"; "1.9x" when the range is one run or unknown; "-" when there is no speedup.
std::string speedupText(double median, double low, double high, int runs);

} // namespace interleave

namespace interleave {

// How often a comparison or a sweep runs each point, and whom to tell as the runs finish.
// The repetitions are interleaved (every point once, then every point again, ...), so a busy
// spell of the machine hits several points a little rather than one point entirely.
inline constexpr int kMaxRepeat = 50;
struct RepeatOptions {
    int repeat = 1; // 1..kMaxRepeat
    std::function<void(int done, int total)> onProgress; // after every single run
};

} // namespace interleave
