// The event file's layout is written twice: event_format.h for the reader, event_format.py
// for the bootstrap that writes it. This holds them together, number by number.

#include "pytrace/event_format.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <string>

namespace interleave::pytrace {
namespace {

// NAME = <integer or (offset, "fmt")> lines of the Python module, as numbers (an offset pair
// gives its offset).
std::map<std::string, long long> pythonConstants()
{
    std::ifstream in(std::string(INTERLEAVE_PYTHON_DIR) + "/interleave_bootstrap/event_format.py");
    std::map<std::string, long long> values;
    const std::regex number(R"(^([A-Z_0-9]+) = (\d+)\s*(#.*)?$)");
    const std::regex field(R"(^([A-Z_0-9]+) = \((\d+), ")");
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
        if (std::regex_search(line, m, number) || std::regex_search(line, m, field))
            values[m[1]] = std::stoll(m[2]);
    }
    return values;
}

TEST(EventFormat, PythonAndCppAgreeOnEveryNumber)
{
    const auto py = pythonConstants();
    ASSERT_FALSE(py.empty()) << "event_format.py not found under " << INTERLEAVE_PYTHON_DIR;
    const std::map<std::string, long long> cpp{
        {"VERSION", kFormatVersion},
        {"HEADER_SIZE", kHeaderSize},
        {"CHUNK_SIZE", kChunkSize},
        {"CHUNK_COUNT", kChunkCount},
        {"STRINGS_CAPACITY", kStringsCapacity},
        {"FIRST_STRING", 8},
        {"H_VERSION", header::kVersion},
        {"H_RECORD_SIZE", header::kRecordSize},
        {"H_CHUNK_SIZE", header::kChunkSizeAt},
        {"H_CHUNK_COUNT", header::kChunkCountAt},
        {"H_CHUNKS_OFFSET", header::kChunksOffsetAt},
        {"H_STRINGS_OFFSET", header::kStringsOffsetAt},
        {"H_STRINGS_CAPACITY", header::kStringsCapacityAt},
        {"H_PID", header::kPid},
        {"H_PPID", header::kPpid},
        {"H_HEXVERSION", header::kHexVersion},
        {"H_CHUNKS_USED", header::kChunksUsed},
        {"H_STRINGS_USED", header::kStringsUsed},
        {"H_DROPPED", header::kDropped},
        {"H_GIL_STATUS", header::kGilStatus},
        {"H_RUNTIME_ADDRESS", header::kRuntimeAddress},
        {"H_GIL_OFFSET", header::kGilOffset},
        {"H_GIL_SIZE", header::kGilSize},
        {"H_GIL_LOCKED", header::kGilLocked},
        {"H_GIL_LAST_HOLDER", header::kGilLastHolder},
        {"H_GIL_SWITCH_NUMBER", header::kGilSwitchNumber},
        {"H_TSTATE_CURRENT", header::kTstateCurrent},
        {"H_TSTATE_NATIVE_ID", header::kTstateNativeId},
        {"H_START_TIME", header::kStartTime},
        {"H_GIL_NOTE", header::kGilNote},
        {"H_READY", header::kReady},
        {"GIL_VERIFIED", static_cast<long long>(GilStatus::Verified)},
        {"GIL_UNSUPPORTED", static_cast<long long>(GilStatus::Unsupported)},
        {"GIL_CHECK_FAILED", static_cast<long long>(GilStatus::CheckFailed)},
        {"GIL_NONE", static_cast<long long>(GilStatus::NoGil)},
        {"PROCESS_START", static_cast<long long>(EventKind::ProcessStart)},
        {"PROCESS_NAME", static_cast<long long>(EventKind::ProcessName)},
        {"PROCESS_EXIT", static_cast<long long>(EventKind::ProcessExit)},
        {"THREAD_START", static_cast<long long>(EventKind::ThreadStart)},
        {"THREAD_END", static_cast<long long>(EventKind::ThreadEnd)},
        {"SLEEP_BEGIN", static_cast<long long>(EventKind::SleepBegin)},
        {"SLEEP_END", static_cast<long long>(EventKind::SleepEnd)},
        {"LOCK_CREATED", static_cast<long long>(EventKind::LockCreated)},
        {"TASK_CREATED", static_cast<long long>(EventKind::TaskCreated)},
        {"TASK_CORO", static_cast<long long>(EventKind::TaskCoro)},
        {"TASK_READY", static_cast<long long>(EventKind::TaskReady)},
        {"TASK_STEP_BEGIN", static_cast<long long>(EventKind::TaskStepBegin)},
        {"TASK_STEP_END", static_cast<long long>(EventKind::TaskStepEnd)},
        {"UNCAUGHT", static_cast<long long>(EventKind::Uncaught)},
        {"TERMINATED", static_cast<long long>(EventKind::Terminated)},
        {"WAIT_BEGIN", static_cast<long long>(EventKind::WaitBegin)},
        {"WAIT_END", static_cast<long long>(EventKind::WaitEnd)},
        {"CALL", static_cast<long long>(EventKind::Call)},
        {"RETURN", static_cast<long long>(EventKind::Return)},
        {"MARK", static_cast<long long>(EventKind::Mark)},
        {"START_FORK", static_cast<long long>(StartKind::Fork)},
        {"START_EXEC", static_cast<long long>(StartKind::Exec)},
        {"EXIT_CODE_KNOWN", kExitCodeKnown},
        {"EXIT_AT_EXIT", kExitAtExit},
        {"LOCK_REENTRANT", static_cast<long long>(LockKind::Reentrant)},
        {"LOCK_JOIN", static_cast<long long>(LockKind::Join)},
        {"LOCK_WAITER", static_cast<long long>(LockKind::Waiter)},
        {"TASK_RENAMED", kTaskRenamed},
        {"TASK_DONE", static_cast<long long>(TaskOutcome::Done)},
        {"TASK_FAILED", static_cast<long long>(TaskOutcome::Failed)},
        {"TASK_CANCELLED", static_cast<long long>(TaskOutcome::Cancelled)},
    };
    for (const auto& [name, value] : cpp) {
        const auto it = py.find(name);
        ASSERT_NE(it, py.end()) << name << " is missing from event_format.py";
        EXPECT_EQ(it->second, value) << name;
    }
}

} // namespace
} // namespace interleave::pytrace
