#include "teach/scenario.h"

#include "engine/run_fields.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace interleave {
namespace {

const char* kGood = R"({
  "format": "interleave-scenario",
  "version": 1,
  "title": "Threads on I/O",
  "description": "Eight downloads",
  "run": {"model": "threads", "workload": "io", "tasks": 8, "latency_ms": 200}
})";

// Replaces the first occurrence of `from` in kGood: each malformed case is the good file with
// one thing wrong, so the test shows exactly what is refused.
std::string goodWith(const std::string& from, const std::string& to)
{
    std::string text = kGood;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    return text;
}

std::string scenarioErrorOf(const std::string& text)
{
    try {
        parseScenario(text);
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return "(accepted)";
}

std::filesystem::path tempPath(const std::string& name)
{
    return std::filesystem::temp_directory_path()
        / ("interleave-test-" + std::to_string(::getpid()) + "-" + name);
}

TEST(Scenario, ParsesAGoodFileWithDefaultsForOmittedFields)
{
    const Scenario s = parseScenario(kGood);
    EXPECT_EQ(s.title, "Threads on I/O");
    EXPECT_EQ(s.description, "Eight downloads");
    ASSERT_TRUE(s.run);
    EXPECT_EQ(s.run->model, Model::Threads);
    EXPECT_EQ(s.run->workload, WorkloadKind::Io);
    EXPECT_EQ(s.run->tasks, 8);
    EXPECT_EQ(s.run->latencyMs, 200);
    EXPECT_EQ(s.run->switchIntervalMs, RunConfig {}.switchIntervalMs);
    EXPECT_TRUE(s.run->gil);
    EXPECT_FALSE(s.lab);
}

TEST(Scenario, RoundTripsEveryFieldThroughJson)
{
    Scenario s;
    s.title = "Everything set";
    s.description = "Not a default in sight";
    RunConfig c;
    c.model = Model::ProcessPool;
    c.workload = WorkloadKind::Mixed;
    c.tasks = 12;
    c.latencyMs = 12.5;
    c.workMs = 33.25;
    c.mixedRounds = 3;
    c.threadWorkers = 7;
    c.processWorkers = 3;
    c.gil = false;
    c.switchIntervalMs = 0.005;
    c.processStart = ProcessStart::Native;
    c.processStartMs = 15;
    c.maxSpans = 250'000;
    s.run = c;
    s.lab = LabDemo {"race", {{"threads", 2.0}, {"lock", true}, {"between", std::string("none")}}};
    EXPECT_EQ(parseScenario(scenarioToJson(s)), s);
}

TEST(Scenario, WritesEveryFieldTheRunTableKeepsInFiles)
{
    Scenario s;
    s.title = "Keys";
    s.run = RunConfig {};
    const std::string text = scenarioToJson(s);
    for (const RunField& field : runFields()) {
        const bool written = text.find("\"" + std::string(field.key) + "\"") != std::string::npos;
        EXPECT_EQ(written, field.inScenario) << field.key;
    }
}

TEST(Scenario, RoundTripsThroughAFile)
{
    const Scenario s = parseScenario(kGood);
    const auto path = tempPath("roundtrip.json");
    saveScenario(s, path);
    EXPECT_EQ(loadScenario(path), s);
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".part"));
    std::filesystem::remove(path);
}

TEST(Scenario, ALabOnlyScenarioIsValid)
{
    const Scenario s = parseScenario(R"({"version": 1, "title": "Race", "lab": {"name": "race",
        "parameters": {"threads": 2, "increments": 1000, "lock": false}}})");
    EXPECT_FALSE(s.run);
    ASSERT_TRUE(s.lab);
    EXPECT_EQ(s.lab->name, "race");
    EXPECT_EQ(std::get<double>(s.lab->parameters.at("threads")), 2);
    EXPECT_EQ(std::get<bool>(s.lab->parameters.at("lock")), false);
}

TEST(Scenario, APythonProgramScenarioNamesAnExample)
{
    const Scenario s = parseScenario(
        R"({"version": 1, "title": "Downloads", "python": {"example": "threads_io.py"}})");
    EXPECT_FALSE(s.run);
    EXPECT_FALSE(s.lab);
    ASSERT_TRUE(s.python);
    EXPECT_EQ(s.python->example, "threads_io.py");
    EXPECT_EQ(parseScenario(scenarioToJson(s)), s);
}

TEST(ScenarioMalformed, APythonProgramIsAnExamplesFileName)
{
    for (const char* bad : {"../../etc/passwd", "script.txt", ".py", ""}) {
        const std::string text
            = std::string(R"({"version": 1, "title": "T", "python": {"example": ")") + bad + R"("}})";
        EXPECT_NE(scenarioErrorOf(text).find("python.example"), std::string::npos) << bad << ": " << scenarioErrorOf(text);
    }
    EXPECT_NE(scenarioErrorOf(R"({"version": 1, "title": "T", "python": {"example": "a.py", "args": []}})").find("python.args"),
              std::string::npos);
}

TEST(Scenario, AScenarioForARunIsTitledAfterItAndDropsMachineFields)
{
    RunConfig c;
    c.model = Model::ProcessPool;
    c.workload = WorkloadKind::Cpu;
    c.tasks = 8;
    c.workerPath = "/somewhere/interleave-worker";
    c.iterationsPerMs = 12345;
    const Scenario s = scenarioForRun(c);
    EXPECT_EQ(s.title, "process_pool: 8 CPU-bound tasks");
    ASSERT_TRUE(s.run);
    EXPECT_TRUE(s.run->workerPath.empty());
    EXPECT_EQ(s.run->iterationsPerMs, 0);
    EXPECT_EQ(parseScenario(scenarioToJson(s)), s);
}

TEST(ScenarioMalformed, NotJson)
{
    EXPECT_NE(scenarioErrorOf("{\"version\": 1,").find("not valid JSON"), std::string::npos);
}

TEST(ScenarioMalformed, NotAnObject)
{
    EXPECT_EQ(scenarioErrorOf("[1, 2]"), "the file must be a JSON object, not an array");
}

TEST(ScenarioMalformed, MissingVersion)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"version\": 1,", "")), "version is missing (it is required)");
}

TEST(ScenarioMalformed, NewerVersion)
{
    EXPECT_NE(
        scenarioErrorOf(goodWith("\"version\": 1", "\"version\": 2")).find("newer Interleave"), std::string::npos);
}

TEST(ScenarioMalformed, WrongFormatName)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"interleave-scenario\"", "\"chrome-trace\"")),
        "format must be \"interleave-scenario\"");
}

TEST(ScenarioMalformed, MissingTitle)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"title\": \"Threads on I/O\",", "")), "title is missing (it is required)");
}

TEST(ScenarioMalformed, EmptyTitle)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"Threads on I/O\"", "\"\"")), "title must not be empty");
}

TEST(ScenarioMalformed, NeitherRunNorLab)
{
    const std::string text = R"({"version": 1, "title": "Nothing"})";
    EXPECT_NE(scenarioErrorOf(text).find("needs \"run\""), std::string::npos);
}

TEST(ScenarioMalformed, UnknownModel)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"threads\"", "\"greenlets\"")),
        "run.model is \"greenlets\", which is not one of: sequential, threads, thread_pool, processes, "
        "process_pool, asyncio");
}

TEST(ScenarioMalformed, UnknownWorkload)
{
    EXPECT_NE(scenarioErrorOf(goodWith("\"io\"", "\"gpu\"")).find("run.workload is \"gpu\""), std::string::npos);
}

TEST(ScenarioMalformed, UnknownProcessStart)
{
    EXPECT_NE(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8, \"process_start\": \"fork\""))
                  .find("run.process_start is \"fork\""),
        std::string::npos);
}

TEST(ScenarioMalformed, MissingModel)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"model\": \"threads\", ", "")), "run.model is missing (it is required)");
}

TEST(ScenarioMalformed, MissingTasks)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8, ", "")), "run.tasks is missing (it is required)");
}

TEST(ScenarioMalformed, NegativeTasks)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": -3")),
        "run.tasks must be between 1 and 4096 for the threads model (one thread per task)");
}

TEST(ScenarioMalformed, TasksOfTheWrongType)
{
    EXPECT_EQ(
        scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": \"8\"")), "run.tasks must be an integer, not a string");
}

TEST(ScenarioMalformed, FractionalTasks)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8.5")),
        "run.tasks must be an integer, not a fractional number");
}

TEST(ScenarioMalformed, HugeTasksBeyondAnInt)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 99999999999")), "run.tasks is far too large");
}

TEST(ScenarioMalformed, TooManyProcesses)
{
    const std::string text
        = R"({"version": 1, "title": "x", "run": {"model": "processes", "workload": "cpu", "tasks": 1000}})";
    EXPECT_EQ(scenarioErrorOf(text),
        "run.tasks must be between 1 and 256 for the processes model (one child process per task)");
}

TEST(ScenarioMalformed, AbsurdLatency)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"latency_ms\": 200", "\"latency_ms\": 1e12")),
        "run.latency_ms must be a number of milliseconds between 0 and 600000 (ten minutes)");
}

// A number too large for a double: json::parse throws out_of_range, not parse_error, and
// says nothing of where it is. Refused like every other bad field, named.
TEST(ScenarioMalformed, ANumberBeyondADoubleNamesItsField)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"latency_ms\": 200", "\"latency_ms\": 1e400")),
        "run.latency_ms is 1e400, too large a number");
    EXPECT_EQ(scenarioErrorOf(goodWith("\"latency_ms\": 200", "\"latency_ms\": -1e400")),
        "run.latency_ms is -1e400, too large a number");
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 1e999")), "run.tasks is 1e999, too large a number");
    const std::string lab = R"({"version": 1, "title": "x", "lab": {"name": "race", "parameters": {"threads": 1e400}}})";
    EXPECT_EQ(scenarioErrorOf(lab), "lab.parameters.threads is 1e400, too large a number");
    const std::string list = R"({"version": 1, "title": "x", "extra": [1, 2, [3, 1e400]]})";
    EXPECT_EQ(scenarioErrorOf(list), "extra[2][1] is 1e400, too large a number");
}

TEST(ScenarioMalformed, NumbersAtEveryLimit)
{
    // Integers: beyond an int either way, or a float where an integer must be.
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": -99999999999")), "run.tasks is far out of range");
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 18446744073709551616")),
        "run.tasks must be an integer, not a fractional number");
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 1e300")),
        "run.tasks must be an integer, not a fractional number");
    // Doubles: huge but finite, and negative.
    EXPECT_EQ(scenarioErrorOf(goodWith("\"latency_ms\": 200", "\"latency_ms\": 1.7e308")),
        "run.latency_ms must be a number of milliseconds between 0 and 600000 (ten minutes)");
    EXPECT_EQ(scenarioErrorOf(goodWith("\"latency_ms\": 200", "\"latency_ms\": -1e-300")),
        "run.latency_ms must be a number of milliseconds between 0 and 600000 (ten minutes)");
    EXPECT_NE(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8, \"switch_interval_ms\": 1e308"))
                  .find("run.switch_interval_ms must be between"),
        std::string::npos);
    EXPECT_NE(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8, \"process_start_ms\": -5"))
                  .find("run.process_start_ms must be"),
        std::string::npos);
}

TEST(ScenarioMalformed, NegativeWork)
{
    EXPECT_NE(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8, \"work_ms\": -1")).find("run.work_ms must be"),
        std::string::npos);
}

TEST(ScenarioMalformed, SwitchIntervalOutOfRange)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8, \"switch_interval_ms\": 0")),
        "run.switch_interval_ms must be between 0.001 and 1000");
}

TEST(ScenarioMalformed, NegativePoolSize)
{
    EXPECT_NE(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8, \"thread_workers\": -2"))
                  .find("run.thread_workers must be between 0"),
        std::string::npos);
}

TEST(ScenarioMalformed, GilNotABoolean)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8, \"gil\": \"yes\"")),
        "run.gil must be true or false, not a string");
}

TEST(ScenarioMalformed, UnknownFieldInRun)
{
    EXPECT_EQ(
        scenarioErrorOf(goodWith("\"tasks\": 8", "\"tasks\": 8, \"taks\": 3")), "run.taks is not a known field");
}

TEST(ScenarioMalformed, UnknownTopLevelField)
{
    EXPECT_EQ(scenarioErrorOf(goodWith("\"title\"", "\"speed\": 3, \"title\"")), "speed is not a known field");
}

TEST(ScenarioMalformed, RunNotAnObject)
{
    const std::string text = R"({"version": 1, "title": "x", "run": [1]})";
    EXPECT_EQ(scenarioErrorOf(text), "run must be a JSON object, not an array");
}

TEST(ScenarioMalformed, UnknownLabDemo)
{
    const std::string text = R"({"version": 1, "title": "x", "lab": {"name": "mutex"}})";
    EXPECT_NE(
        scenarioErrorOf(text).find("lab.name is \"mutex\", which is not one of: race, lock"), std::string::npos);
}

TEST(ScenarioMalformed, LabParameterOfTheWrongType)
{
    const std::string text
        = R"({"version": 1, "title": "x", "lab": {"name": "race", "parameters": {"threads": [2]}}})";
    EXPECT_EQ(
        scenarioErrorOf(text), "lab.parameters.threads must be true or false, a number or a string, not an array");
}

TEST(Scenario, AFailedLoadLeavesTheCallersScenarioAlone)
{
    const auto path = tempPath("bad.json");
    {
        std::ofstream out(path);
        out << goodWith("\"tasks\": 8", "\"tasks\": 0");
    }
    Scenario current = parseScenario(kGood);
    const Scenario before = current;
    EXPECT_THROW(current = loadScenario(path), ScenarioError);
    EXPECT_EQ(current, before);
    std::filesystem::remove(path);
}

TEST(Scenario, AMissingFileIsAClearError)
{
    try {
        loadScenario(tempPath("does-not-exist.json"));
        FAIL() << "loaded a missing file";
    } catch (const ScenarioError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot read"), std::string::npos) << e.what();
    }
}

TEST(Scenario, SavingAnInvalidScenarioWritesNothing)
{
    Scenario s = parseScenario(kGood);
    s.run->tasks = 0;
    const auto path = tempPath("invalid-save.json");
    EXPECT_THROW(saveScenario(s, path), ScenarioError);
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(Scenario, AFailedSaveKeepsTheOldFile)
{
    const auto dir = tempPath("readonly-dir");
    std::filesystem::create_directories(dir);
    const auto path = dir / "s.json";
    saveScenario(parseScenario(kGood), path);
    // A file-size limit below the scenario's size makes the write fail (EFBIG), for root too.
    Scenario other = parseScenario(kGood);
    other.title = "Changed";
    rlimit before {};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
    const auto previous = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = before;
    small.rlim_cur = 16;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    EXPECT_THROW(saveScenario(other, path), ScenarioError);
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, previous);
    EXPECT_EQ(loadScenario(path).title, "Threads on I/O");
    // Nothing is left beside it: the temporary file was removed.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace interleave
