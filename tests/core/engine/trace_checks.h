#pragma once

// Shared by the engine's tests: running a model into a trace, and the structural questions
// the tests ask of it (which lanes, what states in what order, who overlapped whom).

#include "engine/engine.h"
#include "engine/python_thread.h"
#include "trace/trace.h"
#include "workloads/workload.h"

#include <algorithm>
#include <chrono>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace interleave::trace_checks {

// Calibrated once per test program, so that work-ms in a test means what it says here.
inline double testIterationsPerMs()
{
    static const double rate = calibrateIterationsPerMs(20);
    return rate;
}

inline RunConfig makeConfig(Model model, WorkloadKind workload, int tasks)
{
    RunConfig config;
    config.model = model;
    config.workload = workload;
    config.tasks = tasks;
    config.latencyMs = 20;
    config.workMs = 20;
    config.iterationsPerMs = testIterationsPerMs();
    return config;
}

struct RunOutput {
    RunResult result;
    Trace trace;
};

inline RunOutput runToTrace(const RunConfig& config, const RunHooks& hooks = {})
{
    Recorder recorder;
    RunResult result = runModel(config, recorder, {}, hooks);
    return {std::move(result), Trace::fromSnapshot(recorder.snapshot())};
}

struct CancelledRun {
    RunResult result;
    Trace trace;
    double stopToReturnMs = 0; // from request_stop() to runModel's return
};

// Starts the run, requests a stop after `afterMs`, and measures how long the run took to
// return from that moment.
inline CancelledRun runAndCancel(const RunConfig& config, int afterMs)
{
    Recorder recorder;
    std::stop_source stop;
    RunResult result;
    std::chrono::steady_clock::time_point returned;
    std::thread runner([&] {
        result = runModel(config, recorder, stop.get_token());
        returned = std::chrono::steady_clock::now();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(afterMs));
    const auto requested = std::chrono::steady_clock::now();
    stop.request_stop();
    runner.join();
    const double ms = std::chrono::duration<double, std::milli>(returned - requested).count();
    return {std::move(result), Trace::fromSnapshot(recorder.snapshot()), std::max(0.0, ms)};
}

inline std::vector<LaneId> lanesOfKind(const Trace& trace, LaneKind kind)
{
    std::vector<LaneId> lanes;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        if (trace.lane(static_cast<LaneId>(i)).kind == kind)
            lanes.push_back(static_cast<LaneId>(i));
    }
    return lanes;
}

inline std::vector<Span> spansOf(const Trace& trace, LaneId lane)
{
    std::vector<Span> spans;
    for (std::size_t i = 0; i < trace.spanCount(lane); ++i)
        spans.push_back(trace.span(lane, i));
    return spans;
}

inline std::vector<State> statesOf(const Trace& trace, LaneId lane)
{
    std::vector<State> states;
    for (const Span& span : spansOf(trace, lane))
        states.push_back(span.state);
    return states;
}

// The lane's states with consecutive repeats folded: Running, Running(task 2) -> Running.
inline std::vector<State> stateSequence(const Trace& trace, LaneId lane)
{
    std::vector<State> states = statesOf(trace, lane);
    states.erase(std::unique(states.begin(), states.end()), states.end());
    return states;
}

inline bool endsWith(const Trace& trace, LaneId lane, State state, std::uint16_t detail)
{
    const std::size_t n = trace.spanCount(lane);
    if (n == 0)
        return false;
    const Span last = trace.span(lane, n - 1);
    return last.state == state && last.detail == detail;
}

inline bool endsTerminal(const Trace& trace, LaneId lane)
{
    const std::size_t n = trace.spanCount(lane);
    return n > 0 && isTerminal(trace.span(lane, n - 1).state);
}

// The largest number of the given lanes that are in `state` at the same instant. Spans that
// only touch (one ends where the other starts) do not overlap.
inline int maxConcurrent(const Trace& trace, const std::vector<LaneId>& lanes, State state)
{
    std::vector<std::pair<TimeNs, int>> edges;
    for (LaneId lane : lanes) {
        for (const Span& span : spansOf(trace, lane)) {
            if (span.state == state && span.end > span.start) {
                edges.emplace_back(span.start, +1);
                edges.emplace_back(span.end, -1);
            }
        }
    }
    // Ends before starts at the same instant.
    std::sort(edges.begin(), edges.end());
    int current = 0;
    int most = 0;
    for (const auto& [time, delta] : edges) {
        current += delta;
        most = std::max(most, current);
    }
    return most;
}

// Number of WaitingGil -> Running transitions on the lanes: the GIL changing hands to them.
inline int gilAcquisitionsAfterWaiting(const Trace& trace, const std::vector<LaneId>& lanes)
{
    int count = 0;
    for (LaneId lane : lanes) {
        const std::vector<State> states = statesOf(trace, lane);
        for (std::size_t i = 1; i < states.size(); ++i) {
            if (states[i - 1] == State::WaitingGil && states[i] == State::Running)
                ++count;
        }
    }
    return count;
}

inline TimeNs timeIn(const Trace& trace, LaneId lane, State state)
{
    return totalFor(trace.stateTotals(lane), state);
}

} // namespace interleave::trace_checks
