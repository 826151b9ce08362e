// Where the bootstrap looks for the GIL in each CPython version (gil_layout.py), run by the
// system's Python on fixed, made-up memory: the offset tables, the choice of method and the
// notice texts, whatever Pythons are installed here.

#include "python_test_support.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>

namespace interleave::pytrace {
namespace {

// Builds each CPython's memory as the bootstrap would find it, with one value changed where a
// case says so, and prints "case|status|base|gil,locked,last_holder,switch_number,native_id,
// tstate_current|note" per case.
constexpr const char* kGilLayoutDriver = R"PY(
import sys
sys.path.insert(0, sys.argv[1])
from interleave_bootstrap import gil_layout as G

RT, INTERP, TS, NATIVE = 0x10000, 0x40000, 0x90000, 4242

def memory(version, change=None):
    m = {}
    def put(address, value, size=8):
        m[address] = (size, value)
    if version == (3, 11):
        gil = RT + 360
        put(RT + 576, TS)
        native = 160
    elif version == (3, 12):
        gil = INTERP + 1040
        put(RT + 48, INTERP)
        put(INTERP + 384, gil)
        put(TS + 16, INTERP)
        native = 144
    else:
        gil = INTERP + 7752
        put(RT, int.from_bytes(b"xdebugpy", "little"))
        put(RT + 8, 0x030D00F0)
        put(RT + 16, 0)
        put(RT + 40, 632)
        put(RT + 632, INTERP)
        put(RT + 112, 16)
        put(RT + 120, 7752)
        put(RT + 136, 7752 + 16)
        put(RT + 144, 7752 + 8)
        put(RT + 176, 16)
        put(RT + 200, 160)
        put(INTERP + 16, gil)
        put(TS + 16, INTERP)
        native = 160
    put(gil, 5000)
    put(gil + 8, TS)
    put(gil + 16, 1, 4)
    put(gil + 24, 3)
    put(TS + native, NATIVE)
    if change:
        address, value = change(gil)
        put(address, value)
    return m

def peek_in(m):
    def peek(address, size):
        if address not in m:
            raise OSError("cannot read %d bytes at %#x" % (size, address))
        return m[address][1]
    return peek

def run(name, hexversion, change=None, abiflags="", gil_enabled=True, unreadable=False):
    version = (hexversion >> 24, (hexversion >> 16) & 0xFF)
    m = memory(version, change)
    if unreadable:
        m = {}
    live = G.Live(hexversion, abiflags, gil_enabled, 8, RT, INTERP, TS, NATIVE, 5000)
    r = G.locate(live, peek_in(m))
    f = r.fields
    keys = ("gil", "locked", "last_holder", "switch_number", "native_id", "tstate_current")
    print("%s|%d|%#x|%s|%s" % (name, r.status, r.base, ",".join(str(f.get(k, -1)) for k in keys), r.note))

run("3.11", 0x030B02F0)
run("3.11-wrong-tstate", 0x030B02F0, lambda gil: (RT + 576, TS + 8))
run("3.12", 0x030C01F0)
run("3.12-shared-gil", 0x030C01F0, lambda gil: (INTERP + 384, 0x70000))
run("3.12-unreadable", 0x030C01F0, unreadable=True)
run("3.13", 0x030D00F0)
run("3.13-no-cookie", 0x030D00F0, lambda gil: (RT, 0))
run("3.13-not-holding", 0x030D00F0, lambda gil: (gil + 8, TS + 64))
run("3.13t", 0x030D00F0, abiflags="t", gil_enabled=False)
run("3.13t-gil-on", 0x030D00F0, abiflags="t", gil_enabled=True)
run("3.14", 0x030E00F0)
run("3.10", 0x030A0DF0)
)PY";

struct GilLayoutCase {
    int status = -1;
    std::string base;
    std::string fields;
    std::string note;
};

std::map<std::string, GilLayoutCase> runGilLayoutDriver()
{
    const std::string script = testsupport::writeScript("gil_layout_driver.py", kGilLayoutDriver);
    const std::string command
        = std::string(testsupport::kPython) + " " + script + " " + INTERLEAVE_PYTHON_DIR + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    std::map<std::string, GilLayoutCase> out;
    if (pipe == nullptr)
        return out;
    char line[2048];
    std::string all;
    while (std::fgets(line, sizeof line, pipe) != nullptr)
        all += line;
    ::pclose(pipe);
    std::istringstream lines(all);
    std::string text;
    while (std::getline(lines, text)) {
        std::istringstream parts(text);
        std::string name, status;
        GilLayoutCase c;
        if (!std::getline(parts, name, '|') || !std::getline(parts, status, '|') || !std::getline(parts, c.base, '|')
            || !std::getline(parts, c.fields, '|'))
            continue;
        std::getline(parts, c.note);
        c.status = std::stoi(status);
        out[name] = c;
    }
    EXPECT_FALSE(out.empty()) << all;
    return out;
}

class GilLayout : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        if (::access(testsupport::kPython, X_OK) == 0)
            s_cases = runGilLayoutDriver();
    }
    void SetUp() override { REQUIRE_PYTHON(); }
    static const GilLayoutCase& at(const std::string& name)
    {
        static const GilLayoutCase missing;
        const auto it = s_cases.find(name);
        EXPECT_NE(it, s_cases.end()) << name;
        return it != s_cases.end() ? it->second : missing;
    }
    static std::map<std::string, GilLayoutCase> s_cases;
};
std::map<std::string, GilLayoutCase> GilLayout::s_cases;

constexpr int kVerified = static_cast<int>(GilStatus::Verified);
constexpr int kUnsupported = static_cast<int>(GilStatus::Unsupported);
constexpr int kCheckFailed = static_cast<int>(GilStatus::CheckFailed);
constexpr int kNoGil = static_cast<int>(GilStatus::NoGil);

TEST_F(GilLayout, Python311ReadsTheGilInPyRuntimeAtFixedOffsets)
{
    const GilLayoutCase& c = at("3.11");
    EXPECT_EQ(c.status, kVerified) << c.note;
    EXPECT_EQ(c.base, "0x10000"); // _PyRuntime itself
    EXPECT_EQ(c.fields, "360,376,368,384,160,576");
}

TEST_F(GilLayout, Python312FollowsTheInterpretersGilPointer)
{
    const GilLayoutCase& c = at("3.12");
    EXPECT_EQ(c.status, kVerified) << c.note;
    EXPECT_EQ(c.base, "0x40410"); // the interpreter's own _gil, at +1040
    EXPECT_EQ(c.fields, "0,16,8,24,144,-1");
}

TEST_F(GilLayout, Python313TakesItsOffsetsFromPyDebugOffsets)
{
    const GilLayoutCase& c = at("3.13");
    EXPECT_EQ(c.status, kVerified) << c.note;
    EXPECT_EQ(c.base, "0x41e48"); // interp + gil_runtime_state (7752), as published
    EXPECT_EQ(c.fields, "0,16,8,24,160,-1");
}

TEST_F(GilLayout, AnyLiveValueThatDisagreesLeavesTheGilUnreadAndNamesIt)
{
    const GilLayoutCase& tstate = at("3.11-wrong-tstate");
    EXPECT_EQ(tstate.status, kCheckFailed);
    EXPECT_NE(tstate.note.find("the current thread state"), std::string::npos) << tstate.note;
    EXPECT_EQ(tstate.base, "0x0");

    const GilLayoutCase& shared = at("3.12-shared-gil");
    EXPECT_EQ(shared.status, kCheckFailed);
    EXPECT_NE(shared.note.find("the interpreter's own GIL"), std::string::npos) << shared.note;

    const GilLayoutCase& holder = at("3.13-not-holding");
    EXPECT_EQ(holder.status, kCheckFailed);
    EXPECT_NE(holder.note.find("the GIL's holder"), std::string::npos) << holder.note;

    const GilLayoutCase& cookie = at("3.13-no-cookie");
    EXPECT_EQ(cookie.status, kCheckFailed);
    EXPECT_NE(cookie.note.find("does not start with its debug offsets"), std::string::npos) << cookie.note;

    const GilLayoutCase& unreadable = at("3.12-unreadable");
    EXPECT_EQ(unreadable.status, kCheckFailed);
    EXPECT_NE(unreadable.note.find("could not be checked"), std::string::npos) << unreadable.note;
}

TEST_F(GilLayout, FreeThreadedBuildHasNoGilAndSaysSo)
{
    const GilLayoutCase& off = at("3.13t");
    EXPECT_EQ(off.status, kNoGil);
    EXPECT_EQ(off.note, "free-threaded build: there is no GIL");
    const GilLayoutCase& on = at("3.13t-gil-on");
    EXPECT_EQ(on.status, kUnsupported);
    EXPECT_NE(on.note.find("PYTHON_GIL=1"), std::string::npos) << on.note;
}

TEST_F(GilLayout, OtherVersionsAreNotGuessed)
{
    EXPECT_EQ(at("3.14").status, kUnsupported);
    EXPECT_EQ(at("3.14").note, "the GIL holder is read on CPython 3.11 to 3.13; this is 3.14");
    EXPECT_EQ(at("3.10").status, kUnsupported);
}

// The same examples under other CPythons, when they are installed (pyenv's, here): the GIL
// holder read through each version's method, joins, locks and asyncio tasks as on 3.11.
class GilLayoutLive : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override
    {
        if (::access(GetParam(), X_OK) != 0)
            GTEST_SKIP() << GetParam() << " is not installed";
    }
    PythonTraceResult traced(const std::string& example)
    {
        PythonTraceOptions o = testsupport::traceOptions(testsupport::example(example));
        o.python = GetParam();
        return tracePython(o, {});
    }
};

TEST_P(GilLayoutLive, CpuBoundThreadsShowWhoHoldsTheGilAndTheJoin)
{
    const PythonTraceResult r = traced("threads_cpu.py");
    ASSERT_EQ(r.outcome, PythonTraceResult::Outcome::Finished) << r.problem;
    EXPECT_TRUE(r.gilRead) << (r.notices.empty() ? std::string() : r.notices.front());
    EXPECT_GT(r.gilSwitches, 0u);
    const Trace& t = r.trace;
    const std::vector<LaneId> cpu = testsupport::lanesWhere(t, LaneKind::Thread, "cpu-");
    ASSERT_EQ(cpu.size(), 2u);
    for (LaneId id : cpu)
        EXPECT_GT(totalFor(t.stateTotals(id), State::WaitingGil), 0) << testsupport::spansText(t, id);
    const auto root = testsupport::rootLane(t);
    ASSERT_TRUE(root);
    EXPECT_TRUE(testsupport::hasSpan(t, *root, State::BlockedIo, "join cpu-")) << testsupport::spansText(t, *root);
}

TEST_P(GilLayoutLive, LocksAndAsyncioTasksKeepWorking)
{
    const PythonTraceResult locks = traced("lock_counter.py");
    ASSERT_EQ(locks.outcome, PythonTraceResult::Outcome::Finished) << locks.problem;
    bool waited = false;
    for (LaneId id : testsupport::lanesWhere(locks.trace, LaneKind::Thread, "adder-"))
        waited = waited || testsupport::hasSpan(locks.trace, id, State::WaitingLock, "lock made at lock_counter.py:");
    EXPECT_TRUE(waited);

    const PythonTraceResult tasks = traced("asyncio_gather.py");
    ASSERT_EQ(tasks.outcome, PythonTraceResult::Outcome::Finished) << tasks.problem;
    const std::vector<LaneId> fetches = testsupport::lanesWhere(tasks.trace, LaneKind::Coroutine, "fetch-");
    ASSERT_EQ(fetches.size(), 3u);
    for (LaneId id : fetches) {
        EXPECT_TRUE(testsupport::hasSpan(tasks.trace, id, State::Running)) << testsupport::spansText(tasks.trace, id);
        EXPECT_TRUE(testsupport::hasSpan(tasks.trace, id, State::Suspended, "await"));
    }
}

INSTANTIATE_TEST_SUITE_P(Pyenv, GilLayoutLive,
                         ::testing::Values("/root/.pyenv/versions/3.12.1/bin/python3",
                                           "/root/.pyenv/versions/3.13.0/bin/python3"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                             return info.index == 0 ? std::string("Python312") : std::string("Python313");
                         });

} // namespace
} // namespace interleave::pytrace
