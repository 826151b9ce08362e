#include "pytrace/process_start.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

namespace interleave::pytrace {
namespace {

constexpr const char* kStartCostPython = "/usr/bin/python3";

std::string startCostCacheFile(const std::string& name)
{
    const std::string path = ::testing::TempDir() + "/start-cost-" + std::to_string(::getpid()) + "-" + name;
    std::remove(path.c_str());
    return path;
}

TEST(PythonStartCost, IsMeasuredOnceThenReadFromTheCache)
{
    if (::access(kStartCostPython, X_OK) != 0)
        GTEST_SKIP() << "/usr/bin/python3 is not installed: the start-up is measured on real CPython";
    const std::string cache = startCostCacheFile("once.json");
    std::string error;
    const auto first = pythonStartCost(kStartCostPython, INTERLEAVE_PYTHON_DIR, cache, error);
    ASSERT_TRUE(first) << error;
    EXPECT_FALSE(first->cached);
    EXPECT_GT(first->ms, 0.0);
    EXPECT_LT(first->ms, 60'000.0);
    EXPECT_EQ(first->python.front(), '/');

    const auto second = pythonStartCost(kStartCostPython, INTERLEAVE_PYTHON_DIR, cache, error);
    ASSERT_TRUE(second) << error;
    EXPECT_TRUE(second->cached);
    EXPECT_DOUBLE_EQ(second->ms, first->ms);

    // A damaged cache costs a measurement, not a wrong figure.
    std::ofstream(cache) << R"({"python": ")" << first->python << R"(", "spawn_start_ms": "fast"})";
    const auto third = pythonStartCost(kStartCostPython, INTERLEAVE_PYTHON_DIR, cache, error);
    ASSERT_TRUE(third) << error;
    EXPECT_FALSE(third->cached);
}

TEST(PythonStartCost, AFigureMeasuredTheOldWayIsMeasuredAgain)
{
    // The median of three spawns, taken while the machine was busy, was cached as 487 ms for a
    // start-up that costs about 50: a cache without the method of today's figure is not used.
    if (::access(kStartCostPython, X_OK) != 0)
        GTEST_SKIP() << "/usr/bin/python3 is not installed: the start-up is measured on real CPython";
    const std::string cache = startCostCacheFile("method.json");
    std::string error;
    ASSERT_TRUE(pythonStartCost(kStartCostPython, INTERLEAVE_PYTHON_DIR, cache, error)) << error;
    nlohmann::json old = nlohmann::json::parse(std::ifstream(cache));
    ASSERT_TRUE(old.contains("method"));
    old.erase("method");
    old["spawn_start_ms"] = 487.3;
    std::ofstream(cache) << old.dump();
    const auto again = pythonStartCost(kStartCostPython, INTERLEAVE_PYTHON_DIR, cache, error);
    ASSERT_TRUE(again) << error;
    EXPECT_FALSE(again->cached);
    EXPECT_NE(again->ms, 487.3);
}

TEST(PythonStartCost, AMissingPythonOrProgramIsSaid)
{
    std::string error;
    EXPECT_FALSE(measurePythonStartCost("/nonexistent/python3", INTERLEAVE_PYTHON_DIR, error));
    EXPECT_NE(error.find("no Python found"), std::string::npos) << error;
    if (::access(kStartCostPython, X_OK) == 0) {
        error.clear();
        EXPECT_FALSE(measurePythonStartCost(kStartCostPython, "/nonexistent", error));
        EXPECT_NE(error.find("missing"), std::string::npos) << error;
    }
}

} // namespace
} // namespace interleave::pytrace
