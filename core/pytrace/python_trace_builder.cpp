// Long on purpose: buildPythonTrace is one pass in stages (the processes and their ends, then each
// one's lanes from its events and samples), each stage reading the maps the one before built.

#include "pytrace/python_trace_builder.h"

#include "pytrace/proc_reading.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string_view>

namespace interleave::pytrace {
namespace {

struct Segment {
    TimeNs t0 = 0;
    TimeNs t1 = 0;
    State state = State::Unknown;
    std::string detail;
};

struct LockInfo {
    TimeNs created = 0;
    LockKind kind = LockKind::Plain;
    std::string site;
};

// Locks by the address their waiters block on. Addresses are reused once a lock is freed, so
// each keeps every lock made there, in creation order.
using LockTable = std::map<std::uint64_t, std::vector<LockInfo>>;

const LockInfo* lockAt(const LockTable& locks, std::uint64_t address, TimeNs time)
{
    const auto it = locks.find(address);
    if (it == locks.end() || it->second.empty())
        return nullptr;
    const LockInfo* found = &it->second.front();
    for (const LockInfo& l : it->second) {
        if (l.created <= time)
            found = &l;
    }
    return found;
}

struct ThreadEntity {
    std::uint32_t serial = 0; // 0: seen by the sampler only
    std::int32_t tid = 0;
    std::string name;
    TimeNs start = 0;
    TimeNs end = 0;
    bool ended = false;  // a ThreadEnd event closed it
    bool failed = false;
    std::vector<std::pair<TimeNs, TimeNs>> sleeps;
    std::vector<Segment> waits; // recorded exactly (a 3.13 join): Blocked, with what for
    // With --calls: the stretches in which one of the program's own functions was the
    // innermost one running, named "compute (sum.py:4)"; state unused.
    std::vector<Segment> calls;
    std::vector<std::pair<std::int64_t, std::string>> callStack; // (code serial, name)
    TimeNs callSince = 0;
    std::vector<const SampledThread*> sampled;
    LaneId lane = kNoLane;
};

struct TaskEntity {
    std::uint32_t thread = 0;
    std::string name;
    std::string coro;
    std::vector<const EventRecord*> events;
};

class DetailTable {
public:
    std::uint16_t id(const std::string& text)
    {
        if (text.empty())
            return 0;
        const auto [it, added] = m_ids.try_emplace(text, static_cast<std::uint16_t>(m_ids.size() + 1));
        if (added && m_ids.size() >= std::numeric_limits<std::uint16_t>::max())
            return 0;
        return it->second;
    }
    void store(TraceBuilder& builder) const
    {
        for (const auto& [text, id] : m_ids)
            builder.setMetadata("detail." + std::to_string(id), text);
    }

private:
    std::map<std::string, std::uint16_t> m_ids;
};

std::string stringOf(const ProcessEvents& p, std::int64_t offset)
{
    const auto it = p.strings.find(offset);
    return it != p.strings.end() ? it->second : std::string();
}

std::string baseName(std::string_view path)
{
    const std::size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// What a sampled thread was doing, as a state and the word shown with it.
std::pair<State, std::string> classify(const ThreadObservation& o, const GilLocation* gil, const LockTable& locks)
{
    if (o.state == 'R' || o.running) {
        switch (o.gil) {
        case GilView::Holding:
        case GilView::Unknown:
            return {State::Running, {}};
        case GilView::FreeHeldLast:
            // It let the GIL go to run C code or enter a system call: running, without it.
            return {State::Running, "without the GIL"};
        case GilView::OtherHolds:
            return {State::WaitingGil, {}};
        case GilView::FreeOtherHeldLast:
            // Runnable while nobody holds the GIL and another thread had it last: woken to
            // take it, not yet holding it.
            return {State::WaitingGil, "taking the GIL"};
        }
    }
    if (o.state == 'T' || o.state == 't')
        return {State::Unknown, "stopped"};
    if (o.syscall == kSysFutex) {
        if (gil != nullptr && gil->contains(o.arg0))
            return {State::WaitingGil, {}};
        if (const LockInfo* lock = lockAt(locks, o.arg0, o.first)) {
            if (lock->kind == LockKind::Join)
                return {State::BlockedIo, lock->site};
            return {State::WaitingLock, lock->kind == LockKind::Waiter ? lock->site : "lock made at " + lock->site};
        }
        // Without FUTEX_PRIVATE_FLAG the word is shared between processes: a
        // multiprocessing lock, semaphore or queue.
        if ((o.arg1 & 128) == 0)
            return {State::WaitingLock, "a lock shared between processes"};
        return {State::WaitingLock, "futex"};
    }
    if (const char* activity = syscallActivity(o.syscall))
        return {State::BlockedIo, activity};
    if (o.syscall < 0)
        return {o.state == 'D' ? State::BlockedIo : State::Unknown, o.state == 'D' ? "disk" : ""};
    return {State::BlockedIo, "system call " + std::to_string(o.syscall)};
}

// Where the process's GIL was seen to change within (from, to]: the first change or the last,
// each placed half way between the read that saw the GIL as it had been and the one that saw
// it changed. Nullopt when no read saw it change there.
std::optional<TimeNs> gilChangeWithin(const std::vector<GilChange>* changes, TimeNs from, TimeNs to, bool first)
{
    if (changes == nullptr)
        return std::nullopt;
    auto it = std::upper_bound(changes->begin(), changes->end(), from,
                               [](TimeNs t, const GilChange& c) { return t < c.after; });
    std::optional<TimeNs> found;
    for (; it != changes->end() && it->after <= to; ++it) {
        found = std::clamp(it->before + (it->after - it->before) / 2, from, to);
        if (first)
            break;
    }
    return found;
}

// The sampled stretches of one thread within [start, end): each lasts until the next sweep
// that saw the thread differently; a stretch no sweep saw for longer than the gap limit is
// Unknown. Where the thread began or stopped running and its process's GIL changed hands in
// between, the boundary is that change, so the turns of two threads meet where the GIL passed
// from one to the other.
std::vector<Segment> sampledSegments(const ThreadEntity& t, TimeNs period, const GilLocation* gil,
                                     const std::vector<GilChange>* gilChanges, const LockTable& locks)
{
    const TimeNs gap = samplingGapLimit(period);
    std::vector<const ThreadObservation*> obs;
    for (const SampledThread* s : t.sampled) {
        for (const ThreadObservation& o : s->observations) {
            if (o.last >= t.start - gap && o.first < t.end)
                obs.push_back(&o);
        }
    }
    std::sort(obs.begin(), obs.end(), [](const auto* a, const auto* b) { return a->first < b->first; });

    std::vector<std::pair<State, std::string>> kinds;
    kinds.reserve(obs.size());
    for (const ThreadObservation* o : obs)
        kinds.push_back(classify(*o, gil, locks));

    std::vector<Segment> out;
    TimeNs cursor = t.start;
    for (std::size_t i = 0; i < obs.size(); ++i) {
        const ThreadObservation& o = *obs[i];
        auto [state, detail] = std::move(kinds[i]);
        TimeNs t0 = std::max(o.first, t.start);
        if (t0 - cursor > gap)
            out.push_back({cursor, t0, State::Unknown, {}});
        else if (out.empty() && t0 > cursor)
            out.push_back({cursor, t0, State::Starting, {}}); // started between two sweeps
        else
            t0 = cursor; // a short unseen stretch belongs to what was seen next
        // The change happened somewhere between the last sweep that saw this and the first
        // that saw the next: the boundary goes half way, so the picture does not lag the
        // program by half a sweep on average (or more, when sweeps come late).
        TimeNs t1 = t.end;
        if (i + 1 < obs.size()) {
            const TimeNs next = obs[i + 1]->first;
            t1 = next - o.last > gap ? o.last + period : o.last + (next - o.last) / 2;
            const bool wasRunning = state == State::Running;
            if (next - o.last <= gap && wasRunning != (kinds[i + 1].first == State::Running))
                t1 = gilChangeWithin(gilChanges, o.last, next, wasRunning).value_or(t1);
        } else if (t.end - o.last > gap) {
            t1 = o.last + period;
        }
        t1 = std::min(t1, t.end);
        if (t1 > t0)
            out.push_back({t0, t1, state, std::move(detail)});
        cursor = std::max(cursor, t1);
    }
    if (t.end - cursor > gap)
        out.push_back({cursor, t.end, State::Unknown, {}});
    else if (!out.empty())
        out.back().t1 = t.end;
    else if (t.end > cursor)
        out.push_back({cursor, t.end, State::Running, {}}); // too short to sample: ran
    return out;
}

// Exact stretches (sleeps) replace whatever the samples said there. Between two sleeps a
// thread that computes for less than a sweep period is seen asleep at both sweeps, and the
// sampled stretch runs across the gap; the exact events say it was awake there. So a piece
// of a sampled sleep left touching an exact one is the sampler's stale view: the thread ran.
std::vector<Segment> overlay(const std::vector<Segment>& base, std::vector<Segment> exact)
{
    if (exact.empty())
        return base;
    std::sort(exact.begin(), exact.end(), [](const Segment& a, const Segment& b) { return a.t0 < b.t0; });
    std::vector<Segment> out;
    std::size_t e = 0;
    for (const Segment& s : base) {
        TimeNs from = s.t0;
        while (from < s.t1) {
            while (e < exact.size() && exact[e].t1 <= from)
                ++e;
            if (e < exact.size() && exact[e].t0 <= from) {
                from = std::min(s.t1, exact[e].t1);
                continue;
            }
            const TimeNs to = e < exact.size() ? std::min(s.t1, exact[e].t0) : s.t1;
            const bool touchesExact = (e > 0 && exact[e - 1].t1 == from) || (e < exact.size() && exact[e].t0 == to);
            const bool staleSleep = touchesExact && s.state == State::BlockedIo && s.detail == "sleep";
            out.push_back({from, to, staleSleep ? State::Running : s.state, staleSleep ? std::string() : s.detail});
            from = to;
        }
    }
    out.insert(out.end(), exact.begin(), exact.end());
    std::sort(out.begin(), out.end(), [](const Segment& a, const Segment& b) { return a.t0 < b.t0; });
    return out;
}

// The thread's innermost own function changes at `at`: the stretch of the one before ends.
void callChanged(ThreadEntity& t, TimeNs at)
{
    if (!t.callStack.empty() && at > t.callSince)
        t.calls.push_back({t.callSince, at, State::Running, t.callStack.back().second});
    t.callSince = at;
}

// Running stretches (those with nothing else to say) name the function they were in, split
// where it changed; everything else stays as it was.
std::vector<Segment> withCalls(const std::vector<Segment>& segments, const std::vector<Segment>& calls)
{
    if (calls.empty())
        return segments;
    std::vector<Segment> out;
    std::size_t c = 0;
    for (const Segment& s : segments) {
        if (s.state != State::Running || !s.detail.empty()) {
            out.push_back(s);
            continue;
        }
        while (c > 0 && calls[c - 1].t1 > s.t0)
            --c; // segments may overlap a little after the overlay: look back
        TimeNs from = s.t0;
        while (from < s.t1) {
            while (c < calls.size() && calls[c].t1 <= from)
                ++c;
            if (c < calls.size() && calls[c].t0 <= from) {
                const TimeNs to = std::min(s.t1, calls[c].t1);
                out.push_back({from, to, State::Running, calls[c].detail});
                from = to;
                continue;
            }
            const TimeNs to = c < calls.size() ? std::min(s.t1, calls[c].t0) : s.t1;
            out.push_back({from, to, State::Running, {}});
            from = to;
        }
    }
    return out;
}

void emit(TraceBuilder& builder, DetailTable& details, LaneId lane, const std::vector<Segment>& segments)
{
    bool first = true;
    State lastState = State::Unknown;
    std::uint16_t lastDetail = 0;
    TimeNs lastTime = std::numeric_limits<TimeNs>::min();
    for (const Segment& s : segments) {
        if (s.t1 <= s.t0)
            continue;
        const std::uint16_t d = details.id(s.detail);
        if (!first && s.state == lastState && d == lastDetail)
            continue;
        const TimeNs at = std::max(s.t0, lastTime);
        builder.append(lane, StateChange{at, kNoTask, s.state, 0, d});
        first = false;
        lastState = s.state;
        lastDetail = d;
        lastTime = at;
    }
}

struct ProcessView {
    std::int32_t pid = 0;
    std::int32_t ppid = 0;
    const ProcessEvents* events = nullptr;
    const SampledProcess* sampled = nullptr;
    std::vector<EventRecord> records; // sorted by time
    TimeNs start = 0;
    TimeNs ready = 0; // the bootstrap's first event: the interpreter has started
    TimeNs end = 0;
    State endState = State::Done;
    std::string endNote;
    std::string name;
};

std::string rootEndNote(const PythonRun& run)
{
    switch (run.rootEnd) {
    case RootEnd::TimedOut: return "stopped: the time limit was reached";
    case RootEnd::Stopped: return "stopped";
    case RootEnd::Running: return {};
    case RootEnd::Exited:
    case RootEnd::Signalled:
        return run.rootStatus.succeeded() ? std::string() : run.rootStatus.describe();
    }
    return {};
}

} // namespace

TimeNs samplingGapLimit(TimeNs period) noexcept { return std::max<TimeNs>(4 * period, 4'000'000); }

TimeNs threadTimeIn(const Trace& trace, State state)
{
    TimeNs sum = 0;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        const auto id = static_cast<LaneId>(i);
        const LaneKind kind = trace.lane(id).kind;
        if (kind == LaneKind::Process || kind == LaneKind::Thread)
            sum += totalFor(trace.stateTotals(id), state);
    }
    return sum;
}

bool unnamedYet(const PythonRun& run, TimeNs firstSeen) noexcept
{
    return run.rootEnd == RootEnd::Running && firstSeen != 0 && run.endedAt - firstSeen < kNamingGrace;
}

std::string detailText(const Trace& trace, std::uint16_t detail)
{
    if (detail == 0)
        return {};
    const auto it = trace.metadata().find("detail." + std::to_string(detail));
    return it != trace.metadata().end() ? it->second : std::string();
}

Trace buildPythonTrace(const PythonRun& run)
{
    const TimeNs period = run.samples.period > 0 ? run.samples.period : 1'000'000;
    const TimeNs runEnd = run.stoppedAt != 0 ? std::min(run.stoppedAt, run.endedAt) : run.endedAt;

    // Processes: every one that wrote events or was sampled.
    std::map<std::int32_t, ProcessView> processes;
    for (const ProcessEvents& p : run.processes) {
        ProcessView& v = processes[p.header.pid];
        v.pid = p.header.pid;
        v.ppid = p.header.ppid;
        v.events = &p;
        v.records = p.records;
        std::stable_sort(v.records.begin(), v.records.end(),
                         [](const EventRecord& a, const EventRecord& b) { return a.time < b.time; });
    }
    for (const SampledProcess& s : run.samples.processes) {
        ProcessView& v = processes[s.pid];
        v.pid = s.pid;
        if (v.ppid == 0)
            v.ppid = s.ppid;
        if (v.sampled == nullptr)
            v.sampled = &s;
    }

    // Which processes a parent asked to end (Pool.terminate(), Process.terminate()).
    std::set<std::int32_t> terminatedByParent;
    for (const auto& [pid, v] : processes) {
        for (const EventRecord& r : v.records) {
            if (r.kind == static_cast<std::uint16_t>(EventKind::Terminated))
                terminatedByParent.insert(static_cast<std::int32_t>(r.a));
        }
    }

    for (auto& [pid, v] : processes) {
        TimeNs start = std::numeric_limits<TimeNs>::max();
        if (v.sampled != nullptr)
            start = std::min(start, v.sampled->firstSeen);
        if (v.events != nullptr)
            start = std::min(start, v.events->header.startTime);
        if (!v.records.empty())
            start = std::min(start, v.records.front().time);
        if (pid == run.rootPid && run.launchedAt != 0)
            start = std::min(start, run.launchedAt);
        v.start = start;
        v.ready = start;
        std::string procName;
        std::string command;
        bool exitSeen = false;
        TimeNs exitAt = 0;
        bool failed = false;
        std::string failure;
        for (const EventRecord& r : v.records) {
            switch (static_cast<EventKind>(r.kind)) {
            case EventKind::ProcessStart:
                v.ready = r.time;
                command = stringOf(*v.events, r.b);
                break;
            case EventKind::ProcessName:
                procName = stringOf(*v.events, r.b);
                break;
            case EventKind::ProcessExit:
                exitSeen = true;
                exitAt = r.time;
                if ((r.flags & kExitCodeKnown) != 0 && r.a != 0) {
                    failed = true;
                    failure = "exited with code " + std::to_string(r.a);
                }
                break;
            case EventKind::Uncaught:
                failed = true;
                failure = stringOf(*v.events, r.b);
                break;
            default:
                break;
            }
        }
        if (v.ready == start && v.records.empty() && v.sampled != nullptr)
            v.ready = start;

        // Name: a multiprocessing process's own name, else the script, else the command.
        if (!procName.empty()) {
            v.name = procName;
        } else if (pid == run.rootPid && !run.scriptName.empty()) {
            v.name = run.scriptName;
        } else if (!command.empty()) {
            const std::string first = command.substr(0, command.find(' '));
            v.name = first == "-c" || first.empty() ? "python " + command : baseName(first);
        } else if (v.sampled != nullptr && !v.sampled->comm.empty()) {
            v.name = v.sampled->comm;
        } else {
            v.name = "process " + std::to_string(pid);
        }

        // End. A run we stopped (Stop, Ctrl+C, --timeout) ends its cut-short lanes Stopped.
        const bool stoppedByUs = run.rootEnd == RootEnd::Stopped || run.rootEnd == RootEnd::TimedOut;
        const bool gone = v.sampled != nullptr && v.sampled->gone;
        const TimeNs lastSeen = v.sampled != nullptr ? v.sampled->lastSeen : 0;
        if (pid == run.rootPid && run.rootEnd != RootEnd::Running) {
            v.end = runEnd;
            const bool ok = run.rootEnd == RootEnd::Exited && run.rootStatus.succeeded();
            v.endState = ok && !failed ? State::Done : stoppedByUs && !failed ? State::Stopped : State::Failed;
            v.endNote = failed && !failure.empty() ? failure : rootEndNote(run);
        } else if (exitSeen) {
            v.end = std::max(exitAt, gone ? lastSeen : exitAt);
            v.endState = failed ? State::Failed : State::Done;
            v.endNote = failure;
        } else if (gone) {
            v.end = lastSeen + period / 2;
            if (terminatedByParent.contains(pid)) {
                v.endState = State::Done;
                v.endNote = "ended by its parent (terminate)";
            } else if (failed) {
                v.endState = State::Failed;
                v.endNote = failure;
            } else if (v.records.empty()) {
                v.endState = State::Done; // not a Python we traced: its exit status is its parent's
            } else {
                v.endState = State::Failed;
                v.endNote = "ended without exiting: killed by a signal?";
            }
        } else {
            v.end = runEnd;
            v.endState = run.rootEnd == RootEnd::Running ? State::Running
                : stoppedByUs                             ? State::Stopped
                                                          : State::Failed;
            v.endNote = run.rootEnd == RootEnd::Running ? "" : "still running when the program ended; stopped";
        }
        if (run.stoppedAt != 0 && v.end > run.stoppedAt) {
            // Ended by the stop: its last moments (threads woken to die) are not drawn.
            v.end = run.stoppedAt;
            if (pid != run.rootPid) {
                v.endState = State::Failed;
                v.endNote = "stopped with the program";
            }
        }
        v.end = std::max(v.end, v.start);
    }

    // Lanes: processes in order of start (parents first), each followed by its threads.
    // A launcher's helpers (a pyenv shim's shell scripts, say) come and go before the
    // interpreter starts: not part of the program.
    TimeNs rootReady = 0;
    if (const auto root = processes.find(run.rootPid); root != processes.end() && !root->second.records.empty())
        rootReady = root->second.ready;
    std::vector<ProcessView*> order;
    for (auto& [pid, v] : processes) {
        if (pid != run.rootPid && v.records.empty() && v.end <= rootReady)
            continue;
        if (pid != run.rootPid && v.events == nullptr && v.sampled != nullptr && unnamedYet(run, v.sampled->firstSeen))
            continue;
        order.push_back(&v);
    }
    std::sort(order.begin(), order.end(), [](const ProcessView* a, const ProcessView* b) {
        return a->start != b->start ? a->start < b->start : a->pid < b->pid;
    });

    TraceBuilder builder;
    DetailTable details;
    std::map<std::int32_t, LaneId> processLanes;

    for (ProcessView* pv : order) {
        ProcessView& v = *pv;
        const auto parent = processLanes.find(v.ppid);
        const LaneId processLane
            = builder.addLane({.parent = parent != processLanes.end() ? parent->second : kNoLane,
                               .kind = LaneKind::Process,
                               .pid = v.pid,
                               .tid = v.pid,
                               .name = v.name});
        processLanes[v.pid] = processLane;

        // The GIL, where the bootstrap found and checked it.
        std::optional<GilLocation> gil;
        if (v.events != nullptr) {
            const ProcessHeader& h = v.events->header;
            if (h.gilStatus == GilStatus::Verified) {
                GilLocation g;
                g.blockAddress = h.runtimeAddress + h.gilOffset;
                g.gilSize = h.gilSize;
                gil = g;
            } else if (!h.gilNote.empty()) {
                builder.addNote({processLane, v.start, "no GIL row: " + h.gilNote});
            }
        }

        // Locks and threads from the events.
        LockTable locks;
        std::map<std::uint32_t, ThreadEntity> threads;
        std::map<std::uint32_t, TaskEntity> tasks;
        std::map<std::uint32_t, TimeNs> sleepBegin;
        std::map<std::uint32_t, std::pair<TimeNs, std::string>> waitBegin;
        for (const EventRecord& r : v.records) {
            switch (static_cast<EventKind>(r.kind)) {
            case EventKind::ThreadStart: {
                ThreadEntity& t = threads[r.thread];
                t.serial = r.thread;
                t.tid = static_cast<std::int32_t>(r.a);
                t.name = stringOf(*v.events, r.b);
                t.start = r.time;
                break;
            }
            case EventKind::ThreadEnd: {
                ThreadEntity& t = threads[r.thread];
                t.end = r.time;
                t.ended = true;
                t.failed = r.flags != 0;
                break;
            }
            case EventKind::SleepBegin:
                sleepBegin[r.thread] = r.time;
                break;
            case EventKind::SleepEnd:
                if (const auto it = sleepBegin.find(r.thread); it != sleepBegin.end()) {
                    threads[r.thread].sleeps.emplace_back(it->second, r.time);
                    sleepBegin.erase(it);
                }
                break;
            case EventKind::Call: {
                ThreadEntity& t = threads[r.thread];
                std::string name = r.b != 0 ? stringOf(*v.events, r.b) : std::string();
                if (name.empty())
                    name = "function " + std::to_string(r.a);
                callChanged(t, r.time);
                t.callStack.emplace_back(r.a, std::move(name));
                break;
            }
            case EventKind::Return: {
                ThreadEntity& t = threads[r.thread];
                // Pops down to the function returning (a lost record leaves others above it).
                for (std::size_t k = t.callStack.size(); k-- > 0;) {
                    if (t.callStack[k].first == r.a) {
                        callChanged(t, r.time);
                        t.callStack.resize(k);
                        break;
                    }
                }
                break;
            }
            case EventKind::WaitBegin:
                waitBegin[r.thread] = {r.time, stringOf(*v.events, r.b)};
                break;
            case EventKind::Mark:
                builder.addNote({processLane, r.time, stringOf(*v.events, r.b)});
                break;
            case EventKind::WaitEnd:
                if (const auto it = waitBegin.find(r.thread); it != waitBegin.end()) {
                    threads[r.thread].waits.push_back({it->second.first, r.time, State::BlockedIo, it->second.second});
                    waitBegin.erase(it);
                }
                break;
            case EventKind::LockCreated:
                locks[static_cast<std::uint64_t>(r.a)].push_back(
                    {r.time, static_cast<LockKind>(r.flags), stringOf(*v.events, r.b)});
                break;
            case EventKind::TaskCreated: {
                TaskEntity& task = tasks[static_cast<std::uint32_t>(r.a)];
                task.name = stringOf(*v.events, r.b);
                if ((r.flags & kTaskRenamed) == 0) {
                    task.thread = r.thread;
                    task.events.push_back(&r);
                }
                break;
            }
            case EventKind::TaskCoro:
                tasks[static_cast<std::uint32_t>(r.a)].coro = stringOf(*v.events, r.b);
                break;
            case EventKind::TaskReady:
            case EventKind::TaskStepBegin:
            case EventKind::TaskStepEnd:
                tasks[static_cast<std::uint32_t>(r.a)].events.push_back(&r);
                break;
            default:
                break;
            }
        }
        // A sleep still going when the records end lasts until the thread's end.
        for (const auto& [serial, begin] : sleepBegin)
            threads[serial].sleeps.emplace_back(begin, std::numeric_limits<TimeNs>::max());
        for (auto& [serial, t] : threads) {
            if (!t.callStack.empty()) // still inside a function when the records end
                t.calls.push_back({t.callSince, std::numeric_limits<TimeNs>::max(), State::Running,
                                   t.callStack.back().second});
        }
        for (auto& [serial, begin] : waitBegin)
            threads[serial].waits.push_back(
                {begin.first, std::numeric_limits<TimeNs>::max(), State::BlockedIo, std::move(begin.second)});

        // The main thread is the process lane; a thread seen only by the sampler gets a lane
        // of its own, named as the system knows it.
        std::map<std::int32_t, std::vector<ThreadEntity*>> byTid;
        for (auto& [serial, t] : threads) {
            if (!t.ended)
                t.end = v.end;
            t.end = std::min(std::max(t.end, t.start), v.end);
            byTid[t.tid].push_back(&t);
        }
        std::uint32_t extraSerial = 1u << 30;
        for (const SampledThread& s : run.samples.threads) {
            if (s.pid != v.pid)
                continue;
            ThreadEntity* owner = nullptr;
            if (const auto it = byTid.find(s.tid); it != byTid.end()) {
                for (ThreadEntity* t : it->second) {
                    if (owner == nullptr || (t->start <= s.lastSeen && t->start >= owner->start))
                        owner = t;
                }
            }
            if (owner == nullptr && s.tid == v.pid) {
                ThreadEntity& t = threads[0];
                t.tid = s.tid;
                t.name = "main thread";
                t.start = v.start;
                t.end = v.end;
                byTid[s.tid].push_back(&t);
                owner = &t;
            }
            if (owner == nullptr && !v.records.empty() && unnamedYet(run, s.firstSeen))
                continue;
            if (owner == nullptr) {
                ThreadEntity& t = threads[extraSerial++];
                t.tid = s.tid;
                t.name = s.comm.empty() ? "thread " + std::to_string(s.tid) : s.comm;
                t.start = s.firstSeen;
                t.end = s.gone ? std::min(s.lastSeen + period / 2, v.end) : v.end;
                byTid[s.tid].push_back(&t);
                owner = &t;
            }
            owner->sampled.push_back(&s);
        }

        // The main thread is the process lane: the earliest thread whose id is the pid.
        ThreadEntity* mainThread = nullptr;
        for (auto& [serial, t] : threads) {
            if (t.tid == v.pid && (mainThread == nullptr || t.start < mainThread->start))
                mainThread = &t;
        }
        if (mainThread == nullptr) {
            ThreadEntity& t = threads[0];
            t.tid = v.pid;
            t.name = "main thread";
            t.start = v.start;
            t.end = v.end;
            mainThread = &t;
        }

        std::vector<ThreadEntity*> threadOrder;
        for (auto& [serial, t] : threads)
            threadOrder.push_back(&t);
        std::sort(threadOrder.begin(), threadOrder.end(),
                  [](const ThreadEntity* a, const ThreadEntity* b) { return a->start < b->start; });

        for (ThreadEntity* t : threadOrder) {
            if (t == mainThread) {
                t->lane = processLane;
            } else {
                t->lane = builder.addLane(
                    {.parent = processLane, .kind = LaneKind::Thread, .pid = v.pid, .tid = t->tid, .name = t->name});
            }

            ThreadEntity span = *t;
            std::vector<Segment> head;
            if (t->lane == processLane) {
                // The process lane: Starting until the interpreter ran our bootstrap.
                span.start = v.start;
                span.end = v.end;
                if (v.ready > v.start)
                    head.push_back({v.start, v.ready, State::Starting, "interpreter start-up"});
                span.start = v.ready;
            }
            std::vector<Segment> exact = std::move(head);
            for (const auto& [b, e] : t->sleeps) {
                const TimeNs b0 = std::max(b, span.start);
                const TimeNs e0 = std::min(e, span.end);
                if (e0 > b0)
                    exact.push_back({b0, e0, State::BlockedIo, "sleep"});
            }
            for (const Segment& w : t->waits) {
                const TimeNs b0 = std::max(w.t0, span.start);
                const TimeNs e0 = std::min(w.t1, span.end);
                if (e0 > b0)
                    exact.push_back({b0, e0, w.state, w.detail});
            }
            std::vector<Segment> segments = withCalls(
                overlay(sampledSegments(span, period, gil ? &*gil : nullptr,
                                        v.sampled != nullptr ? &v.sampled->gilChanges : nullptr, locks),
                        std::move(exact)), t->calls);
            emit(builder, details, t->lane, segments);
            if (t->lane == processLane) {
                if (v.endState == State::Running) {
                    builder.setLaneEnd(t->lane, v.end);
                } else {
                    builder.append(t->lane, StateChange{v.end, kNoTask, v.endState, 0, 0});
                    if (!v.endNote.empty())
                        builder.addNote({t->lane, v.end, v.endNote});
                }
            } else if (t->ended || v.endState != State::Running) {
                // A thread that never returned ends as its process did: cut short by a stop, a
                // time limit (Stopped) or a signal (Failed) is not Done.
                const State endState = t->failed ? State::Failed : t->ended ? State::Done : v.endState;
                builder.append(t->lane, StateChange{std::max(span.end, span.start), kNoTask, endState, 0, 0});
            } else {
                builder.setLaneEnd(t->lane, span.end);
            }
        }

        // asyncio tasks, under the thread that ran their loop.
        for (auto& [serial, task] : tasks) {
            if (task.events.empty())
                continue;
            LaneId parentLane = processLane;
            if (const auto it = threads.find(task.thread); it != threads.end() && it->second.lane != kNoLane)
                parentLane = it->second.lane;
            std::string name = task.name.empty() ? "task " + std::to_string(serial) : task.name;
            if (!task.coro.empty()) {
                // A coroutine of the script itself says only its line: the lane's label is
                // narrow, and the script is the one being traced.
                std::string coro = task.coro;
                if (const std::string own = " (" + run.scriptName + ":"; !run.scriptName.empty()) {
                    if (const std::size_t at = coro.find(own); at != std::string::npos)
                        coro.replace(at, own.size(), " (line ");
                }
                name += ": " + coro;
            }
            const LaneId lane = builder.addLane(
                {.parent = parentLane, .kind = LaneKind::Coroutine, .pid = v.pid, .tid = 0, .name = name});
            std::vector<Segment> segments;
            State state = State::Suspended;
            std::string detail;
            TimeNs at = task.events.front()->time;
            bool finished = false;
            for (const EventRecord* r : task.events) {
                State next = state;
                std::string nextDetail;
                switch (static_cast<EventKind>(r->kind)) {
                case EventKind::TaskCreated:
                    next = State::Suspended;
                    break;
                case EventKind::TaskReady:
                    next = State::Ready;
                    break;
                case EventKind::TaskStepBegin:
                    next = State::Running;
                    break;
                case EventKind::TaskStepEnd:
                    switch (static_cast<TaskOutcome>(r->flags)) {
                    case TaskOutcome::Done: next = State::Done; break;
                    case TaskOutcome::Failed: next = State::Failed; break;
                    case TaskOutcome::Cancelled: next = State::Done; nextDetail = "cancelled"; break;
                    case TaskOutcome::Pending: next = State::Suspended; nextDetail = "await"; break;
                    }
                    break;
                default:
                    break;
                }
                if (r->time > at)
                    segments.push_back({at, r->time, state, detail});
                at = std::max(at, r->time);
                state = next;
                detail = nextDetail;
                if (isTerminal(state)) {
                    finished = true;
                    break;
                }
            }
            emit(builder, details, lane, segments);
            if (finished) {
                builder.append(lane, StateChange{at, kNoTask, state, 0, details.id(detail)});
            } else {
                const TimeNs end = std::max(at, v.end);
                if (end > at)
                    builder.append(lane, StateChange{at, kNoTask, state, 0, details.id(detail)});
                builder.setLaneEnd(lane, end);
            }
        }
    }

    details.store(builder);
    builder.setMetadata("source", "cpython");
    if (!run.scriptName.empty())
        builder.setMetadata("script", run.scriptName);
    if (!run.pythonVersion.empty())
        builder.setMetadata("python", run.pythonVersion);
    builder.setMetadata("sample_hz", std::to_string(1'000'000'000 / period));
    return builder.build();
}

} // namespace interleave::pytrace
