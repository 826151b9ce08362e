#include "trace/page_prefaulter.h"

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 // Linux 5.14; older kernels answer EINVAL and nothing happens
#endif

namespace interleave {
namespace {

struct PrefaultRange {
    std::uintptr_t begin = 0;
    std::size_t bytes = 0;
};

class PrefaultQueue {
public:
    PrefaultQueue() { std::thread([this] { run(); }).detach(); }

    PrefaultQueue(const PrefaultQueue&) = delete;
    PrefaultQueue& operator=(const PrefaultQueue&) = delete;

    void post(PrefaultRange range) noexcept
    {
        {
            std::unique_lock lock(m_mutex, std::try_to_lock);
            if (!lock.owns_lock() || m_size == m_ring.size())
                return; // busy or behind: the writer faults these pages itself
            m_ring[(m_head + m_size) % m_ring.size()] = range;
            ++m_size;
        }
        m_wake.notify_one();
    }

    std::size_t handled() const noexcept { return m_handled.load(std::memory_order_relaxed); }

private:
    void run()
    {
        const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [this] { return m_size > 0; });
            const PrefaultRange range = m_ring[m_head];
            m_head = (m_head + 1) % m_ring.size();
            --m_size;
            lock.unlock();
            // Whole pages inside the range only: a page it shares with other memory is left to
            // whoever touches it first.
            const std::uintptr_t begin = (range.begin + page - 1) / page * page;
            const std::uintptr_t end = (range.begin + range.bytes) / page * page;
            if (end > begin)
                madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
            m_handled.fetch_add(1, std::memory_order_relaxed);
            lock.lock();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::array<PrefaultRange, 256> m_ring{};
    std::size_t m_head = 0;
    std::size_t m_size = 0;
    std::atomic<std::size_t> m_handled{0};
};

// Never destroyed: its thread waits for work until the process ends, so no writer can find it
// gone during exit.
PrefaultQueue& prefaultQueue()
{
    static PrefaultQueue* const queue = new PrefaultQueue;
    return *queue;
}

} // namespace

void PagePrefaulter::request(const void* begin, std::size_t bytes) noexcept
{
    prefaultQueue().post({reinterpret_cast<std::uintptr_t>(begin), bytes});
}

std::size_t PagePrefaulter::populatedRequests() noexcept
{
    return prefaultQueue().handled();
}

} // namespace interleave
