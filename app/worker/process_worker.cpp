#include "process_worker.h"

#include "engine/gil.h"
#include "engine/python_thread.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <system_error>
#include <unistd.h>

namespace interleave {

namespace wp = worker_protocol;

namespace {

// How long a record may wait in the worker before the ticker sends it, while the Python
// thread is active. The GUI repaints at display rate (16 ms); a couple of milliseconds keeps
// the live view current.
constexpr int kFlushIntervalMs = 2;
constexpr TimeNs kFlushIntervalNs = TimeNs{kFlushIntervalMs} * 1'000'000;

sigset_t stopSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    return set;
}

int checked(int fd, const char* what)
{
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), what);
    return fd;
}

TimeNs toNs(const timeval& tv) noexcept
{
    return static_cast<TimeNs>(tv.tv_sec) * 1'000'000'000 + static_cast<TimeNs>(tv.tv_usec) * 1'000;
}

TimeNs ownCpuNs() noexcept
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return toNs(usage.ru_utime) + toNs(usage.ru_stime);
}

void closeFd(int& fd) noexcept
{
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

} // namespace

ProcessWorker::ProcessWorker(ProcessWorkerOptions options)
    : m_options(std::move(options))
    , m_lane(m_recorder.addLane({
          .kind = LaneKind::Process,
          .pid = static_cast<std::int32_t>(::getpid()),
          .tid = static_cast<std::int32_t>(::getpid()),
          .name = "worker-" + std::to_string(m_options.index),
      }))
    , m_laneStore(m_recorder.snapshot().lanes.front().store)
    , m_stream(m_options.recordsFd, m_recorder)
{
    // The shortest blocking wait a task can make: until it has passed, a thread that just
    // started one cannot record anything, and the ticker need not look.
    const TimeNs latency = m_options.spec.latencyNs;
    const int rounds = m_options.spec.kind == WorkloadKind::Mixed ? std::max(1, m_options.spec.rounds) : 1;
    m_shortestWaitNs = latency / rounds;

    // A write to a parent that went away must fail with EPIPE (and end us cleanly through
    // RecordStream), not kill us with a signal.
    std::signal(SIGPIPE, SIG_IGN);

    // Blocked here, before the ticker exists, so every thread inherits the mask and the
    // signals are only ever delivered through the signalfd.
    const sigset_t signals = stopSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    m_signalFd = checked(::signalfd(-1, &signals, SFD_CLOEXEC), "signalfd");
    m_quitFd = checked(::eventfd(0, EFD_CLOEXEC), "eventfd");
    m_stopFd = checked(::eventfd(0, EFD_CLOEXEC), "eventfd");
    m_pokeFd = checked(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd");

    // If the parent dies without stopping us (a crash), stop rather than compute for nobody.
    // The signal comes through the signalfd like any other stop. Linux sends it when the
    // spawning *thread* exits, not the process: harmless here, because the parent's run
    // reaps every child before the thread that spawned them returns.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);

    m_ticker.start([this](std::stop_token quit) { tick(std::move(quit)); });
}

ProcessWorker::~ProcessWorker()
{
    m_ticker.stopAndJoin();
    closeFd(m_signalFd);
    closeFd(m_quitFd);
    closeFd(m_stopFd);
    closeFd(m_pokeFd);
}

int ProcessWorker::tickTimeoutMs(std::size_t sent) const
{
    // Only records the main thread does not send itself need the ticker: those made inside
    // runTask() (the end of a blocking wait, the start of the next one) and during a long
    // compute. Every other record is followed at once by a message that flushes it. So the
    // ticker looks every couple of milliseconds while the Python thread is active, and
    // otherwise sleeps until that thread can next record something: an idle worker costs no
    // wake-ups at all, where polling would cost hundreds a second for each of up to 256.
    //
    // The decision rests on the last record already sent: one recorded since means the
    // thread moved on, so look again at once.
    if (sent == 0 || m_laneStore->size() != sent)
        return sent == 0 ? kFlushIntervalMs : 0;
    const StateChange& last = m_laneStore->at(sent - 1);
    switch (last.state) {
    case State::WaitingLock: // idle in the pool: woken by a command, then poke() wakes us
    case State::Done:
    case State::Failed: // run() ends the ticker after the terminal record
    case State::Stopped:
        return -1;
    case State::BlockedIo: {
        // sleepUntil() cannot return before its deadline (except on a stop, which the
        // signalfd reports to us first), and the deadline is at least this far away.
        const TimeNs quiet = last.time + m_shortestWaitNs - nowNs();
        return quiet > kFlushIntervalNs ? static_cast<int>(quiet / 1'000'000) : kFlushIntervalMs;
    }
    default: return kFlushIntervalMs;
    }
}

void ProcessWorker::poke() { ::eventfd_write(m_pokeFd, 1); }

void ProcessWorker::tick(std::stop_token quit)
{
    // The ticker's stop (the end of run(), the destructor) wakes its poll() through m_quitFd.
    const std::stop_callback wake(quit, [this] { ::eventfd_write(m_quitFd, 1); });
    std::array<pollfd, 3> fds{{{m_signalFd, POLLIN, 0}, {m_quitFd, POLLIN, 0}, {m_pokeFd, POLLIN, 0}}};
    for (;;) {
        const std::size_t sent = m_stream.flush();
        const int n = ::poll(fds.data(), fds.size(), tickTimeoutMs(sent));
        if (n <= 0)
            continue;
        if (fds[1].revents != 0)
            return;
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo info{};
            if (::read(m_signalFd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
                m_stop.request_stop();
                ::eventfd_write(m_stopFd, 1);
            }
        }
        if (fds[2].revents & POLLIN) {
            eventfd_t value;
            ::eventfd_read(m_pokeFd, &value);
        }
    }
}

TimeNs ProcessWorker::lastRecordTime() const
{
    const std::size_t count = m_laneStore->size();
    return count > 0 ? m_laneStore->at(count - 1).time : nowNs();
}

int ProcessWorker::run()
{
    m_stream.send(wp::Hello{.pid = static_cast<std::int32_t>(::getpid())});

    // The GIL of this process. With a single Python thread it is never contended, but the
    // thread takes it and honours it exactly as the thread models' threads do.
    std::unique_ptr<Gil> gil;
    if (m_options.gil)
        gil = std::make_unique<Gil>(m_options.switchIntervalNs, m_stop.get_token());

    int exitCode = wp::kExitOk;
    {
        PythonThread thread(m_lane, gil.get(), m_stop.get_token());
        try {
            // The interpreter's start-up: CPU work, so that it competes for cores as a real
            // interpreter starting up does, shown as Starting.
            if (m_options.start == ProcessStart::Python && m_options.startIterations > 0)
                thread.compute(m_options.startIterations, State::Starting);
            if (m_options.mode == ProcessWorkerOptions::Mode::Single)
                runSingle(thread);
            else
                runPool(thread);
            thread.end(State::Done);
        } catch (const RunCancelled&) {
            thread.end(State::Stopped, kEndCancelled);
            exitCode = wp::kExitCancelled;
        } catch (const std::exception& e) {
            m_stream.send(wp::Note{0, nowNs(), e.what()});
            thread.end(State::Failed, kEndError);
            std::fprintf(stderr, "interleave-worker %d: %s\n", m_options.index, e.what());
            exitCode = wp::kExitError;
        }
    }

    m_ticker.stopAndJoin();
    m_stream.send(wp::Bye{ownCpuNs()});
    return exitCode;
}

void ProcessWorker::runSingle(PythonThread& thread)
{
    // runTask() begins the task too; beginning here first lets the Running record leave at
    // once rather than with the next tick.
    thread.begin(m_options.task);
    m_stream.flush();
    runTask(thread, m_options.spec, m_options.task);
}

void ProcessWorker::runPool(PythonThread& thread)
{
    std::uint32_t chunksDone = 0;
    for (;;) {
        // Blocked on the task queue, as a pool worker in its get(), with the GIL released.
        thread.clearTask();
        thread.releaseFor(State::WaitingLock);
        m_stream.send(wp::Ready{nowNs(), chunksDone});
        const std::optional<wp::Message> command = waitForCommand();
        if (!command || std::holds_alternative<wp::Exit>(*command))
            return;
        const auto* chunk = std::get_if<wp::Chunk>(&*command);
        if (!chunk)
            throw std::runtime_error("unexpected frame on the command channel");
        runChunk(thread, *chunk);
        ++chunksDone;
    }
}

void ProcessWorker::runChunk(PythonThread& thread, const wp::Chunk& chunk)
{
    for (std::int32_t task : chunk.tasks) {
        thread.begin(task);
        // The task lane turns Running at the very instant this lane does.
        m_stream.send(wp::TaskStarted{task, lastRecordTime()});
        poke(); // the ticker may be asleep since this lane went idle: the task needs it
        try {
            runTask(thread, m_options.spec, task);
        } catch (const RunCancelled&) {
            throw;
        } catch (const std::exception& e) {
            // As in multiprocessing: a task that raises fails alone; the worker lives on.
            m_stream.send(wp::Note{0, nowNs(), "task " + std::to_string(task) + " failed: " + e.what()});
            m_stream.send(wp::TaskFinished{task, nowNs(), State::Failed, kEndError});
            continue;
        }
        m_stream.send(wp::TaskFinished{task, nowNs(), State::Done, kEndNormal});
    }
}

std::optional<wp::Message> ProcessWorker::waitForCommand()
{
    std::array<pollfd, 2> fds{{{m_options.commandsFd, POLLIN, 0}, {m_stopFd, POLLIN, 0}}};
    std::array<std::uint8_t, 4096> buffer{};
    for (;;) {
        wp::Message message;
        switch (m_commands.next(message)) {
        case wp::FrameDecoder::Status::Message: return message;
        case wp::FrameDecoder::Status::Error:
            throw std::runtime_error("bad command stream: " + m_commands.error());
        case wp::FrameDecoder::Status::NeedMore: break;
        }
        if (m_stop.stop_requested())
            throw RunCancelled{};
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        if (fds[1].revents != 0 || m_stop.stop_requested())
            throw RunCancelled{};
        if (fds[0].revents == 0)
            continue;
        const ssize_t n = ::read(m_options.commandsFd, buffer.data(), buffer.size());
        if (n == 0)
            return std::nullopt;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            throw std::system_error(errno, std::generic_category(), "reading commands");
        }
        m_commands.feed(buffer.data(), static_cast<std::size_t>(n));
    }
}

} // namespace interleave
