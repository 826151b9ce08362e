// Long on purpose: runSession is one traced run from spawn to reap (the process group, its event
// files, the sampler, the output pumps, the stop) in one loop whose steps depend on their order.

#include "pytrace/python_session.h"

#include "engine/child_process.h"
#include "pytrace/event_file.h"
#include "pytrace/thread_sampler.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <filesystem>
#include <map>
#include <memory>
#include <poll.h>
#include <set>
#include <stdexcept>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unistd.h>

#ifndef INTERLEAVE_PYTHON_SOURCE_DIR
#define INTERLEAVE_PYTHON_SOURCE_DIR ""
#endif

namespace interleave::pytrace {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(5);
// SIGTERM first, so a program that handles it may end cleanly; SIGKILL for the whole group
// after this, so a stop never takes much more.
constexpr auto kTerminateGrace = std::chrono::milliseconds(100);
// After the program has ended, how long its output pipes get to reach end-of-file: a process
// outside its group (one that called setsid) may hold them open for ever.
constexpr auto kOutputDrainLimit = std::chrono::milliseconds(300);
// Output read from each pipe per turn of the loop, so a flood does not delay a stop.
constexpr std::size_t kOutputReadPerTurn = 256 * 1024;
// After the script has exited, how long its remaining children get to end by themselves
// (multiprocessing's resource tracker, say) before they are killed.
constexpr auto kStragglerGrace = std::chrono::milliseconds(500);

bool isExecutableFile(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

bool holdsBootstrap(const std::string& dir)
{
    return !dir.empty() && ::access((dir + "/sitecustomize.py").c_str(), R_OK) == 0
        && ::access((dir + "/interleave_bootstrap/__init__.py").c_str(), R_OK) == 0;
}

// A private directory for the run's event files, removed with them at the end.
class EventDirectory {
public:
    EventDirectory()
    {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/interleave-pytrace-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::system_error(errno, std::generic_category(), "cannot create a directory for the events");
        m_path = pattern;
    }
    ~EventDirectory()
    {
        for (const std::string& name : list())
            ::unlink((m_path + "/" + name).c_str());
        ::rmdir(m_path.c_str());
    }
    EventDirectory(const EventDirectory&) = delete;
    EventDirectory& operator=(const EventDirectory&) = delete;

    const std::string& path() const noexcept { return m_path; }

    std::vector<std::string> list() const
    {
        std::vector<std::string> names;
        DIR* dir = ::opendir(m_path.c_str());
        if (dir == nullptr)
            return names;
        while (const dirent* e = ::readdir(dir)) {
            const std::string name(e->d_name);
            if (name.size() > 4 && name.ends_with(".ilv"))
                names.push_back(name);
        }
        ::closedir(dir);
        return names;
    }

private:
    std::string m_path;
};

// Reads every process's event file as it appears and grows, and tells the sampler about
// each new process and where its GIL is. Thread-safe: the session's loop polls while a live
// view's builder copies.
class EventCollector {
public:
    EventCollector(const EventDirectory& dir, ThreadSampler& sampler) : m_dir(dir), m_sampler(sampler) {}

    void poll()
    {
        const std::lock_guard lock(m_mutex);
        for (const std::string& name : m_dir.list()) {
            if (m_files.contains(name))
                continue;
            auto file = EventFile::open(m_dir.path() + "/" + name);
            if (!file)
                continue; // header not complete yet: next time
            const ProcessHeader& h = file->header();
            m_sampler.addProcess(h.pid);
            if (h.gilStatus == GilStatus::Verified) {
                GilLocation g;
                g.blockAddress = h.runtimeAddress + h.gilOffset;
                g.gilSize = h.gilSize;
                // tstate_current (3.11 only, 0 elsewhere) is not read but stays in the block.
                g.blockSize = std::max({h.gilLocked + 4, h.gilLastHolder + 8, h.gilSwitchNumber + 8,
                                        h.tstateCurrent + 8})
                    - h.gilOffset;
                g.lockedAt = h.gilLocked - h.gilOffset;
                g.lastHolderAt = h.gilLastHolder - h.gilOffset;
                g.switchNumberAt = h.gilSwitchNumber - h.gilOffset;
                g.nativeIdOffset = h.tstateNativeId;
                m_sampler.setGilLocation(h.pid, g);
            }
            Entry entry;
            entry.events.header = h;
            entry.file = std::move(file);
            m_files.emplace(name, std::move(entry));
        }
        for (auto& [name, entry] : m_files)
            entry.file->readNew(entry.events.records);
    }

    // A copy of the events so far, with their strings resolved.
    std::vector<ProcessEvents> copy()
    {
        const std::lock_guard lock(m_mutex);
        resolveStrings(false);
        std::vector<ProcessEvents> out;
        for (const auto& [name, entry] : m_files)
            out.push_back(entry.events);
        return out;
    }

    // The events with their strings resolved; the collector is empty after.
    std::vector<ProcessEvents> take(std::uint64_t& count, std::uint64_t& dropped)
    {
        const std::lock_guard lock(m_mutex);
        resolveStrings(true);
        std::vector<ProcessEvents> out;
        count = 0;
        dropped = 0;
        for (auto& [name, entry] : m_files) {
            count += entry.events.records.size();
            dropped += entry.file->dropped();
            out.push_back(std::move(entry.events));
        }
        m_files.clear();
        return out;
    }

private:
    struct Entry {
        std::unique_ptr<EventFile> file;
        ProcessEvents events;
        std::size_t resolved = 0; // records whose strings are in events.strings
    };

    // A string not published yet, as seen from here, is looked up again next time, unless
    // this is the last look (an empty text is then what it is).
    void resolveStrings(bool last)
    {
        for (auto& [name, entry] : m_files)
            resolve(entry, last);
    }

    void resolve(Entry& entry, bool last)
    {
        {
            ProcessEvents& p = entry.events;
            for (; entry.resolved < p.records.size(); ++entry.resolved) {
                const EventRecord& r = p.records[entry.resolved];
                switch (static_cast<EventKind>(r.kind)) {
                case EventKind::ProcessStart:
                case EventKind::ProcessName:
                case EventKind::ThreadStart:
                case EventKind::LockCreated:
                case EventKind::TaskCreated:
                case EventKind::TaskCoro:
                case EventKind::Uncaught:
                case EventKind::WaitBegin:
                case EventKind::Call:
                case EventKind::Mark:
                    if (!p.strings.contains(r.b)) {
                        std::string text = entry.file->string(r.b);
                        if (text.empty() && r.b != 0 && !last)
                            return;
                        p.strings.emplace(r.b, std::move(text));
                    }
                    break;
                default:
                    break;
                }
            }
        }
    }

    const EventDirectory& m_dir;
    ThreadSampler& m_sampler;
    std::mutex m_mutex;
    std::map<std::string, Entry> m_files;
};

// Ends the whole process group: SIGTERM, then SIGKILL for whatever is left after the grace.
void endGroup(ChildProcess& root)
{
    root.signalGroup(SIGTERM);
    root.waitFor(kTerminateGrace);
    root.signalGroup(SIGKILL);
    root.reap();
}

std::string versionText(std::uint32_t hex)
{
    return std::to_string(hex >> 24) + "." + std::to_string((hex >> 16) & 0xff) + "."
        + std::to_string((hex >> 8) & 0xff);
}

std::string scriptFileName(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

std::string findExecutable(const std::string& name)
{
    if (name.empty())
        return {};
    if (name.find('/') != std::string::npos)
        return isExecutableFile(name) ? name : std::string();
    const char* path = std::getenv("PATH");
    std::string_view rest(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
    while (true) {
        const std::size_t colon = rest.find(':');
        std::string dir(rest.substr(0, colon));
        if (dir.empty())
            dir = ".";
        const std::string candidate = dir + "/" + name;
        if (isExecutableFile(candidate))
            return candidate;
        if (colon == std::string_view::npos)
            break;
        rest.remove_prefix(colon + 1);
    }
    return {};
}

std::string findBootstrapDir(const std::string& exeDir)
{
    if (const char* env = std::getenv("INTERLEAVE_PYTHON_DIR"); env != nullptr && holdsBootstrap(env))
        return env;
    if (!exeDir.empty()) {
        const std::string installed = exeDir + "/../share/interleave/python";
        if (holdsBootstrap(installed))
            return installed;
    }
    const std::string source = INTERLEAVE_PYTHON_SOURCE_DIR;
    if (holdsBootstrap(source))
        return source;
    return {};
}

// What a session's threads share with its readers, behind one mutex taken briefly.
struct PythonSession::Live {
    mutable std::mutex mutex;
    Trace trace;
    std::uint64_t generation = 0;
    OutputLog output;
    PythonTraceResult result; // once the run has ended

    void publish(Trace next)
    {
        const std::lock_guard lock(mutex);
        trace = std::move(next);
        ++generation;
    }
};

namespace {

// Moves what the program wrote on its captured stdout and stderr into the log, as it comes.
class OutputPump {
public:
    // Channels 0 and 1 of the child are its stdout and stderr.
    OutputPump(ChildProcess& child, PythonSession::Live& live) : m_child(child), m_live(live) {}

    // The descriptors still open, for poll().
    void addTo(std::vector<pollfd>& fds) const
    {
        for (std::size_t i = 0; i < 2; ++i) {
            if (m_child.channelFd(i) >= 0)
                fds.push_back({m_child.channelFd(i), POLLIN, 0});
        }
    }

    bool open() const { return m_child.channelFd(0) >= 0 || m_child.channelFd(1) >= 0; }

    // Reads what is there, up to kOutputReadPerTurn a pipe; closes a pipe at end-of-file.
    void read()
    {
        for (std::size_t i = 0; i < 2; ++i) {
            const int fd = m_child.channelFd(i);
            if (fd < 0)
                continue;
            const auto stream = i == 0 ? OutputLog::Stream::Out : OutputLog::Stream::Err;
            std::size_t taken = 0;
            while (taken < kOutputReadPerTurn) {
                const ssize_t n = ::read(fd, m_buffer, sizeof m_buffer);
                if (n > 0) {
                    const std::lock_guard lock(m_live.mutex);
                    m_live.output.append(stream, std::string_view(m_buffer, static_cast<std::size_t>(n)));
                    taken += static_cast<std::size_t>(n);
                    continue;
                }
                if (n < 0 && errno == EINTR)
                    continue;
                if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                    m_child.closeChannel(i);
                break;
            }
        }
    }

    // After the program's end: what is still in the pipes, until every writer has closed
    // them or the limit has passed.
    void drain()
    {
        const TimeNs until = nowNs() + std::chrono::duration_cast<std::chrono::nanoseconds>(kOutputDrainLimit).count();
        while (open() && nowNs() < until) {
            std::vector<pollfd> fds;
            addTo(fds);
            ::poll(fds.data(), fds.size(), static_cast<int>(kPollInterval.count()));
            read();
        }
    }

private:
    ChildProcess& m_child;
    PythonSession::Live& m_live;
    char m_buffer[16384];
};

// Rebuilds the trace from what has been recorded so far and publishes it, on a thread of its
// own, never more than a quarter of a core: after a build that took b, the next starts no
// sooner than 3b later.
class SnapshotBuilder {
public:
    SnapshotBuilder(EventCollector& events, ThreadSampler& sampler, PythonRun base, PythonSession::Live& live)
        : m_thread([&events, &sampler, base = std::move(base), &live](std::stop_token stop) {
              std::mutex mutex;
              std::condition_variable_any wake;
              while (!stop.stop_requested()) {
                  const TimeNs began = nowNs();
                  PythonRun run = base;
                  run.processes = events.copy();
                  run.samples = sampler.snapshot();
                  run.endedAt = nowNs();
                  for (const ProcessEvents& p : run.processes) {
                      if (p.header.pid == run.rootPid)
                          run.pythonVersion = versionText(p.header.hexVersion);
                  }
                  live.publish(buildPythonTrace(run));
                  const TimeNs took = nowNs() - began;
                  const auto pause = std::max<std::chrono::nanoseconds>(PythonSession::kSnapshotPeriod,
                                                                        std::chrono::nanoseconds(3 * took));
                  std::unique_lock lock(mutex);
                  wake.wait_for(lock, stop, pause, [] { return false; });
              }
          })
    {
    }

private:
    std::jthread m_thread; // the destructor stops and joins it
};

// tracePython's body; with live, the output is captured (options.captureOutput) and, with
// publish, the trace published as it grows.
PythonTraceResult runSession(const PythonTraceOptions& options, std::stop_token stop, PythonSession::Live* live,
                             bool publish)
{
    PythonTraceResult result;
    const std::string python = findExecutable(options.python);
    if (python.empty()) {
        result.outcome = PythonTraceResult::Outcome::PythonMissing;
        result.problem = options.python.find('/') != std::string::npos
            ? "no Python at " + options.python
            : options.python + " was not found on PATH; install it or name one with --python";
        return result;
    }
    if (::access(options.script.c_str(), R_OK) != 0) {
        result.outcome = PythonTraceResult::Outcome::CouldNotStart;
        result.problem = "cannot read the script " + options.script;
        return result;
    }
    if (!holdsBootstrap(options.bootstrapDir)) {
        result.outcome = PythonTraceResult::Outcome::CouldNotStart;
        result.problem = "the tracer's Python files (sitecustomize.py, interleave_bootstrap) were not found";
        return result;
    }

    EventDirectory dir;
    ThreadSampler sampler(options.sampleHz);
    EventCollector events(dir, sampler);

    SpawnOptions spawn;
    spawn.path = python;
    spawn.args.push_back(options.script);
    spawn.args.insert(spawn.args.end(), options.args.begin(), options.args.end());
    spawn.nullStdin = !options.passStdin;
    spawn.newProcessGroup = true;
    const bool capture = options.captureOutput && live != nullptr;
    if (capture)
        spawn.channels = {{.childFd = 1}, {.childFd = 2}};
    std::string pythonPath = options.bootstrapDir;
    if (const char* existing = std::getenv("PYTHONPATH"); existing != nullptr && *existing != '\0')
        pythonPath += std::string(":") + existing;
    spawn.extraEnvironment = {
        "PYTHONPATH=" + pythonPath,
        "INTERLEAVE_PYTRACE_DIR=" + dir.path(),
        "INTERLEAVE_PYTRACE_TRACER=" + std::to_string(::getpid()),
    };
    if (options.calls) {
        std::error_code ignored;
        const auto dir = std::filesystem::absolute(options.script, ignored).parent_path();
        spawn.extraEnvironment.push_back("INTERLEAVE_PYTRACE_CALLS=" + dir.string());
    }
    if (capture) {
        // A pipe makes Python buffer its stdout by blocks; a window shows each line as it
        // comes, as a terminal would.
        spawn.extraEnvironment.push_back("PYTHONUNBUFFERED=1");
    }

    const TimeNs launchedAt = nowNs();
    ChildProcess root;
    try {
        root = ChildProcess::spawn(spawn);
    } catch (const std::system_error& e) {
        result.outcome = PythonTraceResult::Outcome::CouldNotStart;
        result.problem = e.what();
        return result;
    }
    const auto rootPid = static_cast<std::int32_t>(root.pid());
    sampler.addProcess(rootPid);
    sampler.start();

    PythonRun base;
    base.rootPid = rootPid;
    base.launchedAt = launchedAt;
    base.scriptName = scriptFileName(options.script);
    std::optional<SnapshotBuilder> snapshots;
    std::optional<OutputPump> output;
    if (live != nullptr && publish)
        snapshots.emplace(events, sampler, base, *live);
    if (capture)
        output.emplace(root, *live);

    RootEnd rootEnd = RootEnd::Running;
    TimeNs stoppedAt = 0;
    const TimeNs deadline = options.timeout.count() > 0
        ? launchedAt + std::chrono::duration_cast<std::chrono::nanoseconds>(options.timeout).count()
        : 0;
    std::vector<pollfd> fds;
    while (true) {
        events.poll();
        if (output)
            output->read();
        if (root.tryReap()) {
            rootEnd = root.status().kind == ChildStatus::Kind::Signalled ? RootEnd::Signalled : RootEnd::Exited;
            break;
        }
        if (stop.stop_requested()) {
            rootEnd = RootEnd::Stopped;
            stoppedAt = nowNs();
            endGroup(root);
            break;
        }
        if (deadline != 0 && nowNs() >= deadline) {
            rootEnd = RootEnd::TimedOut;
            stoppedAt = nowNs();
            endGroup(root);
            break;
        }
        fds.clear();
        if (root.exitFd() >= 0)
            fds.push_back({root.exitFd(), POLLIN, 0});
        if (output)
            output->addTo(fds);
        if (!fds.empty())
            ::poll(fds.data(), fds.size(), static_cast<int>(kPollInterval.count()));
        else
            std::this_thread::sleep_for(kPollInterval);
    }
    const TimeNs endedAt = root.status().reapedAt != 0 ? root.status().reapedAt : nowNs();

    // Children the script left behind: a moment to end on their own, then the group goes.
    if (root.signalGroup(0)) {
        const TimeNs until = nowNs() + std::chrono::duration_cast<std::chrono::nanoseconds>(kStragglerGrace).count();
        while (root.signalGroup(0) && nowNs() < until && !stop.stop_requested()) {
            events.poll();
            if (output)
                output->read();
            std::this_thread::sleep_for(kPollInterval);
        }
        root.signalGroup(SIGKILL);
    }
    snapshots.reset();
    sampler.stop();
    events.poll();
    if (output)
        output->drain();

    PythonRun run = base;
    run.processes = events.take(result.eventCount, result.droppedEvents);
    run.samples = sampler.snapshot();
    run.endedAt = endedAt;
    run.stoppedAt = stoppedAt;
    run.rootEnd = rootEnd;
    run.rootStatus = root.status();
    for (const ProcessEvents& p : run.processes) {
        if (p.header.pid == rootPid)
            run.pythonVersion = versionText(p.header.hexVersion);
    }

    result.trace = buildPythonTrace(run);
    result.status = root.status();
    result.wallNs = endedAt - launchedAt;
    result.outcome = rootEnd == RootEnd::TimedOut ? PythonTraceResult::Outcome::TimedOut
        : rootEnd == RootEnd::Stopped           ? PythonTraceResult::Outcome::Stopped
                                                : PythonTraceResult::Outcome::Finished;

    std::set<std::string> notices;
    for (const ProcessEvents& p : run.processes) {
        if (p.header.gilStatus != GilStatus::Verified && !p.header.gilNote.empty()) {
            notices.insert("No GIL row: " + p.header.gilNote + ".");
            if (p.header.pid == rootPid)
                result.gilNotice = "No GIL row: " + p.header.gilNote + ".";
        }
    }
    result.calls = options.calls;
    if (options.calls)
        notices.insert(callsCostNote(run.pythonVersion));
    if (run.processes.empty())
        notices.insert("The program wrote no events (was it started with -I, -E or -S?): only sampled states are shown.");
    if (run.samples.permissionDenied)
        notices.insert("The system refused to show the threads' system calls (Yama ptrace_scope 2 or 3): "
                       "waits are not told apart.");
    if (result.droppedEvents > 0)
        notices.insert(std::to_string(result.droppedEvents) + " events were lost: a process filled its event file.");
    result.notices.assign(notices.begin(), notices.end());
    for (const SampledProcess& p : run.samples.processes) {
        if (p.gilRead) {
            result.gilRead = true;
            result.gilSwitches += p.lastSwitchNumber - p.firstSwitchNumber;
            result.gilSwitchNumbers[p.pid] = p.switchNumbers;
        }
    }
    run.samples.threads.clear();
    run.samples.processes.clear();
    result.sampler = std::move(run.samples);
    if (capture) {
        const std::lock_guard lock(live->mutex);
        result.error = findPythonError(live->output.errTail(), options.script);
        const OutputLog::Read all = live->output.since(0);
        for (const OutputLog::Piece& piece : all.pieces) {
            if (piece.stream == OutputLog::Stream::Out)
                result.output += piece.text;
        }
    }
    return result;
}

} // namespace

PythonTraceResult tracePython(const PythonTraceOptions& options, std::stop_token stop)
{
    if (!options.captureOutput)
        return runSession(options, std::move(stop), nullptr, false);
    PythonSession::Live live;
    return runSession(options, std::move(stop), &live, false);
}

PythonSession::PythonSession(PythonTraceOptions options)
    : m_options(std::move(options)), m_live(std::make_shared<Live>())
{
}

PythonSession::~PythonSession()
{
    requestStop();
    // m_thread's destructor joins: the run ends its group within kTerminateGrace.
}

void PythonSession::start()
{
    if (m_thread.joinable() || finished())
        throw std::logic_error("a Python session runs once");
    m_thread = std::jthread([this](std::stop_token stop) {
        PythonTraceResult result;
        try {
            result = runSession(m_options, stop, m_live.get(), true);
        } catch (const std::exception& e) {
            // No directory for the events, no thread for the sampler: nothing ran.
            result = PythonTraceResult{};
            result.outcome = PythonTraceResult::Outcome::CouldNotStart;
            result.problem = e.what();
        }
        {
            const std::lock_guard lock(m_live->mutex);
            m_live->trace = result.trace;
            ++m_live->generation;
            m_live->result = std::move(result);
        }
        m_finished.store(true, std::memory_order_release);
    });
}

void PythonSession::requestStop() { m_thread.request_stop(); }

Trace PythonSession::trace() const
{
    const std::lock_guard lock(m_live->mutex);
    return m_live->trace;
}

std::uint64_t PythonSession::traceGeneration() const
{
    const std::lock_guard lock(m_live->mutex);
    return m_live->generation;
}

OutputLog::Read PythonSession::output(std::uint64_t from) const
{
    const std::lock_guard lock(m_live->mutex);
    return m_live->output.since(from, kOutputReadLimit);
}

PythonTraceResult PythonSession::result() const
{
    const std::lock_guard lock(m_live->mutex);
    return m_live->result;
}

} // namespace interleave::pytrace
