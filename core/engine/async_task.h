#pragma once

#include <coroutine>
#include <exception>
#include <utility>

namespace interleave {

// The coroutine type of the asyncio model: a C++20 coroutine that starts suspended (the event
// loop steps it), keeps what it threw for the loop to report, and stays suspended at its end
// so the loop can see that it is done. Owns its frame.
class AsyncTask {
public:
    struct promise_type {
        std::exception_ptr error;

        AsyncTask get_return_object() noexcept { return AsyncTask(Handle::from_promise(*this)); }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() noexcept {}
        void unhandled_exception() noexcept { error = std::current_exception(); }
    };
    using Handle = std::coroutine_handle<promise_type>;

    AsyncTask() = default;
    AsyncTask(AsyncTask&& other) noexcept : m_handle(std::exchange(other.m_handle, {})) {}
    AsyncTask& operator=(AsyncTask&& other) noexcept
    {
        if (this != &other) {
            destroy();
            m_handle = std::exchange(other.m_handle, {});
        }
        return *this;
    }
    AsyncTask(const AsyncTask&) = delete;
    AsyncTask& operator=(const AsyncTask&) = delete;
    // Destroying a coroutine parked at an await is how a cancelled task's frame goes away.
    ~AsyncTask() { destroy(); }

    explicit operator bool() const noexcept { return static_cast<bool>(m_handle); }
    bool done() const noexcept { return m_handle.done(); }
    void resume() const { m_handle.resume(); }
    std::exception_ptr error() const noexcept { return m_handle.promise().error; }

private:
    explicit AsyncTask(Handle handle) noexcept : m_handle(handle) {}
    void destroy() noexcept
    {
        if (m_handle)
            std::exchange(m_handle, {}).destroy();
    }

    Handle m_handle;
};

} // namespace interleave
