// Keeps the threadless suites threadless. A test program may name suites whose tests start
// no thread (THREADLESS_SUITES of interleave_add_test, tests/CMakeLists.txt); the tsan preset
// leaves them out, as ThreadSanitizer has nothing to check where no thread shares data. So that
// the name stays true, every program counts the threads it starts, and a test of a suite so
// named that starts one fails the run in every other preset (dev, asan): the suite is then to
// come off the list.

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <pthread.h>

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

// Defined for each test program by interleave_add_test: its threadless suites, comma-separated.
extern const char* const interleaveThreadlessSuites;

namespace {

std::atomic<long> g_threadsStarted {0};

using PthreadCreate = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);

} // namespace

// Every thread of the process is started here: a program's own definition comes before the C
// library's (and a sanitizer's) in the dynamic linker's search order, for the calls of the
// standard library and Qt too. The next definition in that order starts the thread.
extern "C" int pthread_create(
    pthread_t* thread, const pthread_attr_t* attributes, void* (*start)(void*), void* argument) noexcept
{
    static const auto next = reinterpret_cast<PthreadCreate>(dlsym(RTLD_NEXT, "pthread_create"));
    g_threadsStarted.fetch_add(1, std::memory_order_relaxed);
    return next(thread, attributes, start, argument);
}

namespace {

bool isThreadless(std::string_view suite)
{
    std::string_view list = interleaveThreadlessSuites;
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        if (list.substr(0, comma) == suite)
            return true;
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    return false;
}

std::vector<std::string>& threadedTests()
{
    static std::vector<std::string> tests;
    return tests;
}

// Notes each test of a threadless suite that started a thread.
class ThreadlessCheck : public testing::EmptyTestEventListener {
public:
    void OnTestStart(const testing::TestInfo&) override { m_before = g_threadsStarted.load(); }

    void OnTestEnd(const testing::TestInfo& info) override
    {
        const long started = g_threadsStarted.load() - m_before;
        if (started > 0 && isThreadless(info.test_suite_name()))
            threadedTests().push_back(std::string(info.test_suite_name()) + "." + info.name() + " started "
                + std::to_string(started) + (started == 1 ? " thread" : " threads"));
    }

private:
    long m_before = 0;
};

// Fails the run, once every test has run, for the tests noted.
class ThreadlessReport : public testing::Environment {
public:
    void TearDown() override
    {
        for (const std::string& test : threadedTests())
            ADD_FAILURE() << test << ", but its suite is named threadless (THREADLESS_SUITES in the "
                          << "tests' CMakeLists.txt) and runs without ThreadSanitizer: take it off the list";
    }
};

[[maybe_unused]] const bool g_registered = [] {
    testing::UnitTest::GetInstance()->listeners().Append(new ThreadlessCheck);
    testing::AddGlobalTestEnvironment(new ThreadlessReport);
    return true;
}();

} // namespace
