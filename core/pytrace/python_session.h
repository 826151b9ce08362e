#pragma once

#include "pytrace/output_log.h"
#include "pytrace/python_error.h"
#include "pytrace/python_trace_builder.h"
#include "trace/trace.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
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
    // The program's stdout and stderr go into the session's OutputLog (a window shows them)
    // rather than to the caller's own; tracePython then returns the stdout kept in the result.
    bool captureOutput = false;
    // Record each call and return of the program's own functions (those in the script's
    // folder), so a Running stretch names the function it was in. Costs the program time:
    // a hook on every Python call (see kCallsCostNote).
    bool calls = false;
};

// What recording calls costs, as measured by `interleave bench pytrace --calls` (two
// CPU-bound threads calling a small function of their own in a loop; CPU time, traced with
// calls over traced without): said wherever calls are switched on.
std::string callsCostNote(const std::string& pythonVersion);

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
    // Why the GIL row is missing, in one line ("No GIL row: free-threaded build: there is no
    // GIL."), from the program's first process; empty when its GIL was read.
    std::string gilNotice;
    bool calls = false; // calls were recorded (options.calls)
    // With captureOutput: the last error the program reported on stderr (a traceback, a
    // syntax error), when it did not succeed.
    std::optional<PythonError> error;
    // With captureOutput: what the program wrote on stdout, as much as the log kept
    // (OutputLog::kDefaultCap).
    std::string output;
};

// One sentence for how a traced run ended, as a window's status line says it: "Exited with
// status 0 after 1.23 s.", "Stopped after 2.50 s.", "Line 3 of race.py has a syntax error:
// SyntaxError: invalid syntax.", the problem when it could not start, ...
std::string describeOutcome(const PythonTraceResult& result, const std::string& scriptName);

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

// tracePython on a thread of its own, for a window: start(), then poll trace() and output()
// from a timer; requestStop() at any moment. A second thread rebuilds the trace from what
// has been recorded so far, as often as kSnapshotPeriod allows while a build takes at most a
// quarter of a core, and publishes it; nothing here waits on it. Every public method is
// thread-safe and none calls back: a reader never runs code on the session's threads.
class PythonSession {
public:
    static constexpr std::chrono::milliseconds kSnapshotPeriod{33};
    // At most this much output a read: a program that floods its stdout costs a window no
    // more than this per poll.
    static constexpr std::size_t kOutputReadLimit = 64 * 1024;

    explicit PythonSession(PythonTraceOptions options);
    ~PythonSession(); // stops and joins
    PythonSession(const PythonSession&) = delete;
    PythonSession& operator=(const PythonSession&) = delete;

    // Starts the run; std::logic_error when called twice.
    void start();
    void requestStop();
    // True once the program has ended, every child is reaped and result() is final.
    bool finished() const noexcept { return m_finished.load(std::memory_order_acquire); }

    // The latest trace, and a number that changes whenever it does. The final trace (the
    // result's) once finished().
    Trace trace() const;
    std::uint64_t traceGeneration() const;
    // Output written since position `from` (OutputLog::since), at most kOutputReadLimit.
    OutputLog::Read output(std::uint64_t from) const;
    // Valid once finished(); the trace in it is trace()'s.
    PythonTraceResult result() const;

    struct Live; // what the session's threads share with the readers

private:
    PythonTraceOptions m_options;
    std::shared_ptr<Live> m_live;
    std::atomic<bool> m_finished{false};
    std::jthread m_thread;
};

} // namespace interleave::pytrace
