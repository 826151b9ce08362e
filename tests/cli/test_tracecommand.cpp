#include "cli/commandline.h"
#include "commandline_testing.h"
#include "../app/python_testing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <unistd.h>

namespace interleave::cli {
namespace {

using commandtest::runInterleave;

using pythontest::kPython;
using pythontest::writeScript;

TEST(TraceCommand, PassesTheScriptsArgumentsAndExitStatusThrough)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("exit_with.py", R"(import sys, threading, time
t = threading.Thread(target=time.sleep, args=(0.05,), name="napper")
t.start(); t.join()
sys.exit(int(sys.argv[1]))
)");
    // "--json" after the script's name is the script's, not ours.
    const auto r = runInterleave({"trace", "--python", kPython, "--json", script, "3", "--json"});
    EXPECT_EQ(r.result.status, 3) << r.err;
    const nlohmann::json out = nlohmann::json::parse(r.out);
    EXPECT_EQ(out["exit_status"], 3);
    EXPECT_EQ(out["outcome"], "finished");
    EXPECT_EQ(out["python"].get<std::string>().substr(0, 2), "3.");
    bool napper = false;
    for (const auto& lane : out["lanes"]) {
        if (lane["name"] == "napper") {
            napper = true;
            EXPECT_EQ(lane["kind"], "thread");
            EXPECT_TRUE(lane["details_ms"].contains("BlockedIo: sleep"));
            EXPECT_EQ(lane["end"], "Done");
        }
    }
    EXPECT_TRUE(napper);
    EXPECT_GT(out["wall_ms"].get<double>(), 0.0);
    EXPECT_GT(out["sampler"]["sweeps"].get<int>(), 0);
    // CPython 3.11's GIL is read: no notice says why it would not be.
    EXPECT_TRUE(out["gil_notice"].is_null()) << out["gil_notice"];
    EXPECT_EQ(out["calls"], false);
}

TEST(TraceCommand, CallsNameFunctionsAndSayWhatTheyCost)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("trace_calls.py", R"(def compute(n):
    return sum(i * i for i in range(n))

compute(500_000)
)");
    const auto r = runInterleave({"trace", "--python", kPython, "--calls", "--json", script});
    ASSERT_EQ(r.result.status, 0) << r.err;
    const nlohmann::json out = nlohmann::json::parse(r.out);
    EXPECT_EQ(out["calls"], true);
    EXPECT_TRUE(out["lanes"][0]["details_ms"].contains("Running: compute (trace_calls.py:1)")) << out["lanes"][0];
    EXPECT_NE(r.err.find("Function calls were recorded with sys.setprofile"), std::string::npos) << r.err;
}

// The GIL row is missing on a CPython whose GIL is not read: one line says why, on the
// terminal and in --json. Any Python outside 3.11 to 3.13 will do; pyenv's 3.10 is here.
TEST(TraceCommand, NoGilRowIsExplainedInOneLine)
{
    const char* python = "/root/.pyenv/versions/3.10.13/bin/python3";
    if (::access(python, X_OK) != 0)
        GTEST_SKIP() << python << " is not installed";
    const std::string script = writeScript("trace_no_gil_row.py", "import threading\n");
    const auto r = runInterleave({"trace", "--python", python, "--json", script});
    ASSERT_EQ(r.result.status, 0) << r.err;
    const nlohmann::json out = nlohmann::json::parse(r.out);
    EXPECT_EQ(out["gil_notice"], "No GIL row: the GIL holder is read on CPython 3.11 to 3.13; this is 3.10.");
    EXPECT_NE(r.err.find("No GIL row: the GIL holder is read on CPython 3.11 to 3.13"), std::string::npos) << r.err;
}

TEST(TraceCommand, WritesATraceFileAndASummary)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("short.py", "import time\ntime.sleep(0.02)\n");
    const std::string traceFile = ::testing::TempDir() + "/short-trace.json";
    const auto r = runInterleave({"trace", "--python", kPython, "--trace", traceFile, script});
    EXPECT_EQ(r.result.status, 0) << r.err;
    EXPECT_NE(r.out.find("Traced"), std::string::npos);
    EXPECT_NE(r.out.find("short.py"), std::string::npos);
    // The summary names states as users read them; the trace file keeps the enum's names.
    EXPECT_NE(r.out.find("Blocked on I/O"), std::string::npos) << r.out;
    for (const char* spelling : {"WaitingGil", "BlockedIo", "WaitingLock"})
        EXPECT_EQ(r.out.find(spelling), std::string::npos) << r.out;
    std::ifstream in(traceFile);
    EXPECT_TRUE(in.good());
}

TEST(TraceCommand, TimeoutExits124)
{
    REQUIRE_PYTHON();
    const std::string script = writeScript("forever.py", "import time\ntime.sleep(60)\n");
    const auto r = runInterleave({"trace", "--python", kPython, "--timeout", "1", script});
    EXPECT_EQ(r.result.status, 124);
    EXPECT_NE(r.err.find("--timeout"), std::string::npos);
}

TEST(TraceCommand, MissingPythonExits127InOneLine)
{
    const auto r = runInterleave({"trace", "--python", "/nonexistent/python3", "script.py"});
    EXPECT_EQ(r.result.status, 127);
    EXPECT_NE(r.err.find("/nonexistent/python3"), std::string::npos);
}

TEST(TraceCommand, RefusesAbsurdSampleRates)
{
    for (const char* hz : {"0", "5001"}) {
        const auto r = runInterleave({"trace", "--sample-hz", hz, "script.py"});
        EXPECT_EQ(r.result.status, kExitUsage) << hz;
        EXPECT_NE(r.err.find("--sample-hz"), std::string::npos) << hz;
    }
    const auto none = runInterleave({"trace"});
    EXPECT_EQ(none.result.status, kExitUsage);
}

TEST(BenchPytraceCommand, ReportsCostAndAccuracyAgainstTheProgramsOwnNotes)
{
    REQUIRE_PYTHON();
    const auto r = runInterleave({"bench", "pytrace", "--python", kPython, "--repeat", "1", "--json"});
    ASSERT_EQ(r.result.status, 0) << r.err;
    const nlohmann::json out = nlohmann::json::parse(r.out);
    EXPECT_EQ(out["rounds"], 1);
    // Loose bounds: the machine may be busy; the figures themselves are the bench's to report.
    EXPECT_GT(out["cpu_overhead"].get<double>(), 0.5);
    EXPECT_LT(out["cpu_overhead"].get<double>(), 5.0);
    EXPECT_GT(out["gil_agreement"].get<double>(), 0.5);
    EXPECT_GT(out["gil_slices_drawn"].get<double>(), 10.0); // two CPU-bound threads took turns
    EXPECT_GT(out["gil_switches_counted"].get<double>(), 10.0);
    // Sleeps come from exact events: each one drawn, its ends where the program noted them.
    EXPECT_EQ(out["sleeps_matched"].get<double>(), 1.0);
    EXPECT_LT(out["sleep_error_max_ms"].get<double>(), 20.0);
}

} // namespace
} // namespace interleave::cli
