#include "cli/interruptstop.h"

#include <chrono>
#include <csignal>
#include <system_error>

namespace interleave::cli {
namespace {

// The first of SIGINT and SIGTERM to arrive (0 before either), the last one, and how many.
std::atomic<int> g_signal{0};
std::atomic<int> g_lastSignal{0};
std::atomic<int> g_signalCount{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

extern "C" void onInterrupt(int sig)
{
    int none = 0;
    g_signal.compare_exchange_strong(none, sig, std::memory_order_relaxed);
    g_lastSignal.store(sig, std::memory_order_relaxed);
    g_signalCount.fetch_add(1, std::memory_order_relaxed);
}

struct sigaction g_previousInt;
struct sigaction g_previousTerm;

} // namespace

InterruptStop::InterruptStop()
{
    g_signal.store(0, std::memory_order_relaxed);
    g_lastSignal.store(0, std::memory_order_relaxed);
    g_signalCount.store(0, std::memory_order_relaxed);
    struct sigaction action{};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &g_previousInt);
    sigaction(SIGTERM, &action, &g_previousTerm);
    try {
        m_watcher = std::thread([this] { watch(); });
    } catch (const std::system_error& e) {
        sigaction(SIGINT, &g_previousInt, nullptr);
        sigaction(SIGTERM, &g_previousTerm, nullptr);
        throw std::system_error(e.code(), "cannot start thread watching for Ctrl+C");
    }
}

void InterruptStop::watch()
{
    std::unique_lock lock(m_mutex);
    while (!m_closing) {
        m_wake.wait_for(lock, std::chrono::milliseconds(20));
        if (const int sig = g_signal.load(std::memory_order_relaxed); sig != 0) {
            m_signal.store(sig, std::memory_order_relaxed);
            m_source.request_stop();
        }
    }
}

InterruptStop::~InterruptStop()
{
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
    }
    m_wake.notify_all();
    m_watcher.join();
    sigaction(SIGINT, &g_previousInt, nullptr);
    sigaction(SIGTERM, &g_previousTerm, nullptr);
}

int InterruptStop::signalCount() const noexcept
{
    return g_signalCount.load(std::memory_order_relaxed);
}

int InterruptStop::exitStatus() const noexcept
{
    int sig = m_signal.load(std::memory_order_relaxed);
    if (sig == 0)
        sig = g_lastSignal.load(std::memory_order_relaxed);
    return 128 + (sig != 0 ? sig : SIGINT);
}

} // namespace interleave::cli
