#pragma once

#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace interleave {

// How many OS threads execute at each instant of a trace: the parallelism strip, the
// `peak_parallelism` and `mean_parallelism` of a run and a lesson's "lanes ran at once" all
// read this one count.
//
// Only process and thread lanes are OS threads (a process lane is the process's main thread).
// A coroutine lane is a logical lane: its Running time belongs to the thread that runs it (its
// nearest ancestor that is not a coroutine), and an instant when both show Running counts
// once. A pool task lane is logical too: it mirrors the worker that holds it, so it is never
// counted. A thread executes while it, or a coroutine it runs, is Running.
//
// Built once per snapshot (reads every span of the counted lanes once and sorts the Running
// edges: tens of milliseconds for a million spans), then immutable: every query below is a
// couple of binary searches, cheap enough to ask per pixel column.
class ParallelismProfile {
public:
    ParallelismProfile() = default;
    // Lanes before firstLane are left out (a recorder that held another run before this one).
    explicit ParallelismProfile(const Trace& trace, LaneId firstLane = 0);

    // The most OS threads that existed at one time: from a thread lane's first record to its
    // end. The strip's scale; never below any peak.
    int threadCount() const noexcept { return m_threadCount; }

    // Threads executing, averaged over [t0, t1) weighted by time; 0 for an empty interval.
    double mean(TimeNs t0, TimeNs t1) const;
    // The most threads executing at one instant of [t0, t1); 0 for an empty interval.
    int peak(TimeNs t0, TimeNs t1) const;
    // Over the trace's whole extent, from its first record to its end.
    double mean() const { return mean(m_start, m_end); }
    int peak() const { return peak(m_start, m_end); }
    // Time during which at least `level` threads executed, over the whole trace.
    TimeNs timeAtLeast(int level) const;

    // Integral of the count from the first change up to t, in thread-nanoseconds: mean() is a
    // difference of two of these. Exposed so that a strip of many columns can share the
    // boundaries of neighbouring columns.
    double area(TimeNs t) const;

    TimeNs start() const noexcept { return m_start; }
    TimeNs end() const noexcept { return m_end; }
    // Built for this trace as it is now (a live trace that grew since needs a new profile).
    bool matches(const Trace& trace) const noexcept;
    bool empty() const noexcept { return m_times.empty(); }
    std::size_t stepCount() const noexcept { return m_times.size(); }
    std::size_t memoryBytes() const noexcept;

private:
    // Index of the step in effect at t: the last one starting at or before t; -1 before all.
    std::ptrdiff_t stepAt(TimeNs t) const;
    int rangeMax(std::size_t first, std::size_t last) const; // steps [first, last], inclusive

    // A step function: m_counts[i] threads execute from m_times[i] to m_times[i + 1]; the last
    // step (always 0) lasts for ever. Neighbouring steps differ in count.
    std::vector<TimeNs> m_times;
    std::vector<std::uint16_t> m_counts;
    std::vector<TimeNs> m_area; // integral from m_times[0] to m_times[i], thread-ns
    // m_levels[k][j]: the largest count among steps [j * 2^(k+1), (j + 1) * 2^(k+1)).
    std::vector<std::vector<std::uint16_t>> m_levels;
    int m_threadCount = 0;
    TimeNs m_start = 0;
    TimeNs m_end = 0;
    // What the trace looked like when this was built, for matches().
    std::size_t m_laneCount = 0;
    std::size_t m_spanCount = 0;
    TimeNs m_traceEnd = 0;
};

} // namespace interleave
