#pragma once

#include "engine/run_config.h"
#include "trace/trace.h"

#include <optional>
#include <string>

namespace interleave::pytrace {

// The engine's run of a configuration and a real CPython's run of the program written for it,
// in one trace on one time axis: a group lane for each ("Emulated", "CPython 3.11.2"), their
// own lanes below it. CPython's side starts at 0 with its interpreter's start-up (its process
// lane's leading Starting span) and the calibration of its loop; the emulated side starts
// where the program marked the start of its measured work (workStart), so both programs begin
// their tasks at the same place on the axis and the tasks can be compared bar by bar. Nothing is stretched: each side keeps its own durations. A pool task's worker
// (its detail) and the notes follow their lanes; the CPython side's wait descriptions are kept.
Trace sideBySideTrace(const Trace& emulated, const std::string& emulatedLabel, const Trace& cpython,
                      const std::string& cpythonLabel);

// How long CPython's interpreter took to start before the program ran: the leading Starting
// span of the trace's first process lane, in ns; 0 when the trace has none.
TimeNs interpreterStartUp(const Trace& cpython);

// Where the program's measured work starts, from the trace's start: its kWorkStartsMark note
// (pythonProgramFor writes it), or the interpreter's start-up when it has none.
std::optional<TimeNs> markedWorkStart(const Trace& cpython);
TimeNs workStart(const Trace& cpython);

// The ids of the two group lanes in a sideBySideTrace: the emulated side's is always 0.
struct SideBySideGroups {
    LaneId emulated = 0;
    LaneId cpython = kNoLane;
};
SideBySideGroups sideBySideGroups(const Trace& merged);

// What both runs measured, and what the summary says of them.
struct SideBySideFigures {
    RunConfig config;
    std::string pythonVersion;          // "3.11.2"
    double emulatedWallMs = 0;
    std::optional<double> emulatedSequentialMs; // the baseline; for sequential itself, its wall
    std::optional<double> cpythonWallMs;        // as the program printed it
    std::optional<double> cpythonSequentialMs;
    // CPython's timeline holds more than its wall time: the interpreter's start-up and the
    // loop's calibration before the first task, the exit after the last. The timeline's length
    // less the wall time, when known.
    std::optional<double> cpythonOutsideMs;
    // The part of that before the program ran (interpreterStartUp), where the emulated side
    // is drawn from; 0 when the CPython trace shows none.
    double cpythonStartUpMs = 0;
    // Where the program marked the start of its work (markedWorkStart), when it did: the
    // emulated side is drawn from there.
    std::optional<double> cpythonWorkStartMs;
};

// "Emulated: 412 ms, 3.9x faster than its sequential 1.61 s. CPython 3.11.2: 430 ms, ..."
// then, plainly, how far apart they are and what differs by construction (process start-up,
// the lead-in of the CPython timeline). Never says they agree when they do not.
std::string sideBySideSummary(const SideBySideFigures& figures);

} // namespace interleave::pytrace
