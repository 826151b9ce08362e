// Long on purpose: one poll loop drives every child of a run (spawn, records, protocol, the
// pool's chunks, stop, reap, the lanes' ends); the steps share the workers' state and its order.

#include "engine/process_model_run.h"

#include "engine/python_thread.h"
#include "trace/trace.h"
#include "workloads/workload.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sys/eventfd.h>
#include <system_error>
#include <unistd.h>

namespace interleave {

namespace wp = worker_protocol;

namespace {

// Channels of every worker, in the order of SpawnOptions::channels.
constexpr std::size_t kRecordsChannel = 0;
constexpr std::size_t kStderrChannel = 1;
constexpr std::size_t kCommandsChannel = 2; // process_pool only
constexpr int kRecordsFd = 3;

// After SIGTERM a worker stops at its next slice (tens of microseconds) and exits; this is
// only for one that does not (stopped by a debugger, stuck in the kernel). SIGTERM at the
// stop, SIGKILL after the grace, reaping right after: well under the 200 ms a stop may take.
constexpr TimeNs kTerminateGraceNs = 80'000'000;

// Without pidfds, exits are found by polling waitpid(WNOHANG) this often.
constexpr int kReapPollMs = 5;

// The watchdog looks at the children's states a few times per timeout, at most every 250 ms
// (a read of /proc/PID/stat per child: cheap), so a stopped child is found at most a quarter
// of the timeout late.
constexpr int kWatchdogMaxTickMs = 250;

// What a child may say on stderr that is kept for its error line.
constexpr std::size_t kMaxStderr = 4096;

// At most this many bytes are read from one child per pass, so that one chatty child cannot
// starve the others (or the stop).
constexpr std::size_t kMaxReadPerPass = 1 << 20;

// A child may declare this many lanes beyond its process lane: a bound for a broken child.
constexpr std::size_t kMaxLanesPerWorker = 1024;

enum PollKind : int { kPollRecords, kPollStderr, kPollExit, kPollWake };

// stderr as one line for an error message: whitespace runs folded, cut to a sensible length.
std::string oneLine(const std::string& text)
{
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
        if (out.size() >= 400) {
            out += "...";
            break;
        }
    }
    return out;
}

std::string taskRange(const std::vector<std::int32_t>& tasks)
{
    if (tasks.size() == 1)
        return "task " + std::to_string(tasks.front());
    return "tasks " + std::to_string(tasks.front()) + "-" + std::to_string(tasks.back());
}

} // namespace

int poolChunkSize(int tasks, int workers) noexcept
{
    const int divisor = std::max(1, workers) * 4;
    const int size = tasks / divisor + (tasks % divisor != 0 ? 1 : 0);
    return std::max(1, size); // CPython gets 0 for no tasks, and then never uses it
}

void ProcessModelRun::StopWaker::operator()() const noexcept
{
    // Runs on the thread that requested the stop: an eventfd write is all it does.
    ::eventfd_write(fd, 1);
}

ProcessModelRun::ProcessModelRun(const RunConfig& config, Recorder& recorder, std::stop_token stop,
                                 std::string workerPath, double iterationsPerMs)
    : m_config(config)
    , m_recorder(recorder)
    , m_stop(std::move(stop))
    , m_workerPath(std::move(workerPath))
    , m_readBuffer(64 * 1024)
{
    ProcessWorkerOptions& o = m_workerOptions;
    o.mode = pool() ? ProcessWorkerOptions::Mode::Pool : ProcessWorkerOptions::Mode::Single;
    o.spec = makeWorkloadSpec(config, iterationsPerMs);
    o.gil = config.gil;
    o.switchIntervalNs = std::max<TimeNs>(1, nanosecondsFromMs(config.switchIntervalMs));
    o.start = config.processStart;
    o.startIterations = config.processStart == ProcessStart::Python && config.processStartMs > 0
        ? static_cast<std::uint64_t>(std::llround(config.processStartMs * iterationsPerMs))
        : 0;
    o.iterationsPerMs = iterationsPerMs;
    o.recordsFd = kRecordsFd;
    o.commandsFd = 0;

    m_wakeFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_wakeFd < 0)
        throw std::system_error(errno, std::generic_category(), "eventfd");
    // If the stop was already requested this runs at once, and the first poll wakes at once.
    m_onStop.emplace(m_stop, StopWaker{m_wakeFd});
}

ProcessModelRun::~ProcessModelRun()
{
    m_onStop.reset(); // before the fd it writes to goes
    // Children still running here (an exception left run()) die with their ChildProcess,
    // which kills and reaps them.
    m_workers.clear();
    ::close(m_wakeFd);
}

std::size_t ProcessModelRun::addLane(LaneInfo info)
{
    m_lanes.push_back(OwnedLane{m_recorder.addLane(std::move(info))});
    return m_lanes.size() - 1;
}

void ProcessModelRun::record(std::size_t index, TimeNs time, State state, std::int32_t task,
                             std::uint16_t detail)
{
    OwnedLane& lane = m_lanes[index];
    // A lane's records must not go back in time; see the class comment.
    if (lane.recorded && time < lane.last)
        time = lane.last;
    lane.writer.recordAt(time, state, task, detail);
    lane.last = time;
    lane.state = state;
    lane.task = task;
    lane.recorded = true;
}

TimeNs ProcessModelRun::childTime(TimeNs t) noexcept { return std::min(t, nowNs()); }

RunResult ProcessModelRun::run()
{
    const TimeNs cpuStart = threadCpuNs();
    const int pid = static_cast<int>(::getpid());
    m_mainLane = addLane({.kind = LaneKind::Process, .pid = pid, .tid = static_cast<int>(::gettid()),
                          .name = "MainProcess"});
    record(m_mainLane, nowNs(), State::Running);

    // processes: one Process(target=task) per task, all started, then all joined.
    // process_pool: Pool(K) starts K workers; map() queues the chunks and waits.
    const int count = pool() ? effectiveProcessWorkers(m_config) : m_config.tasks;
    try {
        for (int i = 0; i < count; ++i) {
            checkStop();
            if (m_stopping)
                break;
            try {
                spawnWorker(i + 1, pool() ? kNoTask : i);
            } catch (const std::exception& e) {
                // Out of processes or descriptors: what runs goes on; the rest is not run.
                const std::string what = (pool() ? "SpawnPoolWorker-" : "Process-") + std::to_string(i + 1);
                std::string text = "could not start " + what + ": " + e.what();
                if (!pool())
                    text += i + 1 < count
                        ? "; tasks " + std::to_string(i) + "-" + std::to_string(count - 1) + " were not run"
                        : "; task " + std::to_string(i) + " was not run";
                m_recorder.addNote(m_lanes[m_mainLane].writer.id(), nowNs(), text);
                m_errors.push_back(std::move(text));
                break;
            }
            pump(0); // children already running send records meanwhile: show them live
        }
    } catch (const std::exception& e) {
        abort(e.what()); // see below
    }

    if (pool()) {
        const TimeNs mapAt = nowNs();
        const int n = m_config.tasks;
        const LaneId mainId = m_lanes[m_mainLane].writer.id();
        m_tasks.resize(static_cast<std::size_t>(n));
        for (int t = 0; t < n; ++t) {
            PoolTask& task = m_tasks[static_cast<std::size_t>(t)];
            task.lane = addLane(
                {.parent = mainId, .kind = LaneKind::Task, .pid = pid, .name = "task " + std::to_string(t)});
            record(task.lane, mapAt, State::Ready, t);
        }
        // The chunks are cut for the pool's size even if some workers failed to start: map()
        // does not know either.
        const int chunkSize = std::min(poolChunkSize(n, count), static_cast<int>(wp::kMaxChunkTasks));
        for (int first = 0; first < n; first += chunkSize) {
            std::vector<std::int32_t> tasks;
            for (int t = first; t < std::min(n, first + chunkSize); ++t)
                tasks.push_back(t);
            m_pendingChunks.push_back(m_chunks.size());
            m_chunks.push_back(std::move(tasks));
        }
        m_mapped = true;
        failUnrunnableChunks();
    }

    // join() / map(): blocked until every child has ended (or every result is back).
    record(m_mainLane, nowNs(), State::WaitingLock);
    try {
        if (!m_aborted)
            dispatch();
        while (!allFinalized()) {
            checkStop();
            pump(pollTimeout());
        }
    } catch (const std::exception& e) {
        // Only the system failing us gets here (poll() refused, memory exhausted). The
        // children must not outlive the run, and every lane must still end.
        abort(e.what());
    }

    if (pool()) {
        // Only a stop or a broken pool leaves tasks that never ended (failUnrunnableChunks
        // handles the rest).
        for (std::size_t t = 0; t < m_tasks.size(); ++t) {
            if (m_tasks[t].phase == PoolTask::Phase::Ended)
                continue;
            if (m_broken) {
                m_recorder.addNote(m_lanes[m_tasks[t].lane].writer.id(), nowNs(), "not run: the pool broke");
                ++m_brokenTasks;
            }
            endTask(static_cast<std::int32_t>(t), nowNs(), m_stopping && !m_aborted ? State::Stopped : State::Failed,
                    m_stopping && !m_aborted ? kEndCancelled : kEndError);
        }
    }
    if (m_broken) {
        std::string text = "the process pool is broken (as concurrent.futures' BrokenProcessPool): a worker "
                           "ended abruptly, so the others were stopped and "
            + std::to_string(m_brokenTasks) + (m_brokenTasks == 1 ? " more task" : " more tasks") + " did not finish";
        m_recorder.addNote(m_lanes[m_mainLane].writer.id(), nowNs(), text);
        m_errors.push_back(std::move(text));
    }
    // A stop that arrives once everything has ended cut nothing short: not a cancelled run.
    const bool cancelled = m_stopping && !m_aborted;
    if (cancelled)
        record(m_mainLane, nowNs(), State::Stopped, kNoTask, kEndCancelled);
    else if (m_broken)
        record(m_mainLane, nowNs(), State::Failed, kNoTask, kEndError);
    else
        record(m_mainLane, nowNs(), State::Done);

    RunResult result;
    result.model = m_config.model;
    result.cancelled = cancelled;
    result.errors = m_errors;
    result.cpuNs = m_childCpuNs + (threadCpuNs() - cpuStart);

    // Wall time and GIL waits over the lanes of this run only.
    const Trace trace = Trace::fromSnapshot(m_recorder.snapshot());
    TimeNs first = std::numeric_limits<TimeNs>::max();
    TimeNs last = std::numeric_limits<TimeNs>::min();
    for (const OwnedLane& lane : m_lanes) {
        const LaneId id = lane.writer.id();
        if (trace.spanCount(id) == 0)
            continue;
        first = std::min(first, trace.span(id, 0).start);
        last = std::max(last, trace.laneEnd(id));
        result.gilWaitNs += totalFor(trace.stateTotals(id), State::WaitingGil);
    }
    result.wallNs = last > first ? last - first : 0;
    return result;
}

void ProcessModelRun::spawnWorker(int index, std::int32_t task)
{
    auto worker = std::make_unique<Worker>();
    worker->name = (pool() ? "SpawnPoolWorker-" : "Process-") + std::to_string(index);

    ProcessWorkerOptions options = m_workerOptions;
    options.index = index;
    options.task = task == kNoTask ? 0 : task;

    SpawnOptions spawn;
    spawn.path = m_workerPath;
    spawn.args = toWorkerArguments(options);
    spawn.channels = {
        {kRecordsFd, ChildChannel::Direction::FromChild},
        {2, ChildChannel::Direction::FromChild},
    };
    if (pool())
        spawn.channels.push_back({0, ChildChannel::Direction::ToChild});

    // start(): the process lane is Starting from the moment we ask for the process. The lane
    // itself can only be added once the pid is known, with that earlier time.
    const TimeNs startAt = nowNs();
    worker->process = ChildProcess::spawn(spawn);
    const int pid = static_cast<int>(worker->process.pid());
    const std::size_t lane = addLane({.parent = m_lanes[m_mainLane].writer.id(),
                                      .kind = LaneKind::Process,
                                      .pid = pid,
                                      .tid = pid,
                                      .name = worker->name});
    record(lane, startAt, State::Starting, task);
    worker->lanes.push_back(lane);
    m_workers.push_back(std::move(worker));
}

bool ProcessModelRun::allFinalized() const
{
    return std::all_of(m_workers.begin(), m_workers.end(), [](const auto& w) { return w->finalized; });
}

void ProcessModelRun::checkStop()
{
    if (!m_stopping && m_stop.stop_requested()) {
        m_stopping = true;
        m_killAt = nowNs() + kTerminateGraceNs;
        for (auto& w : m_workers) {
            if (!w->finalized)
                w->process.terminate();
        }
    }
    if (m_stopping && !m_killed && nowNs() >= m_killAt) {
        m_killed = true;
        for (auto& w : m_workers) {
            if (!w->finalized)
                w->process.kill();
        }
    }
}

int ProcessModelRun::pollTimeout() const
{
    int timeout = -1;
    if (m_stopping && !m_killed)
        timeout = static_cast<int>(std::max<TimeNs>(0, m_killAt - nowNs()) / 1'000'000 + 1);
    for (const auto& w : m_workers) {
        if (!w->finalized && !w->process.reaped() && w->process.exitFd() < 0) {
            timeout = timeout < 0 ? kReapPollMs : std::min(timeout, kReapPollMs);
            break;
        }
    }
    if (m_config.stoppedWorkerTimeoutMs > 0 && !m_killed) {
        const int tick = std::clamp(m_config.stoppedWorkerTimeoutMs / 4, 1, kWatchdogMaxTickMs);
        timeout = timeout < 0 ? tick : std::min(timeout, tick);
    }
    return timeout;
}

void ProcessModelRun::pump(int timeoutMs)
{
    m_pollFds.clear();
    std::vector<std::pair<std::size_t, int>> owners;
    m_pollFds.push_back({m_wakeFd, POLLIN, 0});
    owners.push_back({0, kPollWake});
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        Worker& w = *m_workers[i];
        if (w.finalized)
            continue;
        if (const int fd = w.process.channelFd(kRecordsChannel); fd >= 0) {
            m_pollFds.push_back({fd, POLLIN, 0});
            owners.push_back({i, kPollRecords});
        }
        if (const int fd = w.process.channelFd(kStderrChannel); fd >= 0) {
            m_pollFds.push_back({fd, POLLIN, 0});
            owners.push_back({i, kPollStderr});
        }
        if (!w.process.reaped() && w.process.exitFd() >= 0) {
            m_pollFds.push_back({w.process.exitFd(), POLLIN, 0});
            owners.push_back({i, kPollExit});
        }
    }

    const int ready = ::poll(m_pollFds.data(), m_pollFds.size(), timeoutMs);
    if (ready < 0 && errno != EINTR)
        throw std::system_error(errno, std::generic_category(), "poll");

    for (std::size_t k = 0; ready > 0 && k < m_pollFds.size(); ++k) {
        if (m_pollFds[k].revents == 0)
            continue;
        const auto [i, kind] = owners[k];
        switch (kind) {
        case kPollWake: {
            eventfd_t value;
            ::eventfd_read(m_wakeFd, &value);
            break;
        }
        case kPollRecords: readRecords(*m_workers[i], kMaxReadPerPass); break;
        case kPollStderr: readStderr(*m_workers[i], kMaxReadPerPass); break;
        case kPollExit: m_workers[i]->process.tryReap(); break;
        }
    }

    for (auto& w : m_workers) {
        if (w->finalized)
            continue;
        if (!w->process.reaped() && w->process.exitFd() < 0)
            w->process.tryReap();
        if (w->process.reaped())
            finalize(*w);
    }
    watchdog();
    checkStop();
    dispatch();
}

void ProcessModelRun::watchdog()
{
    if (m_config.stoppedWorkerTimeoutMs <= 0 || m_killed)
        return;
    const TimeNs now = nowNs();
    if (now < m_watchdogAt)
        return;
    const int tickMs = std::clamp(m_config.stoppedWorkerTimeoutMs / 4, 1, kWatchdogMaxTickMs);
    m_watchdogAt = now + static_cast<TimeNs>(tickMs) * 1'000'000;
    const TimeNs limit = static_cast<TimeNs>(m_config.stoppedWorkerTimeoutMs) * 1'000'000;
    for (auto& w : m_workers) {
        if (w->finalized || w->process.reaped() || !w->watchdogError.empty() || !w->protocolError.empty())
            continue;
        // A stopped child cannot write, so "stopped" also means "no progress" since then.
        if (!w->process.stopped()) {
            w->stoppedSince = 0;
            continue;
        }
        if (w->stoppedSince == 0) {
            w->stoppedSince = now;
            continue;
        }
        if (now - w->stoppedSince < limit)
            continue;
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(now - w->stoppedSince) / 1e9);
        w->watchdogError = std::string("was stopped (SIGSTOP, or a debugger) and made no progress for ") + seconds
            + " s" + runningTaskOf(*w) + "; it was killed";
        w->process.kill(); // SIGKILL ends a stopped process too; its exit is seen as usual
    }
}

std::string ProcessModelRun::runningTaskOf(const Worker& w) const
{
    // process_pool: the task between TaskStarted and TaskFinished; processes: the child's one
    // task, once it has begun (a child that dies while starting was running nothing yet).
    const bool begun = !pool() && !w.lanes.empty() && m_lanes[w.lanes[0]].recorded
        && m_lanes[w.lanes[0]].state != State::Starting;
    const std::int32_t task = pool() ? w.runningTask : begun ? m_lanes[w.lanes[0]].task : kNoTask;
    return task == kNoTask ? std::string() : " while running task " + std::to_string(task);
}

void ProcessModelRun::readRecords(Worker& w, std::size_t limit)
{
    const int fd = w.process.channelFd(kRecordsChannel);
    std::size_t total = 0;
    while (fd >= 0 && total < limit) {
        const ssize_t n = ::read(fd, m_readBuffer.data(), m_readBuffer.size());
        if (n > 0) {
            total += static_cast<std::size_t>(n);
            w.decoder.feed(m_readBuffer.data(), static_cast<std::size_t>(n));
            processFrames(w);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        // End of file (or a read error, which we treat alike): the child closed its end.
        if (n == 0 && w.decoder.pendingBytes() > 0)
            protocolFailure(w, "the record stream ends inside a frame");
        w.process.closeChannel(kRecordsChannel);
        return;
    }
}

void ProcessModelRun::readStderr(Worker& w, std::size_t limit)
{
    const int fd = w.process.channelFd(kStderrChannel);
    std::size_t total = 0;
    while (fd >= 0 && total < limit) {
        const ssize_t n = ::read(fd, m_readBuffer.data(), m_readBuffer.size());
        if (n > 0) {
            total += static_cast<std::size_t>(n);
            // Kept up to a bound, read (and dropped) beyond it so that the child never blocks.
            const std::size_t room = kMaxStderr - std::min(kMaxStderr, w.stderrText.size());
            w.stderrText.append(reinterpret_cast<const char*>(m_readBuffer.data()),
                                std::min(room, static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        w.process.closeChannel(kStderrChannel);
        return;
    }
}

void ProcessModelRun::processFrames(Worker& w)
{
    const int index = static_cast<int>(
        std::find_if(m_workers.begin(), m_workers.end(), [&](const auto& p) { return p.get() == &w; })
        - m_workers.begin());
    wp::Message message;
    for (;;) {
        if (!w.protocolError.empty())
            return; // the child is being killed; nothing more from it is believed
        switch (w.decoder.next(message)) {
        case wp::FrameDecoder::Status::NeedMore: return;
        case wp::FrameDecoder::Status::Error: protocolFailure(w, w.decoder.error()); return;
        case wp::FrameDecoder::Status::Message: handle(w, index, message); break;
        }
    }
}

void ProcessModelRun::protocolFailure(Worker& w, std::string why)
{
    if (!w.protocolError.empty())
        return;
    w.protocolError = std::move(why);
    w.process.kill();
}

void ProcessModelRun::handle(Worker& w, int index, const wp::Message& message)
{
    if (!w.helloSeen && !std::holds_alternative<wp::Hello>(message))
        return protocolFailure(w, "the first frame is not a hello");

    if (const auto* hello = std::get_if<wp::Hello>(&message)) {
        if (w.helloSeen)
            return protocolFailure(w, "a second hello");
        if (hello->pid != w.process.pid())
            return protocolFailure(w, "hello from pid " + std::to_string(hello->pid));
        w.helloSeen = true;
    } else if (const auto* r = std::get_if<wp::Record>(&message)) {
        if (r->lane >= w.lanes.size())
            return protocolFailure(w, "a record for undeclared lane " + std::to_string(r->lane));
        const std::size_t lane = w.lanes[r->lane];
        if (m_lanes[lane].recorded && isTerminal(m_lanes[lane].state))
            return protocolFailure(w, "a record after the lane ended");
        record(lane, childTime(r->change.time), r->change.state, r->change.task, r->change.detail);
        // While the worker holds a task, the task's lane shows what the worker does. Its end
        // comes with TaskFinished, so a terminal record of the worker is not copied.
        if (r->lane == 0 && w.runningTask != kNoTask && !isTerminal(r->change.state))
            record(m_tasks[static_cast<std::size_t>(w.runningTask)].lane, m_lanes[lane].last, r->change.state,
                w.runningTask, static_cast<std::uint16_t>(m_lanes[lane].writer.id()));
    } else if (const auto* decl = std::get_if<wp::LaneDecl>(&message)) {
        if (decl->lane != w.lanes.size() || decl->parent >= w.lanes.size())
            return protocolFailure(w, "lane " + std::to_string(decl->lane) + " declared out of order");
        if (w.lanes.size() > kMaxLanesPerWorker)
            return protocolFailure(w, "too many lanes");
        const int pid = static_cast<int>(w.process.pid());
        w.lanes.push_back(addLane({.parent = m_lanes[w.lanes[decl->parent]].writer.id(),
                                   .kind = decl->kind,
                                   .pid = pid,
                                   .tid = decl->tid,
                                   .name = decl->name}));
    } else if (const auto* note = std::get_if<wp::Note>(&message)) {
        if (note->lane >= w.lanes.size())
            return protocolFailure(w, "a note for undeclared lane " + std::to_string(note->lane));
        const OwnedLane& lane = m_lanes[w.lanes[note->lane]];
        m_recorder.addNote(lane.writer.id(), std::max(lane.last, childTime(note->time)), note->text);
    } else if (const auto* started = std::get_if<wp::TaskStarted>(&message)) {
        const auto t = static_cast<std::size_t>(started->task);
        if (!pool() || started->task < 0 || t >= m_tasks.size()
            || std::find(w.unfinished.begin(), w.unfinished.end(), started->task) == w.unfinished.end()
            || m_tasks[t].phase != PoolTask::Phase::Ready)
            return protocolFailure(w, "task " + std::to_string(started->task) + " started out of turn");
        m_tasks[t].phase = PoolTask::Phase::Running;
        m_tasks[t].worker = index;
        w.runningTask = started->task;
        // From now on the task's lane mirrors the worker's, starting with what the worker
        // shows now (Running: it began the task just before it said so). detail: which worker
        // holds it, as the worker's lane id.
        const OwnedLane& workerLane = m_lanes[w.lanes[0]];
        record(m_tasks[t].lane, std::max(workerLane.last, childTime(started->time)),
               workerLane.recorded ? workerLane.state : State::Running, started->task,
               static_cast<std::uint16_t>(workerLane.writer.id()));
    } else if (const auto* finished = std::get_if<wp::TaskFinished>(&message)) {
        const auto t = static_cast<std::size_t>(finished->task);
        if (!pool() || finished->task < 0 || t >= m_tasks.size()
            || m_tasks[t].phase != PoolTask::Phase::Running || m_tasks[t].worker != index)
            return protocolFailure(w, "task " + std::to_string(finished->task) + " finished out of turn");
        w.unfinished.erase(std::find(w.unfinished.begin(), w.unfinished.end(), finished->task));
        w.runningTask = kNoTask;
        endTask(finished->task, childTime(finished->time), finished->state, finished->detail);
    } else if (std::holds_alternative<wp::Ready>(message)) {
        if (!pool())
            return protocolFailure(w, "a pool message from a single-task worker");
        if (!w.unfinished.empty())
            return protocolFailure(w, "asked for more work with " + taskRange(w.unfinished) + " unfinished");
        w.chunk.reset();
        w.idle = true;
    } else if (const auto* bye = std::get_if<wp::Bye>(&message)) {
        w.reportedCpuNs = bye->cpuNs;
    } else {
        return protocolFailure(w, "a parent-to-worker command on the records pipe");
    }
}

void ProcessModelRun::endTask(std::int32_t task, TimeNs time, State state, std::uint16_t detail)
{
    PoolTask& t = m_tasks[static_cast<std::size_t>(task)];
    if (t.phase == PoolTask::Phase::Ended)
        return;
    // The task lane's terminal record keeps the worker in its detail only while running;
    // Done/Failed carry the end detail like every lane's last record.
    record(t.lane, time, state, task, detail);
    t.phase = PoolTask::Phase::Ended;
    ++m_tasksEnded;
}

std::string ProcessModelRun::describe(const Worker& w) const
{
    return w.name + " (pid " + std::to_string(w.process.pid()) + ")";
}

void ProcessModelRun::finalize(Worker& w)
{
    // The child is gone, so everything it wrote is in the pipes: drain them to the end.
    readRecords(w, std::numeric_limits<std::size_t>::max());
    readStderr(w, std::numeric_limits<std::size_t>::max());
    w.process.closeChannel(kRecordsChannel);
    w.process.closeChannel(kStderrChannel);
    w.process.closeChannel(kCommandsChannel);
    w.finalized = true;

    const ChildStatus& status = w.process.status();
    m_childCpuNs += status.kind == ChildStatus::Kind::Lost ? w.reportedCpuNs : status.cpuNs();

    // A worker stopped because another one broke the pool is not a failure of its own.
    const bool stoppedByBreak = m_broken;
    std::string error;
    if (!w.protocolError.empty()) {
        error = describe(w) + " sent a malformed record stream: " + w.protocolError;
    } else if (!w.watchdogError.empty()) {
        error = describe(w) + " " + w.watchdogError;
    } else if (!m_stopping) {
        if (!status.succeeded())
            error = describe(w) + " " + status.describe() + runningTaskOf(w);
        else if (!isTerminal(m_lanes[w.lanes[0]].state))
            error = describe(w) + " exited without ending its lane";
        if (!error.empty() && !oneLine(w.stderrText).empty())
            error += ": " + oneLine(w.stderrText);
    }

    // Lanes the child did not end itself were cut short: by the stop, or by its death.
    const TimeNs end = status.reapedAt > 0 ? status.reapedAt : nowNs();
    const bool cancelled = m_stopping && !m_aborted && w.protocolError.empty();
    const std::uint16_t detail = cancelled ? kEndCancelled : kEndError;
    for (std::size_t lane : w.lanes) {
        if (!isTerminal(m_lanes[lane].state) || !m_lanes[lane].recorded)
            record(lane, end, endStateFor(detail), m_lanes[lane].task, detail);
    }
    if (!w.unfinished.empty() && stoppedByBreak) {
        for (std::int32_t task : w.unfinished) {
            m_recorder.addNote(m_lanes[m_tasks[static_cast<std::size_t>(task)].lane].writer.id(), end,
                               "not finished: the pool broke");
            endTask(task, end, State::Failed, kEndError);
            ++m_brokenTasks;
        }
        w.unfinished.clear();
    }
    if (!w.unfinished.empty()) {
        if (detail == kEndError) {
            const std::string lost = taskRange(w.unfinished) + " of its chunk "
                + (w.unfinished.size() == 1 ? "was" : "were") + " lost";
            error = error.empty() ? describe(w) + " ended with " + lost : error + "; " + lost;
        }
        for (std::int32_t task : w.unfinished) {
            if (detail == kEndError)
                m_recorder.addNote(m_lanes[m_tasks[static_cast<std::size_t>(task)].lane].writer.id(), end,
                                   "lost: " + w.name + " ended while running it");
            endTask(task, end, endStateFor(detail), detail);
        }
        w.unfinished.clear();
    }
    if (!error.empty()) {
        m_recorder.addNote(m_lanes[w.lanes[0]].writer.id(), end, error);
        m_errors.push_back(std::move(error));
        if (pool() && !m_stopping)
            breakPool();
    }
    failUnrunnableChunks();
}

void ProcessModelRun::breakPool()
{
    m_broken = true;
    m_aborted = true;  // what is cut short ends Failed, not Stopped: nobody asked for a stop
    m_stopping = true; // no more dispatching; the survivors get SIGTERM, then SIGKILL
    m_killAt = nowNs() + kTerminateGraceNs;
    for (auto& w : m_workers) {
        if (!w->finalized)
            w->process.terminate();
    }
}

void ProcessModelRun::abort(const std::string& why)
{
    std::string text = "the process model stopped: " + why;
    m_recorder.addNote(m_lanes[m_mainLane].writer.id(), nowNs(), text);
    m_errors.push_back(std::move(text));
    m_aborted = true;
    m_stopping = true; // no more dispatching; lanes cut short below end Failed (kEndError)
    for (auto& w : m_workers) {
        if (w->finalized)
            continue;
        w->process.kill();
        w->process.reap();
        finalize(*w);
    }
}

void ProcessModelRun::dispatch()
{
    // Nothing to hand out before map() was called: workers that are ready while the others
    // are still being started simply wait (and must not be told to exit: no tasks yet is not
    // all tasks done).
    if (!pool() || !m_mapped || m_stopping)
        return;
    for (auto& w : m_workers) {
        if (w->finalized || !w->idle || w->exitSent || !w->protocolError.empty() || w->process.reaped())
            continue;
        if (!m_pendingChunks.empty()) {
            const std::size_t chunk = m_pendingChunks.front();
            const auto frame = wp::encodeFrame(wp::Chunk{static_cast<std::uint32_t>(chunk), m_chunks[chunk]});
            w->idle = false;
            if (!w->process.writeAll(kCommandsChannel, frame.data(), frame.size()))
                continue; // it died: the chunk stays queued, its exit will be seen shortly
            m_pendingChunks.pop_front();
            w->chunk = chunk;
            w->unfinished = m_chunks[chunk];
        } else if (m_tasksEnded == m_tasks.size()) {
            // close() and join(): every result is back, the workers may go.
            const auto frame = wp::encodeFrame(wp::Exit{});
            w->idle = false;
            w->exitSent = true;
            w->process.writeAll(kCommandsChannel, frame.data(), frame.size());
        }
    }
}

void ProcessModelRun::failUnrunnableChunks()
{
    if (!pool() || m_stopping || m_pendingChunks.empty())
        return;
    const bool anyLeft = std::any_of(m_workers.begin(), m_workers.end(), [](const auto& w) {
        return !w->finalized && w->protocolError.empty() && !w->exitSent;
    });
    if (anyLeft)
        return;
    // Pool.map would wait forever here; we end the run and say why.
    const TimeNs now = nowNs();
    std::vector<std::int32_t> tasks;
    for (std::size_t chunk : m_pendingChunks)
        tasks.insert(tasks.end(), m_chunks[chunk].begin(), m_chunks[chunk].end());
    m_pendingChunks.clear();
    for (std::int32_t task : tasks) {
        m_recorder.addNote(m_lanes[m_tasks[static_cast<std::size_t>(task)].lane].writer.id(), now,
                           "not run: no pool worker left");
        endTask(task, now, State::Failed, kEndError);
    }
    std::string text = std::to_string(tasks.size()) + (tasks.size() == 1 ? " task was" : " tasks were")
        + " not run: no pool worker left";
    m_recorder.addNote(m_lanes[m_mainLane].writer.id(), now, text);
    m_errors.push_back(std::move(text));
}

} // namespace interleave
