#include "cli/commandline.h"
#include "cli/runoptions.h"
#include "commandline_testing.h"

#include "trace/chrome_trace.h"
#include "trace/trace.h"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

using commandtest::Outcome;

Outcome run(const std::vector<const char*>& args)
{
    return commandtest::runInterleave({args.begin(), args.end()});
}

Outcome run(std::initializer_list<const char*> args)
{
    return run(std::vector<const char*>(args));
}

std::size_t lineCount(const std::string& text)
{
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(CommandLine, NoArgumentsOpensTheWindow)
{
    const Outcome r = run({});
    EXPECT_TRUE(r.result.launchGui);
    EXPECT_EQ(r.result.status, kExitOk);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
}

TEST(CommandLine, VersionPrintsNameAndVersion)
{
    const Outcome r = run({"--version"});
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(r.result.status, kExitOk);
    EXPECT_EQ(r.out, "interleave 0.1.0\n");
    EXPECT_EQ(r.err, "");
}

TEST(CommandLine, HelpListsTheCommands)
{
    const Outcome r = run({"--help"});
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(r.result.status, kExitOk);
    EXPECT_NE(r.out.find("Usage: interleave"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--version"), std::string::npos);
    EXPECT_NE(r.out.find("demo"), std::string::npos);
}

TEST(CommandLine, CommandHelpIsTheCommandsOwn)
{
    const Outcome r = run({"demo", "--help"});
    EXPECT_EQ(r.result.status, kExitOk);
    EXPECT_NE(r.out.find("three Python-like threads"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("--version"), std::string::npos) << r.out;
}

TEST(CommandLine, UnknownOptionIsAUsageErrorOnOneLine)
{
    const Outcome r = run({"--bogus"});
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_EQ(r.result.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(lineCount(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("--bogus"), std::string::npos) << r.err;
}

TEST(CommandLine, UnknownCommandIsAUsageError)
{
    const Outcome r = run({"frobnicate"});
    EXPECT_FALSE(r.result.launchGui);
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_EQ(lineCount(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("frobnicate"), std::string::npos) << r.err;
}

TEST(CommandLine, UnknownOptionOfACommandIsAUsageError)
{
    const Outcome r = run({"demo", "--fast"});
    EXPECT_EQ(r.result.status, kExitUsage);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("--fast"), std::string::npos) << r.err;
}

TEST(CommandLine, DemoRunsThreeThreadsAndPrintsTheirSummary)
{
    const Outcome r = run({"demo"});
    EXPECT_FALSE(r.result.launchGui);
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_EQ(r.err, "");
    const std::size_t header = r.out.find("Trace: ");
    const std::size_t process = r.out.find("\nMainProcess ");
    const std::size_t t1 = r.out.find("\n  Thread-1 ");
    const std::size_t t2 = r.out.find("\n  Thread-2 ");
    const std::size_t t3 = r.out.find("\n  Thread-3 ");
    ASSERT_NE(header, std::string::npos) << r.out;
    ASSERT_NE(process, std::string::npos) << r.out;
    ASSERT_NE(t1, std::string::npos) << r.out;
    ASSERT_NE(t2, std::string::npos) << r.out;
    ASSERT_NE(t3, std::string::npos) << r.out;
    EXPECT_LT(header, process);
    EXPECT_LT(process, t1);
    EXPECT_LT(t1, t2);
    EXPECT_LT(t2, t3);
    EXPECT_NE(r.out.find("4 lanes"), std::string::npos) << r.out;
}

TEST(CommandLine, DemoThreadsReallySleep)
{
    const Outcome r = run({"demo"});
    ASSERT_EQ(r.result.status, kExitOk);
    // The "Blocked on I/O" column of each thread row: three real waits of 20 ms each. Cells are
    // apart by two spaces or more; a column's title may have single spaces.
    std::istringstream lines(r.out);
    std::vector<std::string> columns;
    int threadRows = 0;
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> row;
        for (std::size_t pos = line.find_first_not_of(' '); pos != std::string::npos;) {
            const std::size_t gap = line.find("  ", pos);
            row.push_back(line.substr(pos, gap == std::string::npos ? std::string::npos : gap - pos));
            pos = gap == std::string::npos ? gap : line.find_first_not_of(' ', gap);
        }
        if (!row.empty() && row[0] == "Lane")
            columns = row;
        if (row.size() < 2 || row[1] != "thread")
            continue;
        ++threadRows;
        ASSERT_EQ(row.size(), columns.size()) << line;
        const auto io = std::find(columns.begin(), columns.end(), "Blocked on I/O");
        ASSERT_NE(io, columns.end());
        EXPECT_GE(std::stod(row[static_cast<std::size_t>(io - columns.begin())]), 60.0) << line;
    }
    EXPECT_EQ(threadRows, 3);
}

TEST(CommandLine, RunPrintsItsResultAsJson)
{
    const Outcome r = run({"run", "--model", "thread_pool", "--workload", "io", "--tasks", "4",
        "--latency-ms", "20", "--thread-workers", "2", "--json"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("model"), "thread_pool");
    EXPECT_EQ(j.at("tasks"), 4);
    // Four 20 ms waits on two workers: two rounds, about 40 ms.
    EXPECT_GE(j.at("wall_ms").get<double>(), 40.0);
    // MainProcess, four task lanes and two workers.
    EXPECT_EQ(j.at("lanes"), 7);
    EXPECT_FALSE(j.at("cancelled").get<bool>());
    EXPECT_TRUE(j.at("errors").empty());
}

TEST(CommandLine, RunPastMaxSpansSaysDetailWasDropped)
{
    const std::vector<const char*> args {"run", "--model", "asyncio", "--workload", "mixed", "--tasks", "30",
        "--mixed-rounds", "20", "--work-ms", "1", "--latency-ms", "2", "--max-spans", "200"};
    std::vector<const char*> json = args;
    json.push_back("--json");
    const Outcome r = run(json);
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_LE(j.at("spans").get<int>(), 200);
    EXPECT_GT(j.at("spans_dropped").get<int>(), 0);

    const Outcome text = run(args);
    ASSERT_EQ(text.result.status, kExitOk) << text.err;
    EXPECT_NE(text.out.find("more dropped past the span budget"), std::string::npos) << text.out;
}

TEST(CommandLine, RunWritesATraceThatReadsBack)
{
    const std::string path = testing::TempDir() + "interleave_run_trace.json";
    const Outcome r
        = run({"run", "--model", "asyncio", "--tasks", "3", "--latency-ms", "10", "--trace", path.c_str()});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("Trace written to " + path), std::string::npos) << r.out;
    const Trace trace = loadChromeTrace(path);
    EXPECT_EQ(trace.laneCount(), 4u);
    EXPECT_EQ(trace.lane(1).kind, LaneKind::Coroutine);
    std::remove(path.c_str());
}

TEST(CommandLine, CompareReportsEveryModelAgainstSequential)
{
    const Outcome r = run({"compare", "--workload", "io", "--tasks", "4", "--latency-ms", "30", "--models",
        "threads,asyncio", "--json"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    const nlohmann::json results = nlohmann::json::parse(r.out).at("results");
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].at("model"), "sequential");
    EXPECT_DOUBLE_EQ(results[0].at("speedup").get<double>(), 1.0);
    EXPECT_EQ(results[1].at("model"), "threads");
    EXPECT_EQ(results[2].at("model"), "asyncio");
    for (const auto& row : results) {
        for (const char* key : {"wall_ms", "speedup", "cpu_ms", "gil_wait_ms"})
            EXPECT_TRUE(row.contains(key)) << key;
    }
    // Four 100 ms waits overlap under threads and asyncio (about 4x); over 1.5x leaves room for
    // a very busy machine's start-up and scheduling delays.
    EXPECT_GT(results[1].at("speedup").get<double>(), 1.5);
    EXPECT_GT(results[2].at("speedup").get<double>(), 1.5);
}

using commandtest::BadArguments;

class RunArgumentErrors : public testing::TestWithParam<BadArguments> { };

// The cases of the commands that draw are test_screenshotcommand.cpp's (the Qt tests).
TEST_P(RunArgumentErrors, AreOneLineNamingTheArgumentWithStatus2)
{
    commandtest::expectOneLineUsageError(run(GetParam().args), GetParam().named);
}

INSTANTIATE_TEST_SUITE_P(Cases, RunArgumentErrors,
    testing::Values(BadArguments {{"run", "--model", "fibers"}, "--model"},
        BadArguments {{"run", "--workload", "gpu"}, "--workload"},
        BadArguments {{"run", "--tasks", "10001"}, "--tasks"},
        BadArguments {{"run", "--tasks", "-3"}, "--tasks"},
        BadArguments {{"run", "--model", "processes", "--tasks", "300"}, "--tasks"},
        BadArguments {{"run", "--model", "process_pool", "--process-workers", "1000"}, "--process-workers"},
        BadArguments {{"run", "--model", "thread_pool", "--thread-workers", "100000"}, "--thread-workers"},
        BadArguments {{"run", "--latency-ms", "-1"}, "--latency-ms"},
        BadArguments {{"run", "--work-ms", "1e12"}, "--work-ms"},
        BadArguments {{"run", "--switch-interval-ms", "0"}, "--switch-interval-ms"},
        BadArguments {{"run", "--gil", "maybe"}, "--gil"},
        BadArguments {{"run", "--tasks", "many"}, "--tasks"},
        BadArguments {{"compare", "--models", "threads,fibers"}, "--models"},
        BadArguments {{"compare", "--tasks", "300"}, "--tasks"},
        // CLI11 alone reads these as hexadecimal, binary and octal numbers.
        BadArguments {{"run", "--tasks", "0x10"}, "--tasks"},
        BadArguments {{"run", "--tasks", "0b11"}, "--tasks"},
        BadArguments {{"run", "--tasks", "0o10"}, "--tasks"},
        BadArguments {{"run", "--tasks", ""}, "--tasks"},
        BadArguments {{"compare", "--repeat", "0x3"}, "--repeat"},
        BadArguments {{"sweep", "--process-workers", "0x2"}, "--process-workers"},
        BadArguments {{"race", "--threads", "0x4"}, "--threads"},
        BadArguments {{"deadlock", "--meals", "0x2"}, "--meals"},
        // NaN passes every range check; inf means nothing as a duration or scale.
        BadArguments {{"run", "--latency-ms", "nan"}, "--latency-ms"},
        BadArguments {{"run", "--work-ms", "inf"}, "--work-ms"},
        BadArguments {{"run", "--switch-interval-ms", "NaN"}, "--switch-interval-ms"},
        BadArguments {{"run", "--latency-ms", "0x10"}, "--latency-ms"},
        // An empty path is no path; two outputs to the same place contradict each other.
        BadArguments {{"compare", "--csv", ""}, "--csv"},
        BadArguments {{"sweep", "--csv", ""}, "--csv"},
        BadArguments {{"run", "--trace", ""}, "--trace"},
        BadArguments {{"compare", "--json", "--csv", "-"}, "--csv and --json"},
        BadArguments {{"sweep", "--json", "--csv", "-"}, "--csv and --json"}),
    [](const testing::TestParamInfo<BadArguments>& info) {
        return commandtest::argumentCaseName(info.index, info.param.named);
    });

// A leading zero is not octal: 010 is ten tasks, as whoever typed it meant.
TEST(CommandLine, IntegersAreDecimalEvenWithALeadingZero)
{
    const Outcome r = run({"run", "--model", "sequential", "--workload", "io", "--tasks", "010", "--latency-ms",
        "1", "--json"});
    ASSERT_EQ(r.result.status, kExitOk) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out).at("tasks"), 10);
    const Outcome zero = run({"run", "--model", "sequential", "--workload", "io", "--tasks", "00", "--json"});
    EXPECT_EQ(zero.result.status, kExitUsage) << "zero tasks, refused as such";
    EXPECT_NE(zero.err.find("--tasks must be between 1"), std::string::npos) << zero.err;
}

// The emulated interpreter start-up of a process run: measured on this machine's python3
// once, cached, and used unless the command line names a figure.
TEST(ProcessStartCalibration, UsesTheCachedMeasurementUnlessAFigureIsGiven)
{
    const std::string cacheHome = ::testing::TempDir() + "/calibration-cache";
    const char* old = std::getenv("XDG_CACHE_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CACHE_HOME", cacheHome.c_str(), 1);
    std::remove((cacheHome + "/interleave/python-start.json").c_str());

    auto parsed = [](std::vector<std::string> args, RunConfig& config) {
        auto app = std::make_unique<CLI::App>();
        addWorkloadOptions(*app, config);
        std::reverse(args.begin(), args.end());
        app->parse(args);
        return app;
    };
    std::ostringstream err;
    RunConfig measured;
    const auto plain = parsed({}, measured);
    const bool calibrated = calibrateProcessStart(*plain, measured, true, err);
    std::ifstream cache(cacheHome + "/interleave/python-start.json");
    if (calibrated) {
        // The figure used is the one cached, and the first time says it measured.
        const nlohmann::json stored = nlohmann::json::parse(cache);
        EXPECT_DOUBLE_EQ(measured.processStartMs, stored["spawn_start_ms"].get<double>());
        EXPECT_NE(err.str().find("measured once"), std::string::npos) << err.str();
        std::ostringstream again;
        RunConfig second;
        const auto secondApp = parsed({}, second);
        EXPECT_TRUE(calibrateProcessStart(*secondApp, second, true, again));
        EXPECT_DOUBLE_EQ(second.processStartMs, measured.processStartMs);
        EXPECT_EQ(again.str(), "") << "a cached figure is used silently";
    } else {
        EXPECT_DOUBLE_EQ(measured.processStartMs, RunConfig{}.processStartMs) << err.str();
    }

    RunConfig given;
    const auto givenApp = parsed({"--process-start-ms", "7"}, given);
    EXPECT_FALSE(calibrateProcessStart(*givenApp, given, true, err));
    EXPECT_DOUBLE_EQ(given.processStartMs, 7.0);
    RunConfig native;
    const auto nativeApp = parsed({"--process-start", "native"}, native);
    EXPECT_FALSE(calibrateProcessStart(*nativeApp, native, true, err));
    RunConfig threads;
    const auto threadsApp = parsed({}, threads);
    EXPECT_FALSE(calibrateProcessStart(*threadsApp, threads, false, err));

    if (old)
        ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
    else
        ::unsetenv("XDG_CACHE_HOME");
}

} // namespace
} // namespace interleave::cli
