#include "teach/glossary.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace interleave {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::vector<GlossaryEntry> makeGlossary()
{
    std::vector<GlossaryEntry> entries {
        {"Amdahl's law",
            "The speedup of a program is limited by its part that cannot run in parallel. If a fraction s of "
            "the work is serial, N workers give at most 1 / (s + (1 - s) / N), and never more than 1 / s "
            "however many cores there are.",
            {"speedup", "parallelism"}},
        {"asyncio",
            "Python's library for cooperative concurrency: coroutines (async def) run on one thread's event "
            "loop and hand control back at every await. asyncio.run starts the loop; asyncio.gather runs "
            "many coroutines together.",
            {"coroutine", "event loop", "await"}},
        {"await",
            "Inside a coroutine, waits for another awaitable (a sleep, a network read, another coroutine). "
            "While it waits the coroutine is parked and the event loop runs others.",
            {"coroutine", "event loop"}},
        {"blocking call",
            "A call that does not return until something outside the program happens: a network reply, a "
            "disk read, time.sleep. A thread in a blocking call releases the GIL; a coroutine that makes "
            "one blocks its whole event loop.",
            {"I/O-bound", "event loop"}},
        {"concurrency",
            "Dealing with several tasks in overlapping periods of time: starting one before another has "
            "finished, switching between them while they wait. It does not need several cores.",
            {"parallelism", "thread", "coroutine"}},
        {"condition variable",
            "A lock together with a way to wait until another thread says something has changed "
            "(threading.Condition: wait, notify, notify_all). Used to wait for a state, e.g. \"the queue "
            "is not empty\".",
            {"lock", "event"}},
        {"context switch",
            "Taking one thread or process off a core and putting another on: registers saved and "
            "restored, caches cooled. Cheap for the eye, not free for the machine.",
            {"thread", "process"}},
        {"convoy effect",
            "An I/O-bound thread that wakes up must take the GIL back from a CPU-bound thread, and may wait "
            "up to a whole switch interval for it. Each of its many short waits gets longer, so I/O "
            "slows down whenever CPU-bound threads run beside it.",
            {"GIL", "switch interval"}},
        {"coroutine",
            "A function that can pause and resume (async def in Python). Calling it makes a coroutine "
            "object; the event loop runs it until its next await.",
            {"asyncio", "await", "event loop"}},
        {"CPU-bound",
            "A task whose time goes into computing. It gets faster only with a faster core or more cores "
            "working at once; in CPython that means processes.",
            {"I/O-bound", "process pool", "GIL"}},
        {"critical section",
            "A stretch of code that touches shared data and must not be run by two threads at once, e.g. "
            "the read, add and write of counter += 1. A lock around it makes it one indivisible step.",
            {"lock", "race condition"}},
        {"deadlock",
            "Threads each holding a lock and waiting for a lock another holds, in a cycle: none can go "
            "on, ever. Taking locks always in the same order prevents it.",
            {"lock", "wait-for graph"}},
        {"eval breaker",
            "The flag CPython's interpreter checks to learn that it should do something else, such as hand "
            "the GIL to a waiting thread. Since CPython 3.10 it is checked only at calls and backward jumps "
            "(the end of a loop's body), so a thread can be switched out only there.",
            {"GIL", "switch interval", "race condition"}},
        {"event",
            "A flag threads can wait on (threading.Event: set, clear, wait): one thread signals, the "
            "waiting ones go on.",
            {"condition variable"}},
        {"event loop",
            "The loop at the heart of asyncio: it runs one ready coroutine until its next await, then the "
            "next, and wakes parked coroutines when what they wait for has happened.",
            {"asyncio", "coroutine"}},
        {"free-threaded Python",
            "A CPython build without the GIL (PEP 703, optional since Python 3.13): threads can run Python "
            "code on several cores at once.",
            {"GIL"}},
        {"GIL",
            "The global interpreter lock of CPython: only the thread holding it runs Python code. Threads "
            "take turns every switch interval (5 ms by default), handing it over at an eval-breaker check, "
            "and release it while they wait for I/O. Each process has its own.",
            {"switch interval", "eval breaker", "convoy effect", "free-threaded Python"}},
        {"I/O-bound",
            "A task whose time goes into waiting for something outside the program (network, disk, a "
            "user). Waits can overlap, so threads or asyncio speed it up even on one core.",
            {"CPU-bound", "blocking call"}},
        {"lock",
            "An object only one thread can hold at a time (threading.Lock; `with lock:` takes and releases "
            "it). Others that ask wait until it is free. Guards critical sections.",
            {"critical section", "RLock", "deadlock"}},
        {"parallelism",
            "Tasks running at the same instant on different cores. A kind of concurrency that needs "
            "several cores, and in CPython several processes (or a build without the GIL).",
            {"concurrency", "process"}},
        {"pool",
            "A fixed set of workers (threads or processes) that take tasks from a queue: "
            "ThreadPoolExecutor, multiprocessing.Pool, ProcessPoolExecutor. Tasks wait in the queue until a "
            "worker is free, so the number of workers stays bounded.",
            {"thread pool", "process pool"}},
        {"process",
            "A running program with its own memory and, in Python, its own interpreter and GIL. Processes "
            "share nothing unless asked to; starting one costs tens of milliseconds.",
            {"thread", "process pool"}},
        {"process pool",
            "A pool of worker processes (multiprocessing.Pool, ProcessPoolExecutor): CPU-bound tasks run on "
            "several cores; arguments and results are pickled between processes.",
            {"pool", "process"}},
        {"queue",
            "A thread-safe first-in first-out channel (queue.Queue): producers put, consumers get. A bounded "
            "queue makes producers wait when it is full and consumers when it is empty.",
            {"condition variable"}},
        {"race condition",
            "A result that depends on how threads happen to interleave. Two threads doing counter += 1 can "
            "both read the same value and both write value + 1: one update is lost. With CPython 3.10+'s "
            "GIL that needs a call between the read and the write (counter = counter + one()); without a "
            "GIL, or before 3.10, counter += 1 alone loses updates.",
            {"critical section", "lock", "eval breaker"}},
        {"RLock",
            "A re-entrant lock (threading.RLock): the thread that holds it may take it again, and must "
            "release it as many times. A plain Lock taken twice by the same thread deadlocks.",
            {"lock", "deadlock"}},
        {"semaphore",
            "A counter of permits (threading.Semaphore(k)): at most k threads are inside at once; the next "
            "one waits for a release. Used to limit e.g. simultaneous downloads.",
            {"lock"}},
        {"speedup",
            "How many times faster a run is than the sequential one: sequential time / concurrent time. "
            "Ideal with N workers is N; the GIL, start-up costs and serial parts keep it lower.",
            {"Amdahl's law"}},
        {"switch interval",
            "How long a thread may keep the GIL while another waits for it before it is asked to let go: "
            "sys.getswitchinterval(), 0.005 s by default.",
            {"GIL", "convoy effect"}},
        {"thread",
            "A path of execution inside a process. Threads of one process share its memory (and, in "
            "CPython, its GIL); starting one is cheap.",
            {"process", "GIL", "thread pool"}},
        {"thread pool",
            "A pool of worker threads (concurrent.futures.ThreadPoolExecutor, max_workers defaulting to "
            "min(32, cores + 4)): good for many I/O-bound tasks.",
            {"pool", "thread"}},
        {"wait-for graph",
            "A drawing of who waits for whom: an arrow from each waiting thread to the thread holding the "
            "lock it wants. A cycle in it is a deadlock.",
            {"deadlock"}},
    };
    std::sort(entries.begin(), entries.end(),
        [](const GlossaryEntry& a, const GlossaryEntry& b) { return lower(a.term) < lower(b.term); });
    return entries;
}

} // namespace

const std::vector<GlossaryEntry>& glossary()
{
    static const std::vector<GlossaryEntry> entries = makeGlossary();
    return entries;
}

std::vector<const GlossaryEntry*> searchGlossary(std::string_view query)
{
    const std::string q = lower(query);
    std::vector<const GlossaryEntry*> starts;
    std::vector<const GlossaryEntry*> contains;
    std::vector<const GlossaryEntry*> inDefinition;
    for (const GlossaryEntry& entry : glossary()) {
        const std::string term = lower(entry.term);
        if (term.rfind(q, 0) == 0)
            starts.push_back(&entry);
        else if (term.find(q) != std::string::npos)
            contains.push_back(&entry);
        else if (lower(entry.definition).find(q) != std::string::npos)
            inDefinition.push_back(&entry);
    }
    starts.insert(starts.end(), contains.begin(), contains.end());
    starts.insert(starts.end(), inDefinition.begin(), inDefinition.end());
    return starts;
}

const GlossaryEntry* findGlossaryEntry(std::string_view term)
{
    const std::string wanted = lower(term);
    for (const GlossaryEntry& entry : glossary()) {
        if (lower(entry.term) == wanted)
            return &entry;
    }
    return nullptr;
}

} // namespace interleave
