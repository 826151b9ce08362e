#include "pytrace/python_session.h"

#include "engine/child_process.h"
#include "pytrace/event_file.h"
#include "pytrace/thread_sampler.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <map>
#include <memory>
#include <poll.h>
#include <set>
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
constexpr auto kTerminateGrace = std::chrono::milliseconds(200);
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
// each new process and where its GIL is.
class EventCollector {
public:
    EventCollector(const EventDirectory& dir, ThreadSampler& sampler) : m_dir(dir), m_sampler(sampler) {}

    void poll()
    {
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

    // The events with their strings resolved.
    std::vector<ProcessEvents> take(std::uint64_t& count, std::uint64_t& dropped)
    {
        std::vector<ProcessEvents> out;
        count = 0;
        dropped = 0;
        for (auto& [name, entry] : m_files) {
            ProcessEvents& p = entry.events;
            for (const EventRecord& r : p.records) {
                switch (static_cast<EventKind>(r.kind)) {
                case EventKind::ProcessStart:
                case EventKind::ProcessName:
                case EventKind::ThreadStart:
                case EventKind::LockCreated:
                case EventKind::TaskCreated:
                case EventKind::TaskCoro:
                case EventKind::Uncaught:
                    if (!p.strings.contains(r.b))
                        p.strings.emplace(r.b, entry.file->string(r.b));
                    break;
                default:
                    break;
                }
            }
            count += p.records.size();
            dropped += entry.file->dropped();
            out.push_back(std::move(p));
        }
        return out;
    }

private:
    struct Entry {
        std::unique_ptr<EventFile> file;
        ProcessEvents events;
    };
    const EventDirectory& m_dir;
    ThreadSampler& m_sampler;
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

PythonTraceResult tracePython(const PythonTraceOptions& options, std::stop_token stop)
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
    std::string pythonPath = options.bootstrapDir;
    if (const char* existing = std::getenv("PYTHONPATH"); existing != nullptr && *existing != '\0')
        pythonPath += std::string(":") + existing;
    spawn.extraEnvironment = {
        "PYTHONPATH=" + pythonPath,
        "INTERLEAVE_PYTRACE_DIR=" + dir.path(),
        "INTERLEAVE_PYTRACE_TRACER=" + std::to_string(::getpid()),
    };

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

    RootEnd rootEnd = RootEnd::Running;
    const TimeNs deadline = options.timeout.count() > 0
        ? launchedAt + std::chrono::duration_cast<std::chrono::nanoseconds>(options.timeout).count()
        : 0;
    while (true) {
        events.poll();
        if (root.tryReap()) {
            rootEnd = root.status().kind == ChildStatus::Kind::Signalled ? RootEnd::Signalled : RootEnd::Exited;
            break;
        }
        if (stop.stop_requested()) {
            rootEnd = RootEnd::Stopped;
            endGroup(root);
            break;
        }
        if (deadline != 0 && nowNs() >= deadline) {
            rootEnd = RootEnd::TimedOut;
            endGroup(root);
            break;
        }
        if (root.exitFd() >= 0) {
            pollfd p{root.exitFd(), POLLIN, 0};
            ::poll(&p, 1, static_cast<int>(kPollInterval.count()));
        } else {
            std::this_thread::sleep_for(kPollInterval);
        }
    }
    const TimeNs endedAt = root.status().reapedAt != 0 ? root.status().reapedAt : nowNs();

    // Children the script left behind: a moment to end on their own, then the group goes.
    if (root.signalGroup(0)) {
        const TimeNs until = nowNs() + std::chrono::duration_cast<std::chrono::nanoseconds>(kStragglerGrace).count();
        while (root.signalGroup(0) && nowNs() < until && !stop.stop_requested()) {
            events.poll();
            std::this_thread::sleep_for(kPollInterval);
        }
        root.signalGroup(SIGKILL);
    }
    sampler.stop();
    events.poll();

    PythonRun run;
    run.processes = events.take(result.eventCount, result.droppedEvents);
    run.samples = sampler.snapshot();
    run.rootPid = rootPid;
    run.launchedAt = launchedAt;
    run.endedAt = endedAt;
    run.rootEnd = rootEnd;
    run.rootStatus = root.status();
    run.scriptName = scriptFileName(options.script);
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
        if (p.header.gilStatus != GilStatus::Verified && !p.header.gilNote.empty())
            notices.insert("No GIL row: " + p.header.gilNote + ".");
    }
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
    return result;
}

} // namespace interleave::pytrace
