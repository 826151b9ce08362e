#include "teach/advisor.h"

namespace interleave {

namespace {

const char* kLockNote
    = "Shared state: protect every read-modify-write of shared data with a threading.Lock "
      "(`with lock:` around it). `counter += 1` is a load, an add and a store, and a switch "
      "between them loses updates.";
const char* kAsyncioSharedNote
    = "Shared state: coroutines switch only at an await, so an update with no await "
      "inside it needs no lock. If the critical section awaits, guard it with an "
      "asyncio.Lock (`async with lock:`).";
const char* kProcessSharedNote = "Shared state: processes do not share memory. Give each task its input and "
                                 "let Pool.map collect the results; if they really must share, use "
                                 "multiprocessing.Value or a Manager, with a multiprocessing.Lock.";
const char* kIoCoresNote = "More cores do not make waiting faster: I/O-bound tasks spend their time blocked, "
                           "using no core at all.";
const char* kProcessStartNote
    = "Each worker process starts its own interpreter (tens of milliseconds) and "
      "arguments and results are pickled between processes: worth it for tasks that "
      "compute for a while, not for tiny ones.";

RunConfig demoRun(
    Model model, WorkloadKind workload, int tasks, double workMs, double latencyMs, int rounds = 2)
{
    RunConfig c;
    c.model = model;
    c.workload = workload;
    c.tasks = tasks;
    c.workMs = workMs;
    c.latencyMs = latencyMs;
    c.mixedRounds = rounds;
    return c;
}

std::string pythonFor(Model model, WorkBound work)
{
    const char* fn = work == WorkBound::Cpu ? "compute" : (work == WorkBound::Io ? "download" : "handle");
    const std::string f(fn);
    switch (model) {
    case Model::Sequential:
        return "results = [" + f + "(item) for item in items]";
    case Model::Threads:
        return "threads = [threading.Thread(target=" + f
            + ", args=(item,))\n           for item in items]\n"
              "for thread in threads:\n    thread.start()\nfor thread in threads:\n    thread.join()";
    case Model::ThreadPool:
        return "with ThreadPoolExecutor(max_workers=8) as executor:\n    results = list(executor.map(" + f
            + ", items))";
    case Model::Processes:
        return "processes = [multiprocessing.Process(target=" + f
            + ", args=(item,))\n             for item in items]\n"
              "for process in processes:\n    process.start()\nfor process in processes:\n    process.join()";
    case Model::ProcessPool:
        return "with multiprocessing.Pool() as pool:\n    results = pool.map(" + f + ", items)";
    case Model::Asyncio:
        return "async def main():\n    return await asyncio.gather(*(" + f
            + "(item) for item in items))\n\nresults = asyncio.run(main())";
    }
    return {};
}

} // namespace

Advice advise(const AdvisorAnswers& a)
{
    Advice advice;
    RunConfig run;
    switch (a.work) {
    case WorkBound::Cpu:
        if (!a.needSeveralCores) {
            advice.model = Model::Sequential;
            advice.alternatives = {Model::ProcessPool};
            advice.headline = "Keep it sequential";
            advice.reason = "CPU-bound work is never waiting, so there is nothing to overlap. Threads take "
                            "turns on the GIL and come out no faster; only more cores help, and you need "
                            "no more than one. The simplest program is the right one.";
            run = demoRun(Model::Sequential, WorkloadKind::Cpu, 4, 150, 0);
        } else {
            advice.model = Model::ProcessPool;
            advice.alternatives = {Model::Processes};
            advice.headline = "Use a process pool";
            advice.reason = "CPU-bound work needs cores, and in CPython only separate processes run Python "
                            "code on several cores at once: each process has its own interpreter and its "
                            "own GIL. A pool starts one worker per core and hands each the next task.";
            advice.notes.push_back(kProcessStartNote);
            if (a.tasks == TaskCount::Thousands)
                advice.notes.push_back("Thousands of small tasks: pass a chunksize to Pool.map so each "
                                       "hand-over carries many tasks.");
            run = demoRun(Model::ProcessPool, WorkloadKind::Cpu, 8, 150, 0);
        }
        if (a.sharedState)
            advice.notes.push_back(advice.model == Model::Sequential ? kLockNote : kProcessSharedNote);
        break;

    case WorkBound::Io:
        switch (a.tasks) {
        case TaskCount::Few:
            advice.model = Model::Threads;
            advice.alternatives = {Model::ThreadPool, Model::Asyncio};
            advice.headline = "Use threads (or a small thread pool)";
            advice.reason = "The tasks spend their time waiting, and a waiting thread releases the GIL, so "
                            "the waits overlap: a handful of threads finish in about the time of the "
                            "slowest task. With few tasks, one thread each is simple and cheap.";
            run = demoRun(Model::Threads, WorkloadKind::Io, 8, 0, 200);
            break;
        case TaskCount::Hundreds:
            advice.model = Model::ThreadPool;
            advice.alternatives = {Model::Asyncio, Model::Threads};
            advice.headline = "Use a thread pool (ThreadPoolExecutor)";
            advice.reason = "Waits overlap in threads because blocking I/O releases the GIL. With hundreds "
                            "of tasks, a pool of a few dozen threads keeps the number of threads (and open "
                            "connections) bounded while the rest queue up.";
            run = demoRun(Model::ThreadPool, WorkloadKind::Io, 100, 0, 50);
            break;
        case TaskCount::Thousands:
            advice.model = Model::Asyncio;
            advice.alternatives = {Model::ThreadPool};
            advice.headline = "Use asyncio";
            advice.reason = "Thousands of network waits fit in one thread: each coroutine parks at its await "
                            "and costs a few kilobytes, where a thread costs a stack and a switch by the "
                            "operating system. One event loop keeps them all in flight.";
            advice.notes.push_back("Every library call in a coroutine must be async (aiohttp, not requests): "
                                   "one blocking call stops the whole loop.");
            run = demoRun(Model::Asyncio, WorkloadKind::Io, 1000, 0, 500);
            break;
        }
        if (a.needSeveralCores)
            advice.notes.push_back(kIoCoresNote);
        if (a.sharedState)
            advice.notes.push_back(advice.model == Model::Asyncio ? kAsyncioSharedNote : kLockNote);
        break;

    case WorkBound::Mixed:
        if (a.needSeveralCores) {
            advice.model = Model::ProcessPool;
            advice.alternatives = {Model::Asyncio, Model::ThreadPool};
            advice.headline = "Use a process pool";
            advice.reason = "The computing part needs several cores, which in CPython means processes. Each "
                            "worker process also waits for its own I/O, so the waits still overlap across "
                            "the pool.";
            advice.notes.push_back(kProcessStartNote);
            if (a.sharedState)
                advice.notes.push_back(kProcessSharedNote);
            run = demoRun(Model::ProcessPool, WorkloadKind::Mixed, 8, 100, 100);
        } else if (a.tasks == TaskCount::Thousands) {
            advice.model = Model::Asyncio;
            advice.alternatives = {Model::ThreadPool};
            advice.headline = "Use asyncio, and keep computation out of the loop";
            advice.reason = "So many waits are cheapest as coroutines in one event loop. The computing parts "
                            "run one at a time on that same thread, so keep them short, or hand them to a "
                            "pool with loop.run_in_executor.";
            advice.notes.push_back("CPU work inside a coroutine blocks every other coroutine until it ends.");
            if (a.sharedState)
                advice.notes.push_back(kAsyncioSharedNote);
            run = demoRun(Model::Asyncio, WorkloadKind::Mixed, 500, 1, 200);
        } else {
            advice.model = Model::ThreadPool;
            advice.alternatives = {Model::Threads, Model::Asyncio};
            advice.headline = "Use a thread pool (ThreadPoolExecutor)";
            advice.reason = "The waits overlap, because blocking I/O releases the GIL; the computing parts "
                            "take turns on the GIL. When the waiting dominates, threads win most of the time "
                            "there is to win.";
            if (a.sharedState)
                advice.notes.push_back(kLockNote);
            run = demoRun(Model::ThreadPool, WorkloadKind::Mixed, 16, 20, 100);
        }
        break;
    }

    advice.python = pythonFor(advice.model, a.work);
    advice.demonstration.title = "Advisor: " + advice.headline;
    advice.demonstration.description = advice.reason;
    advice.demonstration.run = run;
    if (a.sharedState && advice.model != Model::Asyncio && !usesProcesses(advice.model))
        advice.demonstration.lab = LabDemo {"lock", {{"threads", 4.0}}};
    return advice;
}

} // namespace interleave
