#include "cli/interruptstop.h"

#include <chrono>
#include <csignal>

namespace interleave::cli {
namespace {

std::atomic<bool> g_signalled{false};
std::atomic<int> g_signalCount{0};
std::atomic<int> g_lastSignal{0};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

extern "C" void onInterrupt(int signal)
{
    g_lastSignal.store(signal, std::memory_order_relaxed);
    g_signalCount.fetch_add(1, std::memory_order_relaxed);
    g_signalled.store(true, std::memory_order_relaxed);
}

struct sigaction g_previousInt;
struct sigaction g_previousTerm;

} // namespace

InterruptStop::InterruptStop()
{
    g_signalled.store(false, std::memory_order_relaxed);
    g_signalCount.store(0, std::memory_order_relaxed);
    g_lastSignal.store(0, std::memory_order_relaxed);
    struct sigaction action{};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &g_previousInt);
    sigaction(SIGTERM, &action, &g_previousTerm);
    m_watcher = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_closing) {
            m_wake.wait_for(lock, std::chrono::milliseconds(20));
            if (g_signalled.load(std::memory_order_relaxed))
                m_source.request_stop();
        }
    });
}

int InterruptStop::signalCount() const noexcept
{
    return g_signalCount.load(std::memory_order_relaxed);
}

int InterruptStop::exitStatus() const noexcept
{
    const int signal = g_lastSignal.load(std::memory_order_relaxed);
    return 128 + (signal != 0 ? signal : SIGINT);
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

} // namespace interleave::cli
