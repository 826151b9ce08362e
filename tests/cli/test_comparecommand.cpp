#include "cli/commandline.h"
#include "cli/commands.h"
#include "commandline_testing.h"

#include "analysis/csv.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace interleave::cli {
namespace {

struct CompareOutcome {
    int status = 0;
    std::string out;
    std::string err;
};

CompareOutcome compareRun(std::vector<const char*> args)
{
    args.insert(args.begin(), "interleave");
    std::ostringstream out, err;
    const CommandLineResult r = runCommandLine(static_cast<int>(args.size()), args.data(), out, err, DrawingCommands {});
    return {r.status, out.str(), err.str()};
}

std::string compareReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string compareTempPath(const char* name)
{
    return ::testing::TempDir() + name + std::to_string(::getpid()) + ".csv";
}

TEST(CompareCommand, WritesEveryResultAsCsv)
{
    const std::string path = compareTempPath("compare");
    const CompareOutcome r = compareRun({"compare", "--workload", "io", "--tasks", "3", "--latency-ms", "20", "--models",
        "threads,asyncio", "--csv", path.c_str()});
    ASSERT_EQ(r.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("sequential"), std::string::npos); // the table is still printed
    const auto records = parseCsv(compareReadFile(path));
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0], measuredRunColumns());
    EXPECT_EQ(records[1][2], "sequential");
    EXPECT_EQ(records[2][2], "threads");
    EXPECT_EQ(records[3][2], "asyncio");
    for (std::size_t i = 1; i < records.size(); ++i) {
        EXPECT_EQ(records[i][0], "compare");
        EXPECT_EQ(records[i][1], "io");
        EXPECT_EQ(records[i][3], "3");
        EXPECT_EQ(records[i][15], "no");
        EXPECT_GT(std::stod(records[i][8]), 15.0); // wall time covers at least one 20 ms wait
        // One run each: the spread is that run.
        EXPECT_EQ(records[i][9], "1");
        EXPECT_EQ(records[i][10], records[i][8]);
        EXPECT_EQ(records[i][11], records[i][8]);
    }
    EXPECT_EQ(records[1][14], "1.000");
    std::remove(path.c_str());
}

TEST(CompareCommand, PythonAddsCPythonsWallAndSpeedup)
{
    if (::access("/usr/bin/python3", X_OK) != 0)
        GTEST_SKIP() << "/usr/bin/python3 is not installed: --python runs real CPython programs";
    const CompareOutcome r = compareRun({"compare", "--workload", "io", "--tasks", "4", "--latency-ms", "100", "--models",
        "threads", "--python", "/usr/bin/python3", "--json"});
    ASSERT_EQ(r.status, kExitOk) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc.at("python").at("path"), "/usr/bin/python3");
    EXPECT_TRUE(doc.at("python").at("version").get<std::string>().starts_with("3.")) << doc.dump();
    const auto& results = doc.at("results");
    ASSERT_EQ(results.size(), 2u);
    const auto& sequential = results[0];
    const auto& threads = results[1];
    EXPECT_EQ(sequential.at("model"), "sequential");
    for (const auto& result : results) {
        EXPECT_EQ(result.at("python_runs"), 1);
        const double wall = result.at("python_wall_ms").get<double>();
        EXPECT_GT(wall, 95.0) << "at least one 100 ms sleep";
        EXPECT_EQ(result.at("python_wall_ms_min").get<double>(), wall);
        EXPECT_EQ(result.at("python_wall_ms_max").get<double>(), wall);
        EXPECT_GT(result.at("python_speedup").get<double>(), 0.0);
    }
    // Four sleeping threads overlap in CPython too: well under the four sleeps in a row.
    EXPECT_GT(sequential.at("python_wall_ms").get<double>(), 395.0);
    EXPECT_LT(threads.at("python_wall_ms").get<double>(), 0.8 * sequential.at("python_wall_ms").get<double>());
    EXPECT_EQ(sequential.at("python_speedup").get<double>(), 1.0);
    EXPECT_GT(threads.at("python_speedup").get<double>(), 1.0);
}

TEST(CompareCommand, PythonRefusesGilOffAndAMissingPython)
{
    const CompareOutcome missing = compareRun({"compare", "--workload", "io", "--tasks", "2", "--latency-ms", "5", "--models",
        "threads", "--python", "/nonexistent/python3"});
    EXPECT_EQ(missing.status, 127);
    EXPECT_NE(missing.err.find("no Python at /nonexistent/python3"), std::string::npos) << missing.err;
    EXPECT_EQ(missing.out, "");

    if (::access("/usr/bin/python3", X_OK) != 0)
        GTEST_SKIP() << "/usr/bin/python3 is not installed";
    const CompareOutcome off = compareRun({"compare", "--workload", "io", "--tasks", "2", "--latency-ms", "5", "--models",
        "threads", "--gil", "off", "--python", "/usr/bin/python3", "--csv", "-"});
    ASSERT_EQ(off.status, kExitOk) << off.err;
    const auto records = parseCsv(off.out);
    ASSERT_EQ(records.size(), 3u);
    std::vector<std::string> header = measuredRunColumns();
    header.insert(header.end(), cpythonColumns().begin(), cpythonColumns().end());
    EXPECT_EQ(records[0], header);
    EXPECT_EQ(records[1][measuredRunColumns().size()], "0"); // no program: no CPython run
    EXPECT_EQ(records[1][measuredRunColumns().size() + 1], "");
}

TEST(CompareCommand, CsvToStandardOutputReplacesTheTable)
{
    const CompareOutcome r = compareRun({"compare", "--workload", "io", "--tasks", "2", "--latency-ms", "5", "--models",
        "threads", "--csv", "-"});
    ASSERT_EQ(r.status, kExitOk) << r.err;
    const auto records = parseCsv(r.out);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].front(), "experiment");
    EXPECT_EQ(r.err, "");
}

TEST(CompareCommand, UnwritableCsvIsRefusedBeforeAnyRun)
{
    const CompareOutcome r = compareRun({"compare", "--workload", "io", "--tasks", "2", "--latency-ms", "5000", "--models",
        "threads", "--csv", "/nonexistent-folder/results.csv"});
    EXPECT_EQ(r.status, kExitUsage);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("cannot write /nonexistent-folder/results.csv"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("ran"), std::string::npos) << r.err;
}

TEST(CompareCommand, RepeatGivesTheMedianAndTheSpreadInJson)
{
    const CompareOutcome r = compareRun({"compare", "--workload", "io", "--tasks", "3", "--latency-ms", "20", "--models",
        "threads", "--repeat", "3", "--json"});
    ASSERT_EQ(r.status, kExitOk) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc.at("repeat"), 3);
    const auto& results = doc.at("results");
    ASSERT_EQ(results.size(), 2u);
    for (const auto& result : results) {
        EXPECT_EQ(result.at("runs"), 3);
        std::vector<double> all = result.at("wall_ms_all").get<std::vector<double>>();
        ASSERT_EQ(all.size(), 3u);
        std::sort(all.begin(), all.end());
        EXPECT_DOUBLE_EQ(result.at("wall_ms").get<double>(), all[1]); // the median
        EXPECT_DOUBLE_EQ(result.at("wall_ms_min").get<double>(), all[0]);
        EXPECT_DOUBLE_EQ(result.at("wall_ms_max").get<double>(), all[2]);
        EXPECT_LE(result.at("speedup_min").get<double>(), result.at("speedup").get<double>());
        EXPECT_GE(result.at("speedup_max").get<double>(), result.at("speedup").get<double>());
        // A fraction in [0, 1], or null when the run was too short to tell.
        const auto& busy = result.at("busy_other_cpu");
        if (!busy.is_null()) {
            EXPECT_GE(busy.get<double>(), 0.0);
            EXPECT_LE(busy.get<double>(), 1.0);
        }
    }
}

TEST(CompareCommand, RepeatIsPrintedAsARangeAndRefusedOutOfBounds)
{
    const CompareOutcome r = compareRun({"compare", "--workload", "io", "--tasks", "2", "--latency-ms", "10", "--models",
        "asyncio", "--repeat", "2"});
    ASSERT_EQ(r.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("Median of 2 runs per model"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("1.00x ("), std::string::npos) << r.out; // sequential against itself, with a range
    EXPECT_NE(r.err.find("run 4 of 4"), std::string::npos) << r.err; // progress
    EXPECT_EQ(compareRun({"compare", "--repeat", "0"}).status, kExitUsage);
}

TEST(SweepCommand, RepeatFitsAStartupCostAndSaysWhichDominates)
{
    const CompareOutcome r = compareRun({"sweep", "--model", "thread_pool", "--workload", "io", "--tasks", "4",
        "--latency-ms", "10", "--workers", "1,2,4", "--repeat", "2", "--json"});
    ASSERT_EQ(r.status, kExitOk) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc.at("repeat"), 2);
    for (const auto& result : doc.at("results")) {
        EXPECT_EQ(result.at("runs"), 2);
        EXPECT_EQ(result.at("wall_ms_all").size(), 2u);
    }
    const auto& fit = doc.at("fit");
    ASSERT_FALSE(fit.is_null());
    EXPECT_GE(fit.at("serial_fraction").get<double>(), 0.0);
    EXPECT_LE(fit.at("serial_fraction").get<double>(), 1.0);
    EXPECT_GE(fit.at("startup_ms_per_worker").get<double>(), 0.0);
    EXPECT_TRUE(fit.at("dominant") == "startup" || fit.at("dominant") == "serial");
}

TEST(SweepCommand, FitsAmdahlAndPrintsJson)
{
    // Waits of 50 ms, long beside a thread's start even under a sanitizer on a loaded machine
    // (at 20 ms the fit fell below 0.7 there).
    const CompareOutcome r = compareRun({"sweep", "--model", "thread_pool", "--workload", "io", "--tasks", "8",
        "--latency-ms", "50", "--workers", "2,4", "--json"});
    ASSERT_EQ(r.status, kExitOk) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc.at("model"), "thread_pool");
    const auto& results = doc.at("results");
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].at("workers"), 1);
    EXPECT_EQ(results[1].at("workers"), 2);
    EXPECT_EQ(results[2].at("workers"), 4);
    EXPECT_DOUBLE_EQ(results[0].at("speedup").get<double>(), 1.0);
    // I/O waits overlap: the fitted fraction is high (generous: a busy machine).
    EXPECT_GT(doc.at("amdahl_p").get<double>(), 0.7);
}

TEST(SweepCommand, TableAndCsv)
{
    const std::string path = compareTempPath("sweep");
    const CompareOutcome r = compareRun({"sweep", "--model", "thread_pool", "--workload", "io", "--tasks", "4",
        "--latency-ms", "10", "--workers", "1-2", "--csv", path.c_str()});
    ASSERT_EQ(r.status, kExitOk) << r.err;
    EXPECT_NE(r.out.find("Amdahl fit: p = "), std::string::npos) << r.out;
    const auto records = parseCsv(compareReadFile(path));
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1][0], "sweep");
    EXPECT_EQ(records[1][4], "1");
    EXPECT_EQ(records[2][4], "2");
    std::remove(path.c_str());
}

struct Bad {
    std::vector<const char*> args;
    const char* named;
};

class SweepArgumentErrors : public ::testing::TestWithParam<Bad> { };

TEST_P(SweepArgumentErrors, OneLineNamingTheArgument)
{
    const CompareOutcome r = compareRun(GetParam().args);
    EXPECT_EQ(r.status, kExitUsage);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(GetParam().named), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(Cases, SweepArgumentErrors,
    ::testing::Values(Bad {{"sweep", "--model", "threads"}, "--model"},
        Bad {{"sweep", "--workers", "0,2"}, "--workers"}, Bad {{"sweep", "--workers", "4-1"}, "--workers"},
        Bad {{"sweep", "--workers", "two"}, "--workers"}, Bad {{"sweep", "--workers", "1-300"}, "--workers"},
        Bad {{"sweep", "--tasks", "0"}, "--tasks"},
        Bad {{"sweep", "--csv", "/nonexistent-folder/x.csv"}, "--csv"}),
    [](const testing::TestParamInfo<Bad>& info) {
        return commandtest::argumentCaseName(info.index, info.param.named);
    });

} // namespace
} // namespace interleave::cli
