#pragma once

#include "engine/child_process.h"
#include "pytrace/event_file.h"
#include "pytrace/thread_sampler.h"
#include "trace/trace.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace interleave::pytrace {

// Everything one traced process wrote: its header, its records (any order) and the strings
// they refer to, by heap offset.
struct ProcessEvents {
    ProcessHeader header;
    std::vector<EventRecord> records;
    std::map<std::int64_t, std::string> strings;
};

// How the program launched by the tracer ended.
enum class RootEnd { Running, Exited, Signalled, TimedOut, Stopped };

struct PythonRun {
    std::vector<ProcessEvents> processes;
    SamplerResult samples;
    std::int32_t rootPid = 0;
    TimeNs launchedAt = 0;
    TimeNs endedAt = 0; // when the root was reaped (or now, for a run still going)
    // When a stop or the time limit ended the program (0: it ended by itself). What its
    // processes did after that is their dying, not the program: lanes end here.
    TimeNs stoppedAt = 0;
    RootEnd rootEnd = RootEnd::Running;
    ChildStatus rootStatus;
    std::string scriptName; // "race.py"
    std::string pythonVersion; // "3.11.2"
};

// The text of a span's detail in a trace built here ("sleep", "lock made at race.py:12"),
// kept in the trace's metadata as "detail.N". Empty for detail 0.
std::string detailText(const Trace& trace, std::uint16_t detail);

// Turns a run's exact events and sampled thread states into a Trace: one Process lane per
// process (its main thread), a Thread lane per other thread (with its Python name), a
// Coroutine lane per asyncio task under the thread running its loop.
//
// Exact events decide where lanes start and end, sleeps, and asyncio task states; samples
// decide the rest: Running or Waiting for the GIL (from the GIL holder), blocked in which
// system call, waiting on which lock (a futex address mapped back to the lock's creation
// site). A stretch no sweep saw (the sampler fell behind) is Unknown. Pure: call it again on
// more data for a live view.
Trace buildPythonTrace(const PythonRun& run);

// Time the OS threads of a trace (its process and thread lanes; a coroutine or a pool task
// runs on one of them) spent in a state, summed: how long threads waited for the GIL, say.
TimeNs threadTimeIn(const Trace& trace, State state);

// How long a thread may go unsampled before the stretch counts as Unknown.
TimeNs samplingGapLimit(TimeNs period) noexcept;

// While a run goes on, a thread or process the sampler has just found may not have said who
// it is yet (its ThreadStart waits for the GIL; a child's event file is read every few ms):
// for this long it is left out of a live snapshot rather than drawn under its system name
// ("python3") and renamed a moment later.
inline constexpr TimeNs kNamingGrace = 100'000'000;
// Whether something first seen at firstSeen is that new in a snapshot of a running program
// (never once the program has ended).
bool unnamedYet(const PythonRun& run, TimeNs firstSeen) noexcept;

} // namespace interleave::pytrace
