// A lab run's lock log in a Chrome trace file: written after the events, read back exactly,
// and every way it can be malformed refused with a message naming what is wrong.
#include "trace/chrome_trace.h"

#include "trace/trace.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace interleave {
namespace {

std::string lockLogFileText(const Trace& trace)
{
    std::ostringstream out;
    writeChromeTrace(trace, out);
    return out.str();
}

Trace lockLogFileRead(const std::string& text)
{
    std::istringstream in(text);
    return readChromeTrace(in);
}

// Two threads on lanes of their own, a plain and a recursive lock, and events of every kind: one
// recorded on no lane.
Trace twoThreadsWithLocks()
{
    TraceBuilder b;
    const LaneId process = b.addLane({.kind = LaneKind::Process, .pid = 10, .tid = 10, .name = "lab"});
    const LaneId a
        = b.addLane({.parent = process, .kind = LaneKind::Thread, .pid = 10, .tid = 11, .name = "a"});
    const LaneId c
        = b.addLane({.parent = process, .kind = LaneKind::Thread, .pid = 10, .tid = 12, .name = "b \"2\""});
    b.append(process, {0, kNoTask, State::Running});
    b.append(a, {1'000, kNoTask, State::Running});
    b.append(c, {2'000, kNoTask, State::Running});
    b.append(c, {3'500, kNoTask, State::WaitingLock, 0, 0});
    b.setLaneEnd(process, 9'000);
    b.setLaneEnd(a, 9'000);
    b.setLaneEnd(c, 9'000);
    b.setMetadata("lab", "locks");
    LockLog log;
    log.threads = {"a", "b \"2\""};
    log.locks = {{"x", false}, {"r é", true}};
    log.events = {
        {1'000, 0, 0, LockEventKind::Acquire, a},
        {1'001, 0, 1, LockEventKind::Acquire, a},
        {1'002, 0, 1, LockEventKind::Acquire, a},
        {3'500, 1, 0, LockEventKind::Wait, c},
        {4'000, 1, 0, LockEventKind::Abandon, c},
        {4'000, 0, 1, LockEventKind::Release, kNoLane},
        {8'999, 0, 0, LockEventKind::Release, a},
    };
    b.setLockLog(log);
    return b.build();
}

TEST(ChromeTraceLockLog, WrittenAndReadBackTheLogIsEqual)
{
    const Trace trace = twoThreadsWithLocks();
    const Trace back = lockLogFileRead(lockLogFileText(trace));
    EXPECT_EQ(back.lockLog(), trace.lockLog());
    EXPECT_EQ(back.metadata(), trace.metadata());
    ASSERT_EQ(back.laneCount(), trace.laneCount());
}

TEST(ChromeTraceLockLog, ComesAfterTheEventsAndOnlyWhenThereIsOne)
{
    const std::string text = lockLogFileText(twoThreadsWithLocks());
    const std::size_t events = text.find("\"traceEvents\"");
    const std::size_t log = text.find("\"interleave_lock_log\"");
    ASSERT_NE(log, std::string::npos);
    // Perfetto reads no further than a top-level key it does not know: after the events, it
    // hides nothing.
    EXPECT_LT(events, log);
    const nlohmann::json doc = nlohmann::json::parse(text);
    const nlohmann::json& written = doc.at("interleave_lock_log");
    EXPECT_EQ(written.at("version"), 1);
    EXPECT_EQ(written.at("threads"), (nlohmann::json {"a", "b \"2\""}));
    EXPECT_EQ(written.at("locks").at(1).at("recursive"), true);
    EXPECT_EQ(written.at("events").size(), 7u);
    EXPECT_EQ(written.at("events").at(3).at("kind"), "wait");
    EXPECT_EQ(written.at("events").at(3).at("ts"), 3.5);
    EXPECT_FALSE(written.at("events").at(5).contains("lane"));

    // An engine run's file is as it was: no lock log at all.
    TraceBuilder engine;
    const LaneId lane = engine.addLane({.kind = LaneKind::Thread, .pid = 1, .tid = 1, .name = "t"});
    engine.append(lane, {0, kNoTask, State::Running});
    EXPECT_EQ(lockLogFileText(engine.build()).find("interleave_lock_log"), std::string::npos);
}

TEST(ChromeTraceLockLog, WhatNoReaderWouldTakeIsNotWritten)
{
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .pid = 1, .tid = 1, .name = "t"});
    b.append(lane, {0, kNoTask, State::Running});
    LockLog log;
    log.threads = {"t"};
    log.locks = {{"x", false}};
    log.events = {
        {10, 0, 0, LockEventKind::Acquire, lane}, {20, 3, 0, LockEventKind::Wait, lane}, // no thread 3
        {20, 0, -1, LockEventKind::Wait, lane}, // no lock -1
        {5, 0, 0, LockEventKind::Release, lane}, // back in time
        {30, 0, 0, LockEventKind::Release, 7}, // no lane 7: written without one
    };
    b.setLockLog(log);
    const Trace back = lockLogFileRead(lockLogFileText(b.build()));
    const std::vector<LockEvent> expected {
        {10, 0, 0, LockEventKind::Acquire, lane}, {30, 0, 0, LockEventKind::Release, kNoLane}};
    EXPECT_EQ(back.lockLog().events, expected);
}

// A file of two lanes (values 4 and 9, so ids 0 and 1) and the lock log given.
std::string fileWithLockLog(const std::string& lockLog, bool logFirst = false)
{
    const std::string events = R"("traceEvents":[
{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"a","lane":4,"parent":-1,"kind":"thread","os_tid":1}},
{"ph":"M","name":"thread_name","pid":1,"tid":2,"args":{"name":"b","lane":9,"parent":-1,"kind":"thread","os_tid":2}},
{"ph":"X","name":"Running","pid":1,"tid":1,"ts":0,"dur":1}
])";
    const std::string log = "\"interleave_lock_log\":" + lockLog;
    return "{" + (logFirst ? log + "," + events : events + "," + log) + "}";
}

const std::string kValidLockLog = R"({"version":1,"threads":["a","b"],
"locks":[{"name":"x","recursive":false},{"name":"y"}],
"events":[
{"ts":0.010,"thread":0,"lock":0,"kind":"acquire","lane":4},
{"ts":1,"thread":1,"lock":0,"kind":"wait","lane":9},
{"ts":1.5,"thread":1,"lock":0,"kind":"abandon"},
{"ts":2,"thread":0,"lock":0,"kind":"release","lane":4}
]})";

TEST(ChromeTraceLockLog, ReadsAHandWrittenLogInAnyKeyOrder)
{
    LockLog expected;
    expected.threads = {"a", "b"};
    expected.locks = {{"x", false}, {"y", false}};
    expected.events = {
        {10, 0, 0, LockEventKind::Acquire, 0},
        {1'000, 1, 0, LockEventKind::Wait, 1},
        {1'500, 1, 0, LockEventKind::Abandon, kNoLane},
        {2'000, 0, 0, LockEventKind::Release, 0},
    };
    EXPECT_EQ(lockLogFileRead(fileWithLockLog(kValidLockLog)).lockLog(), expected);
    // Before the events: the lanes are known only later, and still resolved.
    EXPECT_EQ(lockLogFileRead(fileWithLockLog(kValidLockLog, true)).lockLog(), expected);
}

struct MalformedLockLog {
    const char* what;
    std::string from; // replaced once in kValidLockLog ...
    std::string to; // ... by this
    std::string message; // a part of the error's message
};

std::string replacedOnce(std::string text, const std::string& from, const std::string& to)
{
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
        text.replace(at, from.size(), to);
    return text;
}

TEST(ChromeTraceLockLog, EachMalformedLogIsRefusedByName)
{
    const std::vector<MalformedLockLog> cases {
        {"thread out of range", R"("thread":1,"lock":0,"kind":"wait")",
            R"("thread":5,"lock":0,"kind":"wait")",
            R"("events"[1] "thread" is 5, but the log has 2 threads)"},
        {"lock out of range", R"("lock":0,"kind":"wait")", R"("lock":2,"kind":"wait")",
            R"("events"[1] "lock" is 2, but the log has 2 locks)"},
        {"negative index", R"("thread":1,"lock":0,"kind":"wait")", R"("thread":-1,"lock":0,"kind":"wait")",
            R"("events"[1] "thread" is negative (-1))"},
        {"index beyond 32 bits", R"("thread":1,"lock":0,"kind":"wait")",
            R"("thread":4294967296,"lock":0,"kind":"wait")", R"("thread" is out of range)"},
        {"index beyond 63 bits", R"("thread":1,"lock":0,"kind":"wait")",
            R"("thread":9223372036854775808,"lock":0,"kind":"wait")",
            R"("events"[1] "thread" is out of range)"},
        {"index not an integer", R"("thread":1,"lock":0,"kind":"wait")",
            R"("thread":1.5,"lock":0,"kind":"wait")", R"("events"[1] "thread" is not an integer)"},
        {"times out of order", R"("ts":2,)", R"("ts":0.5,)",
            R"("events"[3] "ts" is earlier than the event before it)"},
        {"time out of range", R"("ts":2,)", R"("ts":1e16,)", R"("ts" is out of range)"},
        {"integer time out of range", R"("ts":2,)", R"("ts":10000000000000000,)", R"("ts" is out of range)"},
        {"time not a number", R"("ts":2,)", R"("ts":"2",)", R"("events"[3] "ts" is a string, not a number)"},
        {"unknown kind", R"("kind":"abandon")", R"("kind":"grab")",
            R"("events"[2] "kind" is "grab", not one of "wait", "acquire", "abandon", "release")"},
        {"kind not a string", R"("kind":"abandon")", R"("kind":3)", R"("kind" is a number, not a string)"},
        {"missing kind", R"(,"kind":"abandon")", "", R"("events"[2] "kind" is missing)"},
        {"missing ts", R"("ts":1.5,)", "", R"("events"[2] "ts" is missing)"},
        {"unknown event field", R"("kind":"abandon")", R"("kind":"abandon","why":1)",
            R"("events"[2] has an unknown field "why")"},
        {"field twice", R"("kind":"abandon")", R"("kind":"abandon","kind":"wait")",
            R"("events"[2] "kind" appears twice)"},
        {"lane not in the file", R"("kind":"wait","lane":9)", R"("kind":"wait","lane":5)",
            R"("events"[1] "lane" is 5, which is not a lane of this file)"},
        {"event not an object", R"({"ts":1.5,"thread":1,"lock":0,"kind":"abandon"})", "[]",
            R"("events"[2] is not an object)"},
        {"thread name not a string", R"(["a","b"])", R"(["a",2])",
            R"("threads"[1] is a number, not a string (a thread's name))"},
        {"lock without a name", R"({"name":"y"})", R"({"recursive":true})",
            R"("locks"[1] "name" is missing)"},
        {"recursive not a boolean", R"("recursive":false)", R"("recursive":"no")",
            R"("locks"[0] "recursive" is a string, not true or false)"},
        {"threads not an array", R"("threads":["a","b"])", R"("threads":{"a":1})",
            R"("threads" is an object, not an array)"},
        {"threads missing", R"("threads":["a","b"],)", "", R"("threads" is missing)"},
        {"events under another name", R"(,
"events":[)",
            R"(,"more":[)", R"(has an unknown field "more")"},
        {"null", R"("name":"x")", R"("name":null)", R"("locks"[0] "name" is null, not a string)"},
        {"newer version", R"("version":1)", R"("version":2)",
            R"("version" is 2: this program reads version 1)"},
        {"no version", R"("version":1,)", "", R"("version" is missing)"},
        {"unknown top field", R"("version":1,)", R"("version":1,"extra":true,)",
            R"(has an unknown field "extra")"},
    };
    for (const MalformedLockLog& c : cases) {
        SCOPED_TRACE(c.what);
        const std::string text = fileWithLockLog(replacedOnce(kValidLockLog, c.from, c.to));
        try {
            lockLogFileRead(text);
            ADD_FAILURE() << "read without an error";
        } catch (const ChromeTraceError& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find(c.message), std::string::npos) << message;
            // Where it is: the key and a byte of the file.
            EXPECT_NE(message.find("\"interleave_lock_log\" at byte "), std::string::npos) << message;
            ASSERT_TRUE(e.byteOffset());
            EXPECT_LT(*e.byteOffset(), text.size());
        }
    }
}

TEST(ChromeTraceLockLog, ALogThatIsNotOneObjectIsRefused)
{
    for (const std::string& value : {std::string("[]"), std::string("3"), std::string("\"log\"")}) {
        SCOPED_TRACE(value);
        try {
            lockLogFileRead(fileWithLockLog(value));
            ADD_FAILURE() << "read without an error";
        } catch (const ChromeTraceError& e) {
            EXPECT_NE(
                std::string(e.what()).find("\"interleave_lock_log\" is not an object"), std::string::npos)
                << e.what();
        }
    }
    // An empty object: the first field it lacks is named.
    try {
        lockLogFileRead(fileWithLockLog("{}"));
        ADD_FAILURE() << "read without an error";
    } catch (const ChromeTraceError& e) {
        EXPECT_NE(std::string(e.what()).find(": \"version\" is missing"), std::string::npos) << e.what();
    }
    const std::string twice = replacedOnce(fileWithLockLog(kValidLockLog), "\"traceEvents\"",
        "\"interleave_lock_log\":" + kValidLockLog + ",\"traceEvents\"");
    try {
        lockLogFileRead(twice);
        ADD_FAILURE() << "read without an error";
    } catch (const ChromeTraceError& e) {
        EXPECT_NE(std::string(e.what()).find("\"interleave_lock_log\" appears twice"), std::string::npos)
            << e.what();
    }
}

TEST(ChromeTraceLockLog, AbsurdlyManyThreadsOrLocksAreRefused)
{
    std::string threads = "[";
    std::string locks = "[";
    for (std::size_t i = 0; i <= kMaxChromeTraceLockThreads; ++i)
        threads += i == 0 ? "\"\"" : ",\"\"";
    for (std::size_t i = 0; i <= kMaxChromeTraceLocks; ++i)
        locks += i == 0 ? R"({"name":""})" : R"(,{"name":""})";
    threads += "]";
    locks += "]";
    const auto refusal = [](const std::string& lockLog) {
        try {
            lockLogFileRead(fileWithLockLog(lockLog));
        } catch (const ChromeTraceError& e) {
            return std::string(e.what());
        }
        return std::string("read without an error");
    };
    EXPECT_NE(refusal(replacedOnce(kValidLockLog, R"(["a","b"])", threads)).find("more than 10500 threads"),
        std::string::npos);
    EXPECT_NE(refusal(replacedOnce(kValidLockLog, R"([{"name":"x","recursive":false},{"name":"y"}])", locks))
                  .find("more than 10500 locks"),
        std::string::npos);
}

} // namespace
} // namespace interleave
