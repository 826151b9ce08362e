#pragma once

#include "pytrace/python_trace_builder.h"
#include "trace/trace.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

namespace interleave::pytrace {

struct PythonTraceOptions {
    std::string python = "python3"; // a path, or a name looked up on PATH
    std::string script;
    std::vector<std::string> args;
    std::string bootstrapDir; // holds sitecustomize.py and interleave_bootstrap/
    int sampleHz = 1000;
    std::chrono::milliseconds timeout{0}; // 0: none
    bool passStdin = false; // otherwise the program reads /dev/null
};

struct PythonTraceResult {
    enum class Outcome { Finished, TimedOut, Stopped, PythonMissing, CouldNotStart };
    Outcome outcome = Outcome::Finished;
    std::string problem; // one sentence when the program could not be traced
    ChildStatus status;  // the script's own exit (Finished)
    Trace trace;
    SamplerResult sampler; // its counters; the observations are in the trace
    std::vector<std::string> notices; // one line each: what is not shown, and why
    TimeNs wallNs = 0;
    std::uint64_t eventCount = 0;
    std::uint64_t droppedEvents = 0;
    // GIL hand-overs, CPython's own count (switch_number) summed over the processes whose
    // GIL was read: from the first to the last sweep that read it.
    std::uint64_t gilSwitches = 0;
    // Per process whose GIL was read: (time, switch_number) each time a sweep saw it change.
    std::map<std::int32_t, std::vector<std::pair<TimeNs, std::uint64_t>>> gilSwitchNumbers;
    bool gilRead = false;
};

// Finds an executable the way a shell would: a name with a slash as it is, else on PATH.
// Empty when there is none.
std::string findExecutable(const std::string& name);

// The directory holding the bootstrap: $INTERLEAVE_PYTHON_DIR, else share/interleave/python
// beside the program's prefix (exeDir/../share/...), else the source tree's resources/python
// (a build tree). Empty when none holds it.
std::string findBootstrapDir(const std::string& exeDir);

// Runs a Python script under the bootstrap with the sampler beside it, and builds its Trace.
// The script shares the caller's stdout and stderr; it runs in a process group of its own,
// which a stop request or the timeout ends (SIGTERM, then SIGKILL after 200 ms), as it ends
// any process of the group left once the script has exited. Every child this starts is
// reaped. Blocks until the script has ended; `stop` may come from any thread.
PythonTraceResult tracePython(const PythonTraceOptions& options, std::stop_token stop);

} // namespace interleave::pytrace
