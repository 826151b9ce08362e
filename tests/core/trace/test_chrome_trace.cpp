#include "trace/chrome_trace.h"

#include "trace/recorder.h"
#include "trace/trace.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <clocale>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <vector>

namespace interleave {
namespace {

std::string toJson(const Trace& trace)
{
    std::ostringstream out;
    writeChromeTrace(trace, out);
    EXPECT_TRUE(out.good());
    return out.str();
}

Trace fromJson(const std::string& text)
{
    std::istringstream in(text);
    return readChromeTrace(in);
}

// Every lane, span, note and metadata entry: what "exact round trip" means.
void expectSameTrace(const Trace& actual, const Trace& expected)
{
    ASSERT_EQ(actual.laneCount(), expected.laneCount());
    for (std::size_t i = 0; i < expected.laneCount(); ++i) {
        const auto id = static_cast<LaneId>(i);
        SCOPED_TRACE("lane " + std::to_string(i));
        EXPECT_EQ(actual.lane(id), expected.lane(id));
        ASSERT_EQ(actual.spanCount(id), expected.spanCount(id));
        for (std::size_t s = 0; s < expected.spanCount(id); ++s)
            EXPECT_EQ(actual.span(id, s), expected.span(id, s)) << "span " << s;
        if (expected.spanCount(id) > 0) {
            EXPECT_EQ(actual.laneEnd(id), expected.laneEnd(id));
        }
    }
    EXPECT_EQ(actual.notes(), expected.notes());
    EXPECT_EQ(actual.metadata(), expected.metadata());
    EXPECT_EQ(actual.startTime(), expected.startTime());
    EXPECT_EQ(actual.endTime(), expected.endTime());
}

// Covers what the format has to carry: all lane kinds (a coroutine sharing its thread's tid, a
// thread whose tid collides with another's), open and terminal last spans, a lane without
// spans, tasks and details, negative and large times, names that need escaping, notes on a
// lane and on none, metadata.
Trace richTrace()
{
    TraceBuilder b;
    const auto thread = LaneKind::Thread;
    constexpr std::int32_t pid = 4242;
    const LaneId main = b.addLane({.kind = LaneKind::Process, .pid = pid, .tid = pid, .name = "python3 -m x"});
    const LaneId worker
        = b.addLane({.parent = main, .kind = thread, .pid = pid, .tid = 4243, .name = "w \"1\"\n\\ é 🧵"});
    const LaneId coro
        = b.addLane({.parent = worker, .kind = LaneKind::Coroutine, .pid = pid, .tid = 4243, .name = "f()"});
    const LaneId idle = b.addLane({.parent = main, .kind = thread, .pid = pid, .tid = 4250, .name = "idle"});
    const LaneId clash = b.addLane({.parent = main, .kind = thread, .pid = pid, .tid = 4243, .name = "reused"});
    const LaneId child = b.addLane({.kind = LaneKind::Process, .pid = 77, .tid = 77, .name = "child"});
    const LaneId late = b.addLane({.parent = child, .kind = thread, .pid = 77, .tid = 4242, .name = ""});
    (void)idle;

    b.append(main, {-5'000'123, kNoTask, State::Starting});
    b.append(main, {-1, kNoTask, State::Running});
    b.append(main, {0, 3, State::WaitingGil, 0, 65535});
    b.append(main, {1, 3, State::Running});
    b.append(main, {1'000'001, kNoTask, State::Done});

    b.append(worker, {10, 0, State::Ready});
    b.append(worker, {10, 0, State::Running}); // zero-length span in the middle
    b.append(worker, {999, 0, State::WaitingLock, 0, 7});
    b.append(worker, {1'500, 1, State::BlockedIo});
    b.setLaneEnd(worker, 2'000'000); // open: the last span runs to the lane's end

    b.append(coro, {20, 5, State::Running});
    b.append(coro, {25, 5, State::Suspended, 0, 2});
    b.append(coro, {40, 5, State::Failed});

    b.append(clash, {100, kNoTask, State::Running});
    b.setLaneEnd(clash, 100); // open but zero-length

    // Around 100 days of uptime: beyond where double microseconds stay exact to the ns.
    constexpr TimeNs kUptime = 8'640'000'123'456'789;
    b.append(child, {kUptime, 9, State::Running});
    b.append(child, {kUptime + 1, 9, State::Done});
    b.append(late, {kUptime + 2, -7, State::Running});
    b.setLaneEnd(late, 999'999'999'999'999'999);

    b.addNote({worker, 1'234, "lock \"a\" contended\n\ttwice"});
    b.addNote({kNoLane, -3, "run started"});
    b.addNote({coro, 40, "ValueError: bad\x01value"});
    b.setMetadata("model", "asyncio");
    b.setMetadata("command", "python3 -X \"dev\" main.py");
    b.setMetadata("", "empty key");
    return b.build();
}

TEST(ChromeTrace, RoundTripIsExact)
{
    const Trace original = richTrace();
    const Trace back = fromJson(toJson(original));
    expectSameTrace(back, original);
}

TEST(ChromeTrace, SecondExportIsIdenticalToTheFirst)
{
    const std::string first = toJson(richTrace());
    EXPECT_EQ(toJson(fromJson(first)), first);
}

TEST(ChromeTrace, AStoppedLaneKeepsItsStoppedEnd)
{
    // A run the user stopped: the lane ends Stopped, named so in the file, and comes back so.
    TraceBuilder b;
    const LaneId lane = b.addLane({.kind = LaneKind::Thread, .pid = 1, .tid = 2, .name = "Thread-1"});
    b.append(lane, {0, 0, State::BlockedIo});
    b.append(lane, {500, 0, State::Stopped, 0, 1});
    const Trace original = b.build();
    const std::string json = toJson(original);
    EXPECT_NE(json.find("\"Stopped\""), std::string::npos) << json;
    const Trace back = fromJson(json);
    expectSameTrace(back, original);
    ASSERT_EQ(back.spanCount(0), 2u);
    EXPECT_EQ(back.span(0, 1).state, State::Stopped);
}

TEST(ChromeTrace, RoundTripOfAnEmptyTrace)
{
    const Trace back = fromJson(toJson(Trace()));
    EXPECT_EQ(back.laneCount(), 0u);
    EXPECT_TRUE(back.notes().empty());
    EXPECT_TRUE(back.metadata().empty());
}

TEST(ChromeTrace, RoundTripOfALiveRecording)
{
    Recorder recorder;
    const int pid = static_cast<int>(::getpid());
    LaneWriter process
        = recorder.addLane({.kind = LaneKind::Process, .pid = pid, .tid = pid, .name = "main"});
    process.record(State::Starting);
    process.record(State::Running);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&recorder, &process, pid, t] {
            LaneWriter w = recorder.addLane({.parent = process.id(),
                                             .kind = LaneKind::Thread,
                                             .pid = pid,
                                             .tid = static_cast<std::int32_t>(::gettid()),
                                             .name = "worker " + std::to_string(t)});
            w.record(State::Starting);
            for (int i = 0; i < 200; ++i) {
                w.record(State::Running, t, static_cast<std::uint16_t>(i));
                w.record(i % 2 ? State::BlockedIo : State::WaitingLock, t);
            }
            if (t != 3) // one thread stays open
                w.record(State::Done, t);
            recorder.addNote(w.id(), nowNs(), "worker " + std::to_string(t) + " finished");
        });
    }
    for (std::thread& t : threads)
        t.join();
    recorder.setMetadata("model", "threads");
    const Trace original = Trace::fromSnapshot(recorder.snapshot());
    ASSERT_EQ(original.laneCount(), 5u);
    expectSameTrace(fromJson(toJson(original)), original);
}

TEST(ChromeTrace, RoundTripAcrossManyReadChunks)
{
    // Far more than the reader's 64 KiB chunk, so tokens straddle chunk boundaries.
    TraceBuilder b;
    const LaneId a = b.addLane({.kind = LaneKind::Process, .pid = 1, .tid = 1, .name = "a"});
    const LaneId c = b.addLane({.parent = a, .pid = 1, .tid = 2, .name = "c"});
    for (int i = 0; i < 20'000; ++i) {
        b.append(a, {i * 1'001LL, i, kAllStates[static_cast<std::size_t>(i) % 7]});
        b.append(c, {i * 997LL + 13, -i, State::Running, 0, static_cast<std::uint16_t>(i)});
    }
    const Trace original = b.build();
    const std::string json = toJson(original);
    ASSERT_GT(json.size(), 20u * 65536u);
    expectSameTrace(fromJson(json), original);
}

TEST(ChromeTrace, WrittenJsonHasTheDocumentedStructure)
{
    const Trace trace = richTrace();
    const std::string text = toJson(trace);
    const nlohmann::json doc = nlohmann::json::parse(text);
    EXPECT_EQ(doc.at("displayTimeUnit"), "ns");
    EXPECT_EQ(doc.at("otherData").at("interleave_format"), 1);
    EXPECT_EQ(doc.at("otherData").at("model"), "asyncio");
    const nlohmann::json& events = doc.at("traceEvents");
    ASSERT_TRUE(events.is_array());

    std::map<int, nlohmann::json> threadNames; // by lane
    std::set<std::pair<int, int>> tracks;
    std::size_t spans = 0, processNames = 0, sortIndices = 0, notes = 0;
    for (const nlohmann::json& e : events) {
        const std::string ph = e.at("ph");
        const std::string name = e.at("name");
        if (ph == "M" && name == "thread_name") {
            const int lane = e.at("args").at("lane");
            threadNames[lane] = e;
            EXPECT_TRUE(tracks.insert({e.at("pid").get<int>(), e.at("tid").get<int>()}).second)
                << "two lanes share a track: " << e.dump();
        } else if (ph == "M" && name == "process_name") {
            ++processNames;
        } else if (ph == "M" && name == "thread_sort_index") {
            ++sortIndices;
        } else if (ph == "X") {
            ++spans;
            EXPECT_EQ(e.at("cat"), "state");
            EXPECT_TRUE(stateFromName(name).has_value()) << name;
            EXPECT_GE(e.at("dur").get<double>(), 0.0);
            EXPECT_TRUE(e.contains("pid") && e.contains("tid") && e.contains("ts"));
            if (e.contains("args")) {
                EXPECT_TRUE(e.at("args").contains("task") || e.at("args").contains("detail"));
            }
        } else if (ph == "i") {
            ++notes;
            EXPECT_EQ(name, "note");
        }
    }
    EXPECT_EQ(spans, trace.totalSpanCount());
    EXPECT_EQ(processNames, 2u);
    EXPECT_EQ(sortIndices, trace.laneCount());
    EXPECT_EQ(notes, trace.notes().size());
    ASSERT_EQ(threadNames.size(), trace.laneCount());
    const nlohmann::json& coro = threadNames.at(2).at("args");
    EXPECT_EQ(coro.at("kind"), "coroutine");
    EXPECT_EQ(coro.at("parent"), 1);
    EXPECT_EQ(coro.at("os_tid"), 4243);
    EXPECT_EQ(threadNames.at(2).at("tid"), 0x40000000 + 2); // coroutines get a synthetic tid
    EXPECT_EQ(threadNames.at(4).at("tid"), 0x40000000 + 4); // and so does a colliding tid
    EXPECT_EQ(threadNames.at(1).at("tid"), 4243);
    EXPECT_EQ(threadNames.at(1).at("args").at("name"), "w \"1\"\n\\ é 🧵");

    // Every ts and dur has exactly three decimals; spot-check the exact texts.
    const std::regex number(R"re("(ts|dur)":(-?[0-9]+(\.[0-9]*)?))re");
    const std::regex threeDecimals(R"re(-?[0-9]+\.[0-9]{3})re");
    std::size_t seen = 0;
    const std::sregex_iterator end;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), number); it != end; ++it, ++seen)
        EXPECT_TRUE(std::regex_match((*it)[2].str(), threeDecimals)) << (*it)[0];
    EXPECT_EQ(seen, 2 * spans + notes);
    EXPECT_NE(text.find(R"("ts":-5000.123,"dur":5000.122)"), std::string::npos);
    EXPECT_NE(text.find(R"("ts":-0.001,"dur":0.001)"), std::string::npos);
    EXPECT_NE(text.find(R"("ts":1000.001,"dur":0.000)"), std::string::npos); // terminal: zero length
    EXPECT_NE(text.find(R"("ts":8640000123456.789)"), std::string::npos);
    EXPECT_NE(text.find(R"("args":{"task":3,"detail":65535})"), std::string::npos);
}

TEST(ChromeTrace, InvalidUtf8IsReplacedSoTheFileStaysReadable)
{
    TraceBuilder b;
    b.addLane({.name = "bad \xC3\x28 and \xED\xA0\x80 and \xF4\x90\x80\x80 ok \xE2\x82\xAC"});
    const Trace back = fromJson(toJson(b.build()));
    EXPECT_EQ(back.lane(0).name, "bad \xEF\xBF\xBD( and \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD and "
                                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD ok \xE2\x82\xAC");
}

TEST(ChromeTrace, ExportWritesNoParentTheReaderWouldReject)
{
    TraceBuilder b;
    b.addLane({.parent = 99, .name = "dangling"});
    b.addLane({.parent = 2, .name = "cycle a"});
    b.addLane({.parent = 1, .name = "cycle b"});
    b.addLane({.parent = 3, .name = "self"});
    b.addLane({.parent = 1, .name = "fine"});
    const Trace back = fromJson(toJson(b.build()));
    ASSERT_EQ(back.laneCount(), 5u);
    EXPECT_EQ(back.lane(0).parent, kNoLane);
    EXPECT_EQ(back.lane(1).parent, 2); // the cycle is cut at the lane that closes it
    EXPECT_EQ(back.lane(2).parent, kNoLane);
    EXPECT_EQ(back.lane(3).parent, kNoLane);
    EXPECT_EQ(back.lane(4).parent, 1);
}

TEST(ChromeTrace, ForeignBareArrayFile)
{
    // Shaped like a Chrome or Perfetto export: unknown names, nested zones, B/E pairs, a gap,
    // phases and fields we don't use, args of every shape.
    const std::string file = R"([
        {"name":"process_name","ph":"M","pid":7,"tid":0,"args":{"name":"Browser"}},
        {"name":"thread_name","ph":"M","pid":7,"tid":8,
         "args":{"name":"IOThread","extra":{"deep":[1,{"x":null}]}}},
        {"name":"thread_sort_index","ph":"M","pid":7,"tid":9,"args":{"sort_index":-1}},
        {"name":"RunTask","cat":"toplevel","ph":"X","pid":7,"tid":7,"ts":100,"dur":50,"tts":3,
         "args":{"src_file":"a.cc","data":{"nested":[[[]]]},"task":"not ours"}, "sf": 12, "stack":[1,2,3]},
        {"name":"Inner","ph":"X","pid":7,"tid":7,"ts":110.5,"dur":10},
        {"name":"Inner","ph":"X","pid":7,"tid":7,"ts":120,"dur":0},
        {"name":"BlockedIo","ph":"X","pid":7,"tid":7,"ts":200,"dur":1.0005e1},
        {"name":"Counter","ph":"C","pid":"not checked","ts":"ignored","args":{"v":1}},
        {"name":"Read","ph":"B","pid":7,"tid":8,"ts":5},
        {"name":"Nested","ph":"B","pid":7,"tid":8,"ts":6},
        {"ph":"E","pid":7,"tid":8,"ts":7},
        {"ph":"E","pid":7,"tid":8,"ts":9.25},
        {"ph":"E","pid":7,"tid":8,"ts":10},
        {"name":"Task","ph":"X","pid":7,"tid":9,"ts":1,"dur":1,"args":{"task":12,"detail":70000}},
        {"name":"Task","ph":"X","pid":7,"tid":9,"ts":0,"dur":1},
        {"name":"mark","ph":"i","s":"t","pid":7,"tid":7,"ts":1},
        {"name":"note","ph":"I","s":"p","pid":7,"tid":8,"ts":3,"args":{"text":"hello"}},
        {"ph":"X","name":"Running","pid":8,"tid":1,"ts":0,"dur":1},
        {"ph":"s","id":1,"pid":7,"tid":7,"ts":1}
    ])";
    const Trace trace = fromJson(file);
    ASSERT_EQ(trace.laneCount(), 4u);
    // pid 7's own lane first, then its threads by sort index, then by appearance; pid 8 last.
    EXPECT_EQ(trace.lane(0), (LaneInfo{0, kNoLane, LaneKind::Process, 7, 7, "Browser"}));
    EXPECT_EQ(trace.lane(1), (LaneInfo{1, 0, LaneKind::Thread, 7, 9, "thread 9"}));
    EXPECT_EQ(trace.lane(2), (LaneInfo{2, 0, LaneKind::Thread, 7, 8, "IOThread"}));
    EXPECT_EQ(trace.lane(3), (LaneInfo{3, kNoLane, LaneKind::Thread, 8, 1, "thread 1"}));

    // Nested zones are dropped; the gap 150..200 is covered by the span before it.
    ASSERT_EQ(trace.spanCount(0), 2u);
    EXPECT_EQ(trace.span(0, 0), (Span{100'000, 200'000, State::Running, kNoTask, 0}));
    EXPECT_EQ(trace.span(0, 1), (Span{200'000, 210'005, State::BlockedIo, kNoTask, 0}));
    // Spans sorted by time; our arg names with foreign values are ignored.
    ASSERT_EQ(trace.spanCount(1), 2u);
    EXPECT_EQ(trace.span(1, 0), (Span{0, 1'000, State::Running, kNoTask, 0}));
    EXPECT_EQ(trace.span(1, 1), (Span{1'000, 2'000, State::Running, 12, 0}));
    // B/E: only the outermost zone becomes a span.
    ASSERT_EQ(trace.spanCount(2), 1u);
    EXPECT_EQ(trace.span(2, 0), (Span{5'000, 9'250, State::Running, kNoTask, 0}));

    ASSERT_EQ(trace.notes().size(), 1u);
    EXPECT_EQ(trace.notes()[0], (TraceNote{2, 3'000, "hello"}));
}

TEST(ChromeTrace, ObjectFormWithKeysInAnyOrder)
{
    const std::string file = R"({
        "metadata": {"traceEvents": "not this one", "list": [1, [2, {"a": {}}]]},
        "otherData": {"model": "pool", "version": 3, "nested": {"k": "v"}, "interleave_format": 1, "tag": ""},
        "traceEvents": [
            {"ph":"X","name":"Running","pid":1,"tid":1,"ts":0.000,"dur":0.5}
        ],
        "displayTimeUnit": "ms",
        "stackFrames": {"1": {"name": "f"}}
    })";
    const Trace trace = fromJson(file);
    ASSERT_EQ(trace.laneCount(), 1u);
    EXPECT_EQ(trace.span(0, 0), (Span{0, 500, State::Running, kNoTask, 0}));
    const std::map<std::string, std::string> expected{{"model", "pool"}, {"tag", ""}};
    EXPECT_EQ(trace.metadata(), expected);
}

TEST(ChromeTrace, LanesAreOrderedByTheirLaneArgument)
{
    const std::string file = R"({"traceEvents":[
        {"ph":"X","name":"Done","pid":1,"tid":3,"ts":2,"dur":0},
        {"ph":"M","name":"thread_name","pid":1,"tid":3,
         "args":{"name":"c","lane":20,"parent":5,"kind":"coroutine","os_tid":2}},
        {"ph":"M","name":"thread_name","pid":1,"tid":1,
         "args":{"name":"p","lane":5,"parent":-1,"kind":"process"}},
        {"ph":"M","name":"thread_name","pid":1,"tid":2,
         "args":{"name":"t","lane":9,"parent":5,"kind":"thread","os_tid":2}},
        {"ph":"X","name":"Running","pid":1,"tid":4,"ts":1,"dur":1}
    ]})";
    const Trace trace = fromJson(file);
    ASSERT_EQ(trace.laneCount(), 4u);
    EXPECT_EQ(trace.lane(0), (LaneInfo{0, kNoLane, LaneKind::Process, 1, 1, "p"}));
    EXPECT_EQ(trace.lane(1), (LaneInfo{1, 0, LaneKind::Thread, 1, 2, "t"}));
    EXPECT_EQ(trace.lane(2), (LaneInfo{2, 0, LaneKind::Coroutine, 1, 2, "c"}));
    // A lane without our metadata in the same file comes after ours, child of the process.
    EXPECT_EQ(trace.lane(3), (LaneInfo{3, 0, LaneKind::Thread, 1, 4, "thread 4"}));
    EXPECT_EQ(trace.span(2, 0), (Span{2'000, 2'000, State::Done, kNoTask, 0}));
}

std::string nested(int depth)
{
    const auto n = static_cast<std::size_t>(depth);
    return std::string(n, '[') + std::string(n, ']');
}

struct ValidCase {
    const char* name;
    std::string json;
    std::size_t lanes;
    std::size_t spans;

    friend std::ostream& operator<<(std::ostream& os, const ValidCase& c) { return os << c.name; }
};

class ChromeTraceValidTest : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ChromeTraceValidTest, Reads)
{
    const ValidCase& c = GetParam();
    const Trace trace = fromJson(c.json);
    EXPECT_EQ(trace.laneCount(), c.lanes);
    EXPECT_EQ(trace.totalSpanCount(), c.spans);
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, ChromeTraceValidTest,
    ::testing::Values(ValidCase{"EmptyArray", "[]", 0, 0},
                      ValidCase{"EmptyEvents", R"({"traceEvents":[]})", 0, 0},
                      ValidCase{"Whitespace", " \n\t[ ]\r\n ", 0, 0},
                      ValidCase{"Utf8Bom", "\xEF\xBB\xBF[]", 0, 0},
                      ValidCase{"EventWithoutPh", R"([{"ts":1}])", 0, 0},
                      ValidCase{"IgnoredPhasesAreNotChecked", R"([{"ph":"C","pid":[],"ts":"x"}])", 0, 0},
                      ValidCase{"UnmatchedEnd", R"([{"ph":"E","pid":1,"tid":1,"ts":1}])", 0, 0},
                      ValidCase{"UnclosedBegin", R"([{"ph":"B","pid":1,"tid":1,"ts":1}])", 1, 0},
                      ValidCase{"MissingDurIsZero", R"([{"ph":"X","pid":1,"tid":1,"ts":1}])", 1, 1},
                      ValidCase{"NegativeTs", R"([{"ph":"X","pid":1,"tid":1,"ts":-1e3,"dur":0}])", 1, 1},
                      ValidCase{"LargestTs", R"([{"ph":"X","pid":1,"tid":1,"ts":1e15,"dur":2e15}])", 1, 1},
                      ValidCase{"Int32Extremes", R"([{"ph":"X","pid":-2147483648,"tid":2147483647,"ts":0}])",
                                1, 1},
                      ValidCase{"NoteWithoutLane", R"([{"ph":"i","name":"note","ts":0,"args":{"text":""}}])",
                                0, 0},
                      ValidCase{"NonNoteInstant", R"([{"ph":"i","name":"note","ts":"bad"}])", 0, 0},
                      // 64 levels: the most allowed.
                      ValidCase{"DeepInArgs",
                                R"([{"ph":"X","pid":1,"tid":1,"ts":0,"args":{"a":)" + nested(61) + "}}]", 1, 1},
                      ValidCase{"DeepElsewhere", R"({"traceEvents":[],"x":)" + nested(63) + "}", 0, 0}),
    [](const auto& info) { return std::string(info.param.name); });

struct ErrorCase {
    const char* name;
    std::string json;
    std::vector<std::string> mentions; // each must appear in the message

    friend std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }
};

class ChromeTraceErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ChromeTraceErrorTest, IsRejectedWithAClearMessage)
{
    const ErrorCase& c = GetParam();
    try {
        fromJson(c.json);
        FAIL() << "accepted: " << c.json;
    } catch (const ChromeTraceError& e) {
        const std::string message = e.what();
        for (const std::string& part : c.mentions)
            EXPECT_NE(message.find(part), std::string::npos) << "\"" << part << "\" not in: " << message;
    }
}

std::string x(const std::string& fields) { return R"([{"ph":"X","name":"Running",)" + fields + "}]"; }

std::string lanes(const std::string& threadNameArgs)
{
    std::string s = "[";
    std::istringstream list(threadNameArgs);
    std::string args;
    int tid = 1;
    while (std::getline(list, args, '|')) {
        if (tid > 1)
            s += ",";
        s += R"({"ph":"M","name":"thread_name","pid":1,"tid":)" + std::to_string(tid++);
        s += R"(,"args":{)" + args + "}}";
    }
    return s + "]";
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, ChromeTraceErrorTest,
    ::testing::Values(
        ErrorCase{"Empty", "", {"empty input"}},
        ErrorCase{"OnlyWhitespace", " \n\t ", {"empty input"}},
        ErrorCase{"NotJson", "hello", {"invalid JSON", "at byte 0", "syntax error"}},
        ErrorCase{"HalfJson", R"({"traceEvents": [{} {}]})", {"invalid JSON", "at byte 20"}},
        ErrorCase{"TrailingGarbage", "[] []", {"invalid JSON", "at byte 3"}},
        ErrorCase{"InvalidUtf8InString", "[\"\xFF\"]", {"invalid JSON"}},
        ErrorCase{"TopLevelNumber", "42", {"neither an object nor an array"}},
        ErrorCase{"TopLevelString", R"("traceEvents")", {"neither an object nor an array"}},
        ErrorCase{"TopLevelNull", "null", {"neither an object nor an array"}},
        ErrorCase{"NoTraceEvents", R"({"otherData":{}})", {"no \"traceEvents\""}},
        ErrorCase{"TraceEventsObject", R"({"traceEvents":{}})", {"\"traceEvents\" is not an array"}},
        ErrorCase{"TraceEventsNumber", R"({"traceEvents":3})", {"\"traceEvents\" is not an array"}},
        ErrorCase{"TraceEventsString", R"({"traceEvents":"[]"})", {"\"traceEvents\" is not an array"}},
        ErrorCase{"EventNumber", "[1]", {"event 0", "not an object"}},
        ErrorCase{"EventArray", R"([{"ph":"i"},[]])", {"event 1", "not an object"}},
        ErrorCase{"EventNull", R"({"traceEvents":[{},{},null]})", {"event 2", "not an object"}},
        ErrorCase{"MissingTs", x(R"("pid":1,"tid":1)"), {"event 0 at byte 1", "\"ts\" is missing"}},
        ErrorCase{"MissingPid", x(R"("tid":1,"ts":1)"), {"\"pid\" is missing"}},
        ErrorCase{"MissingTid", x(R"("pid":1,"ts":1)"), {"\"tid\" is missing"}},
        ErrorCase{"StringTs", x(R"("pid":1,"tid":1,"ts":"12")"), {"\"ts\" is not a number"}},
        ErrorCase{"NullTs", x(R"("pid":1,"tid":1,"ts":null)"), {"\"ts\" is not a number"}},
        ErrorCase{"ObjectTs", x(R"("pid":1,"tid":1,"ts":{"us":1})"), {"\"ts\" is not a number"}},
        ErrorCase{"StringDur", x(R"("pid":1,"tid":1,"ts":1,"dur":"1")"), {"\"dur\" is not a number"}},
        ErrorCase{"NegativeDur", x(R"("pid":1,"tid":1,"ts":1,"dur":-0.001)"), {"\"dur\" is negative"}},
        ErrorCase{"NegativeIntegerDur", x(R"("pid":1,"tid":1,"ts":1,"dur":-5)"), {"\"dur\" is negative"}},
        ErrorCase{"HugeTs", x(R"("pid":1,"tid":1,"ts":1.0000000000001e15)"), {"\"ts\" is out of range"}},
        ErrorCase{"HugeNegativeTs", x(R"("pid":1,"tid":1,"ts":-2000000000000000)"), {"\"ts\" is out of"}},
        ErrorCase{"HugeUnsignedTs", x(R"("pid":1,"tid":1,"ts":18446744073709551615)"), {"\"ts\" is out of"}},
        ErrorCase{"HugeDur", x(R"("pid":1,"tid":1,"ts":1,"dur":3e15)"), {"\"dur\" is out of range"}},
        ErrorCase{"InfiniteTs", x(R"("pid":1,"tid":1,"ts":1e999)"), {"event 0", "out of range", "1e999"}},
        ErrorCase{"InfiniteNoteTs", R"([{"ph":"i","name":"note","ts":-1e400,"args":{}}])", {"1e400"}},
        ErrorCase{"FloatPid", x(R"("pid":1.5,"tid":1,"ts":1)"), {"\"pid\" is not an integer"}},
        ErrorCase{"StringPid", x(R"("pid":"1","tid":1,"ts":1)"), {"\"pid\" is not an integer"}},
        ErrorCase{"BoolTid", x(R"("pid":1,"tid":true,"ts":1)"), {"\"tid\" is not an integer"}},
        ErrorCase{"ArrayTid", x(R"("pid":1,"tid":[1],"ts":1)"), {"\"tid\" is not an integer"}},
        ErrorCase{"BigPid", x(R"("pid":2147483648,"tid":1,"ts":1)"), {"\"pid\" is out of range"}},
        ErrorCase{"SmallTid", x(R"("pid":1,"tid":-2147483649,"ts":1)"), {"\"tid\" is out of range"}},
        ErrorCase{"UnsignedTid", x(R"("pid":1,"tid":9223372036854775808,"ts":1)"), {"\"tid\" is out of"}},
        ErrorCase{"BeginWithoutTs", R"([{"ph":"B","pid":1,"tid":1}])", {"\"ts\" is missing"}},
        ErrorCase{"EndBeforeBegin", R"([{"ph":"B","pid":1,"tid":1,"ts":5},{"ph":"E","pid":1,"tid":1,"ts":4}])",
                  {"event 1", "ends before"}},
        ErrorCase{"ThreadNameWithoutTid", R"([{"ph":"M","name":"thread_name","pid":1,"args":{"name":"a"}}])",
                  {"\"tid\" is missing"}},
        ErrorCase{"ProcessNameNotString", R"([{"ph":"M","name":"process_name","pid":1,"args":{"name":1}}])",
                  {"\"args.name\" is not a string"}},
        ErrorCase{"BadParent",
                  lanes(R"("lane":0,"parent":-1,"kind":"process"|"lane":1,"parent":7,"kind":"thread")"),
                  {"event 1", "lane 1 has parent 7", "not a lane"}},
        ErrorCase{"NegativeParent", lanes(R"("lane":0,"parent":-2,"kind":"thread")"), {"parent -2", "not a"}},
        ErrorCase{"OwnParent", lanes(R"("lane":0,"parent":0,"kind":"thread")"), {"lane 0 is its own parent"}},
        ErrorCase{"ParentCycle",
                  lanes(R"("lane":0,"parent":-1,"kind":"process"|"lane":1,"parent":2,"kind":"thread")"
                        R"(|"lane":2,"parent":3,"kind":"thread"|"lane":3,"parent":1,"kind":"thread")"),
                  {"form a cycle"}},
        ErrorCase{"DuplicateLaneId",
                  lanes(R"("lane":0,"kind":"process"|"lane":1,"kind":"thread"|"lane":1,"kind":"thread")"),
                  {"event 2", "lane id 1 is used by two lanes"}},
        ErrorCase{"UnknownKind", lanes(R"("lane":0,"kind":"fiber")"), {"\"args.kind\" is not one of"}},
        ErrorCase{"MissingKind", lanes(R"("lane":0)"), {"\"args.kind\" is missing"}},
        ErrorCase{"NegativeLane", lanes(R"("lane":-1,"kind":"thread")"), {"\"args.lane\" is negative"}},
        ErrorCase{"FloatLane", lanes(R"("lane":0.5,"kind":"thread")"), {"\"args.lane\" is not an integer"}},
        ErrorCase{"TwoLanesOneTrack",
                  R"([{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"lane":0,"kind":"thread"}},
                      {"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"lane":1,"kind":"thread"}}])",
                  {"lanes 0 and 1 have the same pid and tid"}},
        ErrorCase{"TruncatedInEvent", R"({"traceEvents":[{"ph":"X","pid":1,"tid":1,"ts":1},{"ph":"X","pi)",
                  {"event 1", "truncated"}},
        ErrorCase{"TruncatedBetweenEvents", R"([{"ph":"X","pid":1,"tid":1,"ts":1},)", {"truncated"}},
        ErrorCase{"TruncatedAfterArray", R"({"traceEvents":[])", {"truncated"}},
        ErrorCase{"TruncatedOpening", "[", {"truncated"}},
        ErrorCase{"TooDeep", R"({"x":)" + nested(64) + "}", {"at byte 68", "nested deeper than 64"}},
        ErrorCase{"TooDeepInArgs", R"([{"args":{"x":)" + nested(62) + "}}]", {"event 0", "deeper than 64"}},
        ErrorCase{"VeryDeep", R"({"x":)" + nested(100000) + "}", {"nested deeper than 64"}},
        ErrorCase{"NestedBareArray", nested(2), {"event 0", "not an object"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ChromeTrace, ErrorsCarryTheEventAndItsOffset)
{
    const std::string good = R"({"ph":"X","name":"Running","pid":1,"tid":1,"ts":1,"dur":1})";
    std::string file = "[\n";
    for (int i = 0; i < 5000; ++i) // past the first read chunk
        file += good + ",\n";
    const std::size_t badOffset = file.size();
    file += R"({"ph":"X","pid":1,"tid":1,"ts":2,"dur":-1}])";
    try {
        fromJson(file);
        FAIL() << "accepted a negative dur";
    } catch (const ChromeTraceError& e) {
        const std::string expected
            = "event 5000 at byte " + std::to_string(badOffset) + ": \"dur\" is negative";
        EXPECT_EQ(std::string(e.what()), expected);
        EXPECT_EQ(e.byteOffset(), badOffset);
        EXPECT_EQ(e.eventIndex(), 5000u);
    }
}

TEST(ChromeTrace, SyntaxErrorOffsetIsWhereTheParserStopped)
{
    const std::string file = std::string(100'000, ' ') + "[{\"ph\":\"Y\"}, oops]";
    try {
        fromJson(file);
        FAIL() << "accepted invalid JSON";
    } catch (const ChromeTraceError& e) {
        EXPECT_EQ(e.byteOffset(), 100'000u + 13u) << e.what(); // the 'o' of oops
        EXPECT_FALSE(e.eventIndex().has_value());
        EXPECT_NE(std::string(e.what()).find("line 1, column 100014"), std::string::npos) << e.what();
    }
}

TEST(ChromeTrace, TimestampsConvertExactlyAndRound)
{
    // Microsecond texts and the nanoseconds they must give.
    const std::vector<std::pair<std::string, TimeNs>> cases{
        {"0", 0},
        {"-0.0", 0},
        {"1", 1'000},
        {"0.001", 1},
        {"0.0015", 2},     // half rounds away from zero, like llround
        {"-0.0015", -2},
        {"0.00149999", 1},
        {"0.0004", 0},
        {"123456789.987", 123'456'789'987},
        {"8640000123456.789", 8'640'000'123'456'789},
        {"1e3", 1'000'000},
        {"1.5E-3", 2},
        {"2.5e-4", 0},
        {"12345e-3", 12'345},
        {"0.000000000000000000000000000000001", 0},
        {"1000000000000000", 1'000'000'000'000'000'000},
        {"-1000000000000000", -1'000'000'000'000'000'000},
        {"999999999999999.9999", 1'000'000'000'000'000'000},
    };
    for (const auto& [text, ns] : cases) {
        const Trace trace = fromJson(x(R"("pid":1,"tid":1,"dur":0,"ts":)" + text));
        ASSERT_EQ(trace.spanCount(0), 1u) << text;
        EXPECT_EQ(trace.span(0, 0).start, ns) << text;
    }
}

TEST(ChromeTrace, ReadsTheSameUnderACommaDecimalLocale)
{
    // Qt applications adopt the user's locale, and the JSON parser converts numbers with the C
    // locale's decimal point: the importer must not depend on it.
    const char* previous = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = previous ? previous : "C";
    const char* chosen = nullptr;
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "ru_RU.UTF-8"}) {
        if ((chosen = std::setlocale(LC_NUMERIC, name)))
            break;
    }
    if (!chosen)
        GTEST_SKIP() << "no locale with a decimal comma is installed";
    const Trace original = richTrace();
    const std::string json = toJson(original);
    Trace back;
    EXPECT_NO_THROW(back = fromJson(json));
    std::setlocale(LC_NUMERIC, saved.c_str());
    expectSameTrace(back, original);
}

class ChromeTraceFileTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path()
                / ("interleave_chrome_trace_" + std::to_string(::getpid()) + "_"
                   + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::filesystem::path m_dir;
};

TEST_F(ChromeTraceFileTest, SaveAndLoad)
{
    const Trace original = richTrace();
    const std::string path = (m_dir / "run.json").string();
    saveChromeTrace(original, path);
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    expectSameTrace(loadChromeTrace(path), original);

    // Saving again replaces the file whole.
    saveChromeTrace(Trace(), path);
    EXPECT_EQ(loadChromeTrace(path).laneCount(), 0u);
}

TEST_F(ChromeTraceFileTest, SaveToAnUnwritablePathThrows)
{
    const std::string path = "/proc/nonexistent/x.json";
    try {
        saveChromeTrace(richTrace(), path);
        FAIL() << "saved to " << path;
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(path), std::string::npos) << message;
        EXPECT_NE(message.find("the folder does not exist"), std::string::npos) << message;
    }
}

TEST_F(ChromeTraceFileTest, FailedSaveLeavesNoTemporaryFile)
{
    // Renaming a file over a non-empty directory fails after the data was written.
    const std::filesystem::path target = m_dir / "taken";
    std::filesystem::create_directories(target / "inside");
    try {
        saveChromeTrace(richTrace(), target.string());
        FAIL() << "replaced a directory";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(target.string() + ".tmp"));
    EXPECT_TRUE(std::filesystem::is_directory(target / "inside"));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(m_dir), std::filesystem::directory_iterator()), 1);
}

// A trace big enough to be written in many 64 KiB chunks.
Trace chromeTraceManySpans(int spans)
{
    TraceBuilder builder;
    const LaneId lane = builder.addLane({.kind = LaneKind::Thread, .pid = 7, .tid = 8, .name = "worker"});
    for (int i = 0; i < spans; ++i)
        builder.append(lane, {.time = i * 1000, .task = i, .state = i % 2 == 0 ? State::Running : State::WaitingGil});
    return builder.build();
}

TEST_F(ChromeTraceFileTest, ProgressCanStopTheWriteLeavingTheOldFileAndNoTemporary)
{
    const std::string path = (m_dir / "run.json").string();
    std::ofstream(path) << "old";
    const Trace trace = chromeTraceManySpans(200'000);
    int calls = 0;
    std::size_t lastTotal = 0;
    EXPECT_THROW(saveChromeTrace(trace, path,
                     [&](std::size_t written, std::size_t total) {
                         EXPECT_LE(written, total);
                         lastTotal = total;
                         return ++calls < 3;
                     }),
        ChromeTraceStopped);
    EXPECT_EQ(calls, 3);
    EXPECT_GE(lastTotal, 200'000u); // the spans and the lane's metadata
    std::ifstream in(path);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()), "old");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(m_dir), std::filesystem::directory_iterator()), 1);
}

TEST_F(ChromeTraceFileTest, ProgressThatGoesOnWritesTheWholeTrace)
{
    const std::string path = (m_dir / "run.json").string();
    const Trace trace = chromeTraceManySpans(15'000); // some 1.8 MB: about 27 chunks of 64 KiB
    int calls = 0;
    saveChromeTrace(trace, path, [&](std::size_t, std::size_t) { return ++calls > 0; });
    EXPECT_GT(calls, 10);
    expectSameTrace(loadChromeTrace(path), trace);
}

TEST(ChromeTraceImport, WhitespaceBetweenEventsIsSkippedAndOffsetsStayTrue)
{
    const std::string gap(3 * 1024 * 1024, ' ');
    const std::string head = R"({"traceEvents":[{"ph":"X","pid":1,"tid":2,"ts":0,"dur":1},)";
    const Trace trace = fromJson(head + gap + "\n\t\r" + gap + R"({"ph":"X","pid":1,"tid":2,"ts":5,"dur":1}]})");
    ASSERT_EQ(trace.laneCount(), 1u);
    EXPECT_EQ(trace.spanCount(0), 2u);
    // Whitespace inside strings is kept as it is.
    const Trace named = fromJson(R"([{"ph":"M","pid":1,"tid":2,"name":"thread_name","args":{"name":"a   b\"  c"}},)"
                                 R"({"ph":"X","pid":1,"tid":2,"ts":0,"dur":1}])");
    EXPECT_EQ(named.lane(0).name, "a   b\"  c");
    // An error after the gap is still located at its true byte.
    const std::string broken = head + gap + R"({"ph":"X","pid":1,"tid":2,"dur":1}]})";
    try {
        fromJson(broken);
        FAIL();
    } catch (const ChromeTraceError& e) {
        EXPECT_EQ(e.byteOffset(), head.size() + gap.size()) << e.what();
    }
}

TEST(ChromeTraceImport, AnOverlongStringIsRefused)
{
    const std::string name(1024 * 1024 + 1, 'n');
    try {
        fromJson(R"([{"ph":"M","pid":1,"tid":2,"name":"thread_name","args":{"name":")" + name + R"("}}])");
        FAIL() << "read a string over 1 MiB";
    } catch (const ChromeTraceError& e) {
        EXPECT_NE(std::string(e.what()).find("a string longer than 1 MiB"), std::string::npos) << e.what();
    }
    try {
        fromJson("[" + std::string(5000, '1') + "]");
        FAIL() << "read a 5000-digit number";
    } catch (const ChromeTraceError& e) {
        EXPECT_NE(std::string(e.what()).find("a number or literal longer than 4096 bytes"), std::string::npos)
            << e.what();
    }
}

std::string chromeTraceLaneEvents(std::size_t lanes)
{
    std::string text = "[";
    for (std::size_t i = 0; i < lanes; ++i) {
        text += (i == 0 ? "" : ",");
        text += R"({"ph":"X","pid":1,"tid":)" + std::to_string(i + 2) + R"(,"ts":0,"dur":1})";
    }
    return text + "]";
}

TEST(ChromeTraceImport, TooManyLanesAreRefusedWithTheLimit)
{
    EXPECT_EQ(fromJson(chromeTraceLaneEvents(kMaxChromeTraceLanes)).laneCount(), kMaxChromeTraceLanes);
    try {
        fromJson(chromeTraceLaneEvents(kMaxChromeTraceLanes + 1));
        FAIL() << "read more lanes than the limit";
    } catch (const ChromeTraceError& e) {
        EXPECT_EQ(e.eventIndex(), kMaxChromeTraceLanes);
        EXPECT_NE(std::string(e.what()).find("more than " + std::to_string(kMaxChromeTraceLanes) + " lanes"), std::string::npos) << e.what();
    }
}

TEST_F(ChromeTraceFileTest, LoadErrorsNameTheFile)
{
    const std::string missing = (m_dir / "missing.json").string();
    try {
        loadChromeTrace(missing);
        FAIL() << "loaded a missing file";
    } catch (const ChromeTraceError& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos) << e.what();
    }

    try {
        loadChromeTrace(m_dir.string());
        FAIL() << "loaded a directory";
    } catch (const ChromeTraceError& e) {
        EXPECT_NE(std::string(e.what()).find("Is a directory"), std::string::npos) << e.what();
    }

    const std::string broken = (m_dir / "broken.json").string();
    std::ofstream(broken) << R"([{"ph":"X","pid":1,"tid":1}])";
    try {
        loadChromeTrace(broken);
        FAIL() << "loaded an event without ts";
    } catch (const ChromeTraceError& e) {
        EXPECT_EQ(std::string(e.what()), broken + ": event 0 at byte 1: \"ts\" is missing");
        EXPECT_EQ(e.eventIndex(), 0u);
    }
}

} // namespace
} // namespace interleave
