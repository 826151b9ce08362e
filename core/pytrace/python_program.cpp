#include "pytrace/python_program.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace interleave::pytrace {

namespace {

// The shortest text that reads back as the value, '.' whatever the locale: 100, 2.5, 0.005.
std::string number(double value)
{
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

std::string modelSentence(const RunConfig& c)
{
    switch (c.model) {
    case Model::Sequential:
        return "one thread runs the tasks one after another";
    case Model::Threads:
        return "one threading.Thread per task, all started, then all joined";
    case Model::ThreadPool:
        return "a ThreadPoolExecutor of " + std::to_string(effectiveThreadWorkers(c))
            + " threads takes the tasks from its queue";
    case Model::Processes:
        return "one multiprocessing.Process per task, all started, then all joined";
    case Model::ProcessPool:
        return "a multiprocessing Pool of " + std::to_string(effectiveProcessWorkers(c))
            + " processes; starmap() hands the tasks out in chunks";
    case Model::Asyncio:
        return "one thread runs an event loop; asyncio.gather awaits one task per coroutine";
    }
    return {};
}

std::string workloadSentence(const RunConfig& c)
{
    switch (c.workload) {
    case WorkloadKind::Cpu:
        return "each computes for about " + number(c.workMs) + " ms (alone)";
    case WorkloadKind::Io:
        return "each waits " + number(c.latencyMs) + " ms, as for the network";
    case WorkloadKind::Mixed:
        return "each computes about " + number(c.workMs) + " ms and waits " + number(c.latencyMs) + " ms in all, in "
            + std::to_string(c.mixedRounds) + " rounds";
    }
    return {};
}

// The body of task(): what one task does, indented for a function (or a coroutine).
std::string taskBody(const RunConfig& c, bool coroutine)
{
    const std::string sleep = coroutine ? "await asyncio.sleep" : "time.sleep";
    switch (c.workload) {
    case WorkloadKind::Cpu:
        return std::string(coroutine ? "    # Computing inside a coroutine holds up the whole event loop.\n" : "")
            + "    spin(round(WORK_MS * per_ms))\n";
    case WorkloadKind::Io:
        return std::string(coroutine ? "    # Awaiting the sleep lets the loop run the other tasks meanwhile.\n"
                                     : "    # Sleeping releases the GIL, as waiting for a socket or a file does.\n")
            + "    " + sleep + "(LATENCY_MS / 1000)\n";
    case WorkloadKind::Mixed:
        return "    for _ in range(ROUNDS):\n"
               "        spin(round(WORK_MS / ROUNDS * per_ms))\n"
               "        "
            + sleep + "(LATENCY_MS / ROUNDS / 1000)\n";
    }
    return {};
}

std::string mainBody(const RunConfig& c, const std::string& args)
{
    const std::string argTuple = c.workload == WorkloadKind::Io ? "(i,)" : "(i, per_ms)";
    const std::string startMethod = c.processStart == ProcessStart::Python
        ? "    # spawn: each process starts a fresh interpreter, imports this file, then runs its task.\n"
          "    context = multiprocessing.get_context(\"spawn\")\n"
        : "    # fork: each process is a copy of this one, with no interpreter start-up.\n"
          "    context = multiprocessing.get_context(\"fork\")\n";
    switch (c.model) {
    case Model::Sequential:
        return "    for i in range(TASKS):\n"
               "        task("
            + args + ")\n";
    case Model::Threads:
        return "    threads = [\n"
               "        threading.Thread(target=task, args="
            + argTuple
            + ", name=f\"Thread-{i + 1}\")\n"
              "        for i in range(TASKS)\n"
              "    ]\n"
              "    for thread in threads:\n"
              "        thread.start()\n"
              "    for thread in threads:\n"
              "        thread.join()\n";
    case Model::ThreadPool:
        return "    with ThreadPoolExecutor(max_workers=WORKERS) as pool:\n"
            + std::string(c.workload == WorkloadKind::Io ? "        list(pool.map(task, range(TASKS)))\n"
                                                         : "        list(pool.map(task, range(TASKS), [per_ms] * TASKS))\n");
    case Model::Processes:
        return startMethod
            + "    processes = [\n"
              "        context.Process(target=task, args="
            + argTuple
            + ", name=f\"Process-{i + 1}\")\n"
              "        for i in range(TASKS)\n"
              "    ]\n"
              "    for process in processes:\n"
              "        process.start()\n"
              "    for process in processes:\n"
              "        process.join()\n";
    case Model::ProcessPool:
        // close() and join() rather than a with-block, whose exit terminates the workers: a
        // worker still starting when the last chunk is done then ends as it would have.
        return startMethod + "    pool = context.Pool(WORKERS)\n"
            + std::string(c.workload == WorkloadKind::Io ? "    pool.map(task, range(TASKS))\n"
                                                         : "    pool.starmap(task, [(i, per_ms) for i in range(TASKS)])\n")
            + "    pool.close()\n"
              "    pool.join()\n";
    case Model::Asyncio:
        return "    tasks = [asyncio.create_task(task(" + args
            + "), name=f\"task-{i + 1}\") for i in range(TASKS)]\n"
              "    await asyncio.gather(*tasks)\n";
    }
    return {};
}

constexpr const char* kSpinAndCalibrate = R"(

def spin(iterations):
    """Pure-Python arithmetic: the thread holds the GIL all along."""
    x = 1
    for _ in range(iterations):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return x


def calibrate():
    """How many spin() iterations take a millisecond of this thread's CPU time, measured once."""
    n = 1000
    while True:
        start = time.thread_time()
        spin(n)
        elapsed_ms = (time.thread_time() - start) * 1000
        if elapsed_ms >= 20:
            return n / elapsed_ms
        n *= 2
)";

} // namespace

PythonProgram pythonProgramFor(const RunConfig& c)
{
    PythonProgram program;
    program.fileName = std::string(modelName(c.model)) + "_" + std::string(workloadName(c.workload)) + ".py";
    if (auto problem = validate(c)) {
        program.refusal = *problem + ".";
        return program;
    }
    if (!c.gil) {
        program.refusal = "GIL off is the free-threaded build, another interpreter rather than another program: "
                          "there is no Python to write that turns the GIL off in this one.";
        return program;
    }

    const bool computes = c.workload != WorkloadKind::Io;
    const bool async = c.model == Model::Asyncio;
    const std::string args = computes ? "i, per_ms" : "i";
    std::string s;
    s += "\"\"\"" + std::string(modelName(c.model)) + " x " + std::string(workloadName(c.workload)) + ": "
        + std::to_string(c.tasks) + (c.tasks == 1 ? " task; " : " tasks; ") + workloadSentence(c) + ".\n\n";
    s += "What Interleave's " + std::string(modelName(c.model)) + " model emulates, as a real program:\n"
        + modelSentence(c) + ".\nIt prints how long its tasks took.\n\"\"\"\n";

    // Imports, in the order a reader meets them.
    if (async)
        s += "import asyncio\n";
    if (usesProcesses(c.model))
        s += "import multiprocessing\n";
    s += "import sys\n";
    if (c.model == Model::Threads)
        s += "import threading\n";
    s += "import time\n";
    if (c.model == Model::ThreadPool)
        s += "from concurrent.futures import ThreadPoolExecutor\n";
    s += "\ntry:  # traced by Interleave: mark() puts a note on the program's timeline\n"
         "    from interleave_bootstrap import mark\n"
         "except ImportError:\n"
         "    def mark(text):\n"
         "        pass\n";

    s += "\nTASKS = " + std::to_string(c.tasks) + "\n";
    if (c.model == Model::ThreadPool)
        s += "WORKERS = " + std::to_string(effectiveThreadWorkers(c)) + "\n";
    if (c.model == Model::ProcessPool)
        s += "WORKERS = " + std::to_string(effectiveProcessWorkers(c)) + "\n";
    if (computes)
        s += "WORK_MS = " + number(c.workMs) + "  # each task's computing, when it runs alone\n";
    if (c.workload == WorkloadKind::Io)
        s += "LATENCY_MS = " + number(c.latencyMs) + "  # each task's wait\n";
    if (c.workload == WorkloadKind::Mixed) {
        s += "LATENCY_MS = " + number(c.latencyMs) + "  # each task's wait, in all\n";
        s += "ROUNDS = " + std::to_string(c.mixedRounds) + "  # compute, then wait, this many times\n";
    }
    s += "\n# How long a thread may hold the GIL while another wants it (CPython's default: 5 ms).\n";
    s += "sys.setswitchinterval(" + number(c.switchIntervalMs / 1000.0) + ")\n";
    if (computes)
        s += kSpinAndCalibrate;

    s += "\n\n" + std::string(async ? "async def" : "def") + " task(" + args + "):\n";
    s += taskBody(c, async);
    s += "\n\n" + std::string(async ? "async def" : "def") + " main(" + (computes ? "per_ms" : "") + "):\n";
    s += mainBody(c, args);

    s += "\n\nif __name__ == \"__main__\":\n";
    if (computes)
        s += "    per_ms = calibrate()  # before the clock starts: not part of the wall time\n";
    s += "    mark(\"" + std::string(kWorkStartsMark) + "\")  # where the emulated run is lined up beside this one\n";
    s += "    start = time.perf_counter()\n";
    const std::string mainCall = std::string("main(") + (computes ? "per_ms" : "") + ")";
    s += async ? "    asyncio.run(" + mainCall + ")\n" : "    " + mainCall + "\n";
    s += "    print(f\"wall time: {(time.perf_counter() - start) * 1000:.1f} ms\")\n";
    program.source = std::move(s);
    return program;
}

std::optional<double> programWallMs(std::string_view output)
{
    constexpr std::string_view kPrefix = "wall time: ";
    std::optional<double> found;
    std::size_t at = 0;
    while (at < output.size()) {
        std::size_t end = output.find('\n', at);
        if (end == std::string_view::npos)
            end = output.size();
        const std::string_view line = output.substr(at, end - at);
        if (line.starts_with(kPrefix) && line.ends_with(" ms")) {
            const std::string_view figure = line.substr(kPrefix.size(), line.size() - kPrefix.size() - 3);
            double value = 0;
            const auto r = std::from_chars(figure.data(), figure.data() + figure.size(), value);
            if (r.ec == std::errc() && r.ptr == figure.data() + figure.size() && std::isfinite(value) && value >= 0)
                found = value;
        }
        at = end + 1;
    }
    return found;
}

} // namespace interleave::pytrace
