#pragma once

#include "engine/run_config.h"

#include <optional>
#include <string>
#include <string_view>

namespace interleave::pytrace {

// The Python program that does what the engine emulates for a configuration: the same tasks,
// under the same model, with the same workload, written the way a learner would write it
// (threading.Thread per task, ThreadPoolExecutor, multiprocessing.Process, Pool, asyncio).
//
// CPU work is a pure-Python arithmetic loop. The program calibrates it once at its start, in
// its main process (the iterations per millisecond of its own thread CPU time, as the engine
// calibrates its C++ kernel), and hands the count to every task, so a task does the same
// amount of work whether it runs alone or contended, in a thread or in a child process.
// I/O is time.sleep (asyncio.sleep in a coroutine); mixed alternates compute and sleep for
// the configured rounds, as the engine does. The program sets sys.setswitchinterval to the
// configuration's switch interval and, at its end, prints one line with the wall time of its
// tasks (programWallMs reads it back): time.perf_counter() from just before the first task is
// started to just after the last has ended, so the interpreter's own start-up and the
// calibration are not in it, and starting threads, processes and pools is. Just before that
// clock starts, the program marks the moment (kWorkStartsMark) on its timeline when traced.
//
// Processes start with multiprocessing's "spawn" method when the configuration emulates an
// interpreter start-up (ProcessStart::Python), with "fork" otherwise (ProcessStart::Native).
// The note a generated program puts on its traced timeline where its measured work starts.
inline constexpr std::string_view kWorkStartsMark = "work starts";

struct PythonProgram {
    std::string source;             // empty when refused
    std::optional<std::string> refusal; // one sentence: why there is no honest equivalent
    std::string fileName;           // e.g. "threads_cpu.py"
};

PythonProgram pythonProgramFor(const RunConfig& config);

// The wall time the program printed ("wall time: 123.4 ms", its last such line), in ms.
std::optional<double> programWallMs(std::string_view output);

} // namespace interleave::pytrace
