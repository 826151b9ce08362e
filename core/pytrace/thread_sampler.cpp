#include "pytrace/thread_sampler.h"

#include "jobs/prompt_thread.h"
#include "pytrace/proc_reading.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <optional>
#include <string_view>
#include <sys/uio.h>
#include <unistd.h>
#include <unordered_map>

namespace interleave::pytrace {
namespace {

std::string procPath(std::int32_t pid, std::int32_t tid, const char* file)
{
    return "/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/" + file;
}

// Re-reads a /proc file through a descriptor kept open: the kernel regenerates the text on
// every read from offset 0. Returns the length, 0 when the thread is gone, -1 on refusal.
ssize_t rereadInto(int fd, char* buffer, std::size_t size)
{
    const ssize_t n = ::pread(fd, buffer, size - 1, 0);
    if (n < 0)
        return errno == ESRCH || errno == ENOENT ? 0 : -1;
    buffer[n] = '\0';
    return n;
}

std::string readSmallFile(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    char buffer[512];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n <= 0)
        return {};
    std::string text(buffer, static_cast<std::size_t>(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0'))
        text.pop_back();
    return text;
}

std::int32_t parentPid(std::string_view stat)
{
    // After the state letter: " ppid ...".
    const std::size_t close = stat.rfind(')');
    if (close == std::string_view::npos || close + 4 >= stat.size())
        return 0;
    std::string_view rest = stat.substr(close + 4);
    std::int32_t ppid = 0;
    std::from_chars(rest.data(), rest.data() + rest.size(), ppid);
    return ppid;
}

} // namespace

// The GIL as read from a process; a member of ThreadSampler::Process, so not file-local.
namespace sampler_gil {

struct GilSnapshot {
    std::int32_t locked = 0;
    std::uint64_t lastHolderState = 0;
    std::uint64_t switches = 0;
    bool operator==(const GilSnapshot&) const = default;
};

// One process_vm_readv of the GIL's block.
std::optional<GilSnapshot> readGil(std::int32_t pid, const GilLocation& gil)
{
    unsigned char block[512];
    const std::size_t size = std::min<std::size_t>(gil.blockSize, sizeof block);
    if (gil.lockedAt + 4 > size || gil.lastHolderAt + 8 > size || gil.switchNumberAt + 8 > size)
        return std::nullopt;
    iovec local{block, size};
    iovec remote{reinterpret_cast<void*>(gil.blockAddress), size};
    if (::process_vm_readv(pid, &local, 1, &remote, 1, 0) != static_cast<ssize_t>(size))
        return std::nullopt;
    GilSnapshot seen;
    std::memcpy(&seen.locked, block + gil.lockedAt, 4);
    std::memcpy(&seen.lastHolderState, block + gil.lastHolderAt, 8);
    std::memcpy(&seen.switches, block + gil.switchNumberAt, 8);
    return seen;
}

// The GIL as last read in one process; a read that differs is a change.
struct GilTrack {
    std::optional<GilSnapshot> last;
    TimeNs lastAt = 0;

    void note(std::vector<GilChange>& changes, TimeNs at, const GilSnapshot& seen)
    {
        if (last && !(*last == seen))
            changes.push_back({lastAt, at});
        last = seen;
        lastAt = at;
    }
};

} // namespace sampler_gil

using sampler_gil::GilSnapshot;
using sampler_gil::GilTrack;
using sampler_gil::readGil;

struct ThreadSampler::Thread {
    std::size_t index = 0; // in m_result.threads
    int statFd = -1;
    int syscallFd = -1;
    int schedFd = -1;
    bool listed = false; // seen in the task directory in this sweep
    std::optional<SchedStat> sched; // at the last sweep
    std::optional<ThreadObservation> lastRead; // what stat and syscall said when last read

    ~Thread()
    {
        for (const int fd : {statFd, syscallFd, schedFd})
            if (fd >= 0)
                ::close(fd);
    }
};

struct ThreadSampler::Process {
    std::int32_t pid = 0;
    std::size_t index = 0; // in m_result.processes
    DIR* tasks = nullptr;
    std::unordered_map<std::int32_t, std::unique_ptr<Thread>> threads;
    bool gone = false;
    GilTrack gil;
    bool gilContended = false; // at the last sweep a thread waited for the GIL

    ~Process()
    {
        if (tasks != nullptr)
            ::closedir(tasks);
    }
};

ThreadSampler::ThreadSampler(int hz)
    : m_period(1'000'000'000 / std::clamp(hz, kMinHz, kMaxHz)),
      m_gilReadStep(std::max(m_period / kGilReadsPerSweep, std::min(kMinGilReadStep, m_period)))
{
    m_result.period = m_period;
}

ThreadSampler::~ThreadSampler() { stop(); }

void ThreadSampler::addProcess(std::int32_t pid)
{
    std::lock_guard lock(m_mutex);
    m_pendingPids.push_back(pid);
}

void ThreadSampler::setGilLocation(std::int32_t pid, const GilLocation& where)
{
    std::lock_guard lock(m_mutex);
    m_gilLocations[pid] = where;
}

void ThreadSampler::start()
{
    if (m_thread.joinable())
        return;
    m_startedAt = nowNs();
    m_thread = std::thread([this] { loop(); });
}

void ThreadSampler::stop()
{
    {
        std::lock_guard lock(m_wakeMutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

SamplerResult ThreadSampler::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_result;
}

void ThreadSampler::loop()
{
    askToRunPromptly(); // a sweep late by a slice of the program's threads would miss their turns
    TimeNs next = nowNs();
    TimeNs lastSweep = 0;
    TimeNs lastChildScan = 0;
    for (;;) {
        const TimeNs now = nowNs();
        const bool scan = now - lastChildScan >= kChildScanPeriod;
        if (scan)
            lastChildScan = now;
        {
            std::lock_guard lock(m_mutex);
            sweep(now, scan);
            ++m_result.sweeps;
            if (lastSweep != 0) {
                const TimeNs gap = now - lastSweep;
                m_result.longestGap = std::max(m_result.longestGap, gap);
                if (gap > 2 * m_period)
                    ++m_result.lateSweeps;
            }
            m_result.cpuNs = threadCpuNs();
            m_result.wallNs = nowNs() - m_startedAt;
        }
        lastSweep = now;

        next += m_period;
        const TimeNs after = nowNs();
        if (next < after)
            next = after; // fell behind: no burst of catch-up sweeps
        // While a thread waits for a GIL, that GIL alone is read between the sweeps.
        bool contended = false;
        {
            std::lock_guard lock(m_mutex);
            for (const auto& p : m_processes)
                contended = contended || (!p->gone && p->gilContended);
        }
        for (TimeNs at = now + m_gilReadStep; contended && at + m_gilReadStep / 2 <= next; at += m_gilReadStep) {
            if (at < nowNs())
                continue;
            if (waitUntil(at))
                return;
            std::lock_guard lock(m_mutex);
            contended = readContendedGils();
        }
        if (waitUntil(next))
            return;
    }
}

bool ThreadSampler::waitUntil(TimeNs at)
{
    std::unique_lock lock(m_wakeMutex);
    const auto deadline = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(at));
    return m_wake.wait_until(lock, deadline, [this] { return m_stopping; });
}

bool ThreadSampler::readContendedGils()
{
    bool any = false;
    for (const auto& p : m_processes) {
        if (p->gone || !p->gilContended)
            continue;
        const auto where = m_gilLocations.find(p->pid);
        if (where == m_gilLocations.end())
            continue;
        const TimeNs at = nowNs();
        if (const std::optional<GilSnapshot> seen = readGil(p->pid, where->second)) {
            p->gil.note(m_result.processes[p->index].gilChanges, at, *seen);
            ++m_result.gilOnlyReads;
            any = true;
        }
    }
    return any;
}

void ThreadSampler::adopt(std::int32_t pid, std::int32_t ppid, TimeNs now)
{
    for (const auto& p : m_processes) {
        if (p->pid == pid && !p->gone)
            return;
    }
    const std::string taskDir = "/proc/" + std::to_string(pid) + "/task";
    DIR* tasks = ::opendir(taskDir.c_str());
    if (tasks == nullptr)
        return;
    auto p = std::make_unique<Process>();
    p->pid = pid;
    p->tasks = tasks;
    p->index = m_result.processes.size();
    SampledProcess info;
    info.pid = pid;
    const std::string stat = readSmallFile("/proc/" + std::to_string(pid) + "/stat");
    info.ppid = ppid != 0 ? ppid : parentPid(stat);
    info.comm = readSmallFile("/proc/" + std::to_string(pid) + "/comm");
    info.firstSeen = now;
    info.lastSeen = now;
    m_result.processes.push_back(std::move(info));
    m_processes.push_back(std::move(p));
}

void ThreadSampler::sweep(TimeNs now, bool scanChildren)
{
    for (std::int32_t pid : m_pendingPids)
        adopt(pid, 0, now);
    m_pendingPids.clear();
    // Processes found while sweeping are sampled from the next sweep on.
    const std::size_t count = m_processes.size();
    for (std::size_t i = 0; i < count; ++i) {
        Process& p = *m_processes[i];
        if (!p.gone)
            sampleProcess(p, now, scanChildren);
    }
}

void ThreadSampler::sampleProcess(Process& p, TimeNs now, bool scanChildren)
{
    SampledProcess& info = m_result.processes[p.index];

    // Which threads exist now.
    ::rewinddir(p.tasks);
    for (auto& [tid, t] : p.threads)
        t->listed = false;
    bool anyListed = false;
    while (const dirent* entry = ::readdir(p.tasks)) {
        std::int32_t tid = 0;
        const std::string_view name(entry->d_name);
        if (std::from_chars(name.data(), name.data() + name.size(), tid).ec != std::errc{} || tid <= 0)
            continue;
        anyListed = true;
        auto& slot = p.threads[tid];
        if (!slot) {
            slot = std::make_unique<Thread>();
            slot->statFd = ::open(procPath(p.pid, tid, "stat").c_str(), O_RDONLY | O_CLOEXEC);
            slot->syscallFd = ::open(procPath(p.pid, tid, "syscall").c_str(), O_RDONLY | O_CLOEXEC);
            slot->schedFd = ::open(procPath(p.pid, tid, "schedstat").c_str(), O_RDONLY | O_CLOEXEC);
            if (slot->syscallFd < 0 && errno == EACCES)
                m_result.permissionDenied = true;
            slot->index = m_result.threads.size();
            SampledThread st;
            st.pid = p.pid;
            st.tid = tid;
            st.comm = readSmallFile(procPath(p.pid, tid, "comm"));
            st.firstSeen = now;
            st.lastSeen = now;
            m_result.threads.push_back(std::move(st));
        }
        if (!m_result.threads[slot->index].gone)
            slot->listed = true;
    }

    // The GIL, then every thread right after it, each classified against this holder. The
    // reads are stamped with the time they began; a sweep preempted in the middle of them
    // (a busy machine) would stamp states seen later with an earlier time, so its
    // observations are dropped and the stretch shows as not observed.
    const TimeNs readAt = nowNs();
    std::int32_t holder = -1; // -1 unknown, 0 free
    std::int32_t lastHolder = -1; // the thread that took it last, -1 unknown
    const GilLocation* gil = nullptr;
    std::optional<GilSnapshot> gilSeen; // as read before the threads
    if (const auto it = m_gilLocations.find(p.pid); it != m_gilLocations.end()) {
        gil = &it->second;
        gilSeen = readGil(p.pid, *gil);
    }
    if (gilSeen) {
        p.gil.note(info.gilChanges, readAt, *gilSeen);
        if (!info.gilRead) {
            info.gilRead = true;
            info.firstSwitchNumber = gilSeen->switches;
        }
        if (info.switchNumbers.empty() || info.switchNumbers.back().second != gilSeen->switches)
            info.switchNumbers.emplace_back(readAt, gilSeen->switches);
        info.lastSwitchNumber = gilSeen->switches;
        if (gilSeen->lastHolderState != 0) {
            std::uint64_t nativeId = 0;
            iovec local{&nativeId, sizeof nativeId};
            iovec remote{reinterpret_cast<void*>(gilSeen->lastHolderState + gil->nativeIdOffset), sizeof nativeId};
            // A thread state is not cached: a forked child reuses its parent's pointers.
            if (::process_vm_readv(p.pid, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(sizeof nativeId))
                lastHolder = static_cast<std::int32_t>(nativeId);
        }
        holder = gilSeen->locked == 0 ? 0 : lastHolder;
    } else if (gil != nullptr) {
        ++info.gilReadFailures;
    }

    bool mainAlive = false;
    p.gilContended = false;
    std::vector<std::pair<SampledThread*, ThreadObservation>> seen;
    for (auto& [tid, t] : p.threads) {
        SampledThread& st = m_result.threads[t->index];
        if (st.gone)
            continue;
        const TimeNs readStarted = nowNs();
        ThreadObservation o;
        // Asleep at the last sweep and not run since: asleep in the same place. One small
        // read instead of two larger ones for each thread that waits.
        if (t->listed && t->schedFd >= 0) {
            char schedText[128];
            const ssize_t n = rereadInto(t->schedFd, schedText, sizeof schedText);
            const std::optional<SchedStat> sched
                = n > 0 ? parseSchedStat(std::string_view(schedText, static_cast<std::size_t>(n))) : std::nullopt;
            if (sched && t->sched == sched && t->lastRead && t->lastRead->state != 'R') {
                o = *t->lastRead;
                ++m_result.threadReadsSaved;
            } else {
                t->lastRead.reset();
            }
            t->sched = sched;
        }
        if (!t->lastRead) {
            char statText[1024];
            char syscallText[512];
            const ssize_t statLength
                = t->listed && t->statFd >= 0 ? rereadInto(t->statFd, statText, sizeof statText) : 0;
            const std::optional<char> state = statLength > 0
                ? parseStatState(std::string_view(statText, static_cast<std::size_t>(statLength)))
                : std::nullopt;
            if (!state || *state == 'Z' || *state == 'X') {
                st.gone = true;
                continue;
            }
            o.state = *state;
            if (*state == 'R') {
                // Runnable: the kernel's answer would be "running" (it reads the registers of
                // a task that is off its CPU only); one read fewer per busy thread and sweep.
                o.running = true;
            } else if (t->syscallFd >= 0) {
                const ssize_t n = rereadInto(t->syscallFd, syscallText, sizeof syscallText);
                if (n > 0) {
                    if (const auto sc = parseSyscall(std::string_view(syscallText, static_cast<std::size_t>(n)))) {
                        o.running = sc->running;
                        o.syscall = sc->number;
                        if (sc->number == kSysFutex) {
                            o.arg0 = sc->arg0;
                            o.arg1 = sc->arg1;
                        }
                    }
                }
            }
            if (t->sched)
                t->lastRead = o;
        }
        if (tid == p.pid)
            mainAlive = true;
        o.first = readStarted;
        o.last = readStarted;
        o.gil = GilView::Unknown;
        if (holder == 0 && lastHolder > 0)
            o.gil = lastHolder == tid ? GilView::FreeHeldLast : GilView::FreeOtherHeldLast;
        else if (holder > 0)
            o.gil = holder == tid ? GilView::Holding : GilView::OtherHolds;
        const bool waitsForGil = (o.syscall == kSysFutex && gil != nullptr && gil->contains(o.arg0))
            || ((o.state == 'R' || o.running) && (o.gil == GilView::OtherHolds || o.gil == GilView::FreeOtherHeldLast));
        p.gilContended = p.gilContended || waitsForGil;
        st.lastSeen = now;
        seen.emplace_back(&st, o);
    }

    // A sweep is one instant when its reads were close together. A sweep preempted in the
    // middle (a busy machine) still counts when the GIL did not change hands meanwhile (the
    // same switch number, holder and lock word read again after the threads): then each
    // thread's state holds at the time it was read, against the same holder.
    const bool quick = nowNs() - readAt <= std::max<TimeNs>(m_period / 2, 300'000);
    const bool gilStill = !quick && gilSeen && readGil(p.pid, *gil) == gilSeen;
    if (quick || gilStill) {
        for (auto& [st, o] : seen) {
            if (quick)
                o.first = o.last = readAt;
            // Same as before and no gap since: the stretch grows. A late sweep starts a new
            // one, so the gap stays visible.
            if (!st->observations.empty()) {
                ThreadObservation& last = st->observations.back();
                if (last.sameAs(o) && o.last - last.last <= 2 * m_period) {
                    last.last = o.last;
                    continue;
                }
            }
            st->observations.push_back(o);
        }
    } else {
        ++m_result.preemptedSweeps;
    }

    if (!anyListed || !mainAlive) {
        p.gone = true;
        info.gone = true;
        for (auto& [tid, t] : p.threads)
            m_result.threads[t->index].gone = true;
        p.threads.clear();
        return;
    }
    info.lastSeen = now;

    if (scanChildren) {
        for (auto& [tid, t] : p.threads) {
            const std::string children = readSmallFile(procPath(p.pid, tid, "children"));
            std::string_view rest(children);
            while (!rest.empty()) {
                std::int32_t child = 0;
                const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), child);
                if (ec != std::errc{}) {
                    rest.remove_prefix(1);
                    continue;
                }
                rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
                if (child > 0)
                    m_pendingPids.push_back(child);
            }
        }
        // Adopted at the next sweep, with the parent recorded from their stat.
    }
}

} // namespace interleave::pytrace
