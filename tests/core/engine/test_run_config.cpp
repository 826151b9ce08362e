#include "engine/run_config.h"
#include "engine/run_fields.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <thread>

namespace interleave {
namespace {

RunConfig validConfig()
{
    RunConfig config;
    config.model = Model::Threads;
    config.tasks = 4;
    return config;
}

// The message names the command-line argument (and nothing else is checked about its wording).
void expectRefusedFor(const RunConfig& config, const std::string& argument)
{
    const auto error = validate(config);
    ASSERT_TRUE(error.has_value()) << "expected " << argument << " to be refused";
    EXPECT_NE(error->find(argument), std::string::npos) << *error;
}

TEST(RunConfig, ModelNamesAreTheCommandLineOnes)
{
    EXPECT_EQ(modelName(Model::Sequential), "sequential");
    EXPECT_EQ(modelName(Model::Threads), "threads");
    EXPECT_EQ(modelName(Model::ThreadPool), "thread_pool");
    EXPECT_EQ(modelName(Model::Processes), "processes");
    EXPECT_EQ(modelName(Model::ProcessPool), "process_pool");
    EXPECT_EQ(modelName(Model::Asyncio), "asyncio");
    for (Model m : kAllModels)
        EXPECT_EQ(modelFromName(modelName(m)), m);
    EXPECT_FALSE(modelFromName("thread-pool").has_value());
    EXPECT_FALSE(modelFromName("Threads").has_value());
    EXPECT_FALSE(modelFromName("").has_value());
}

TEST(RunConfig, WorkloadAndStartNames)
{
    EXPECT_EQ(workloadName(WorkloadKind::Cpu), "cpu");
    EXPECT_EQ(workloadName(WorkloadKind::Io), "io");
    EXPECT_EQ(workloadName(WorkloadKind::Mixed), "mixed");
    for (WorkloadKind w : {WorkloadKind::Cpu, WorkloadKind::Io, WorkloadKind::Mixed})
        EXPECT_EQ(workloadFromName(workloadName(w)), w);
    EXPECT_FALSE(workloadFromName("disk").has_value());

    EXPECT_EQ(processStartName(ProcessStart::Native), "native");
    EXPECT_EQ(processStartName(ProcessStart::Python), "python");
    EXPECT_EQ(processStartFromName("native"), ProcessStart::Native);
    EXPECT_EQ(processStartFromName("python"), ProcessStart::Python);
    EXPECT_FALSE(processStartFromName("fork").has_value());
}

TEST(RunConfig, UsesProcesses)
{
    EXPECT_TRUE(usesProcesses(Model::Processes));
    EXPECT_TRUE(usesProcesses(Model::ProcessPool));
    EXPECT_FALSE(usesProcesses(Model::Threads));
    EXPECT_FALSE(usesProcesses(Model::Asyncio));
}

TEST(RunConfig, DefaultPoolSizesFollowPython)
{
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    EXPECT_EQ(defaultThreadWorkers(), std::min(32, cores + 4));
    EXPECT_EQ(defaultProcessWorkers(), std::min(kMaxProcesses, cores));
    EXPECT_GE(defaultProcessWorkers(), 1);

    RunConfig config = validConfig();
    EXPECT_EQ(effectiveThreadWorkers(config), defaultThreadWorkers());
    EXPECT_EQ(effectiveProcessWorkers(config), defaultProcessWorkers());
    config.threadWorkers = 5;
    config.processWorkers = 3;
    EXPECT_EQ(effectiveThreadWorkers(config), 5);
    EXPECT_EQ(effectiveProcessWorkers(config), 3);
}

TEST(RunConfig, DefaultConfigurationIsValidForEveryModel)
{
    for (Model m : kAllModels) {
        RunConfig config;
        config.model = m;
        EXPECT_FALSE(validate(config).has_value()) << modelName(m) << ": " << validate(config).value_or("");
    }
}

TEST(RunConfig, TasksMustBeBetweenOneAndTheLimit)
{
    RunConfig config = validConfig();
    config.tasks = 0;
    expectRefusedFor(config, "--tasks");
    config.tasks = -3;
    expectRefusedFor(config, "--tasks");
    config.tasks = kMaxTasks + 1;
    expectRefusedFor(config, "--tasks");
    config.model = Model::Asyncio; // the threads model stops at kMaxThreads
    config.tasks = kMaxTasks;
    EXPECT_FALSE(validate(config).has_value());
    config.tasks = 1;
    EXPECT_FALSE(validate(config).has_value());
}

TEST(RunConfig, ThreadsModelRefusesMoreThreadsThanTheLimit)
{
    RunConfig config = validConfig();
    config.model = Model::Threads;
    config.tasks = kMaxThreads + 1;
    expectRefusedFor(config, "--tasks");
    EXPECT_NE(validate(config)->find("4096"), std::string::npos);
}

TEST(RunConfig, TenThousandCoroutinesButAPoolsTasksAndWorkersMakeAtMostTheLanesASavedRunOpensWith)
{
    RunConfig config = validConfig();
    config.model = Model::Asyncio;
    config.tasks = 10'000;
    EXPECT_FALSE(validate(config).has_value());
    config.model = Model::ThreadPool;
    config.threadWorkers = 32;
    EXPECT_FALSE(validate(config).has_value()) << "10,000 tasks, 32 threads: 10,033 lanes";
    config.threadWorkers = kMaxThreads;
    expectRefusedFor(config, "--tasks");
    EXPECT_NE(validate(config)->find("10399"), std::string::npos) << *validate(config);
    config.tasks = kMaxRunLanes - 1 - kMaxThreads;
    EXPECT_FALSE(validate(config).has_value());
}

TEST(RunConfig, ProcessesModelRefusesMoreThan256Processes)
{
    RunConfig config = validConfig();
    config.model = Model::Processes;
    config.tasks = kMaxProcesses;
    EXPECT_FALSE(validate(config).has_value());
    config.tasks = kMaxProcesses + 1;
    expectRefusedFor(config, "--tasks");
    EXPECT_NE(validate(config)->find("256"), std::string::npos);
    // Other models may have that many tasks.
    config.model = Model::ProcessPool;
    EXPECT_FALSE(validate(config).has_value());
}

TEST(RunConfig, ProcessWorkersAreLimited)
{
    RunConfig config = validConfig();
    config.model = Model::ProcessPool;
    config.processWorkers = kMaxProcesses;
    EXPECT_FALSE(validate(config).has_value());
    config.processWorkers = kMaxProcesses + 1;
    expectRefusedFor(config, "--process-workers");
    config.processWorkers = -1;
    expectRefusedFor(config, "--process-workers");
}

TEST(RunConfig, ThreadWorkersAreLimited)
{
    RunConfig config = validConfig();
    config.model = Model::ThreadPool;
    config.threadWorkers = kMaxThreads;
    EXPECT_FALSE(validate(config).has_value());
    config.threadWorkers = kMaxThreads + 1;
    expectRefusedFor(config, "--thread-workers");
    config.threadWorkers = -1;
    expectRefusedFor(config, "--thread-workers");
}

TEST(RunConfig, DurationsMustBeFiniteNonNegativeAndBelowTenMinutes)
{
    struct Field {
        double RunConfig::*member;
        const char* argument;
    };
    const Field fields[] = {{&RunConfig::latencyMs, "--latency-ms"},
                            {&RunConfig::workMs, "--work-ms"},
                            {&RunConfig::processStartMs, "--process-start-ms"}};
    for (const Field& field : fields) {
        for (double bad :
            {-1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                -std::numeric_limits<double>::infinity(), kMaxDurationMs + 1}) {
            RunConfig config = validConfig();
            config.*field.member = bad;
            expectRefusedFor(config, field.argument);
        }
        RunConfig config = validConfig();
        config.*field.member = 0;
        EXPECT_FALSE(validate(config).has_value()) << field.argument;
        config.*field.member = kMaxDurationMs;
        EXPECT_FALSE(validate(config).has_value()) << field.argument;
    }
}

TEST(RunConfig, SwitchIntervalBetweenOneMicrosecondAndOneSecond)
{
    RunConfig config = validConfig();
    for (double bad : {0.0, 0.0009, -5.0, 1000.5, std::numeric_limits<double>::quiet_NaN()}) {
        config.switchIntervalMs = bad;
        expectRefusedFor(config, "--switch-interval-ms");
    }
    for (double good : {0.001, 5.0, 1000.0}) {
        config.switchIntervalMs = good;
        EXPECT_FALSE(validate(config).has_value()) << good;
    }
}

TEST(RunConfig, MixedRoundsAtLeastOne)
{
    RunConfig config = validConfig();
    config.mixedRounds = 0;
    expectRefusedFor(config, "--mixed-rounds");
    config.mixedRounds = 1;
    EXPECT_FALSE(validate(config).has_value());
}

TEST(RunConfig, CalibrationMustBeFiniteAndNonNegative)
{
    RunConfig config = validConfig();
    config.iterationsPerMs = -1;
    EXPECT_TRUE(validate(config).has_value());
    config.iterationsPerMs = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(validate(config).has_value());
    config.iterationsPerMs = 1234.5;
    EXPECT_FALSE(validate(config).has_value());
}

TEST(RunFields, EveryFieldIsRefusedJustPastItsLimitsAndTakenAtThem)
{
    for (const RunField& field : runFields()) {
        RunConfig config = validConfig();
        config.model = Model::ThreadPool; // the pools' sizes are bounded as the table says
        setFieldValue(config, field, field.min);
        EXPECT_FALSE(validate(config).has_value()) << field.key << " at " << field.min;
        setFieldValue(config, field, field.max);
        EXPECT_FALSE(validate(config).has_value()) << field.key << " at " << field.max;
        if (std::holds_alternative<bool RunConfig::*>(field.member))
            continue; // a switch has no value past its two
        const double step = std::holds_alternative<double RunConfig::*>(field.member) ? field.max * 1e-6 + 1e-9 : 1;
        setFieldValue(config, field, field.max + step);
        const auto above = checkRunConfig(config);
        ASSERT_TRUE(above.has_value()) << field.key;
        EXPECT_EQ(above->key, field.key);
        EXPECT_EQ(above->message, ruleOf(field));
        EXPECT_EQ(*validate(config), commandLineFlag(field.key) + " " + ruleOf(field));
        setFieldValue(config, field, field.min - step);
        ASSERT_TRUE(checkRunConfig(config).has_value()) << field.key;
        EXPECT_EQ(checkRunConfig(config)->key, field.key);
    }
}

TEST(RunFields, TheRulesAreMadeOfTheLimits)
{
    EXPECT_EQ(ruleOf(*findRunField("tasks")), "must be between 1 and 10000");
    EXPECT_EQ(ruleOf(*findRunField("latency_ms")),
        "must be a number of milliseconds between 0 and 600000 (ten minutes)");
    EXPECT_EQ(ruleOf(*findRunField("switch_interval_ms")), "must be between 0.001 and 1000");
    EXPECT_EQ(ruleOf(*findRunField("thread_workers")),
        "must be between 0 (the default, min(32, cores + 4)) and 4096");
    EXPECT_EQ(ruleOf(*findRunField("max_spans")), "must be 0 (sized to this machine) or more");
    EXPECT_EQ(ruleOf(*findRunField("gil")), "must be on or off");
}

TEST(RunFields, FlagsAreTheKeysWithDashes)
{
    EXPECT_EQ(commandLineFlag("switch_interval_ms"), "--switch-interval-ms");
    EXPECT_EQ(commandLineFlag("tasks"), "--tasks");
    ASSERT_NE(findRunField("max_spans"), nullptr);
    EXPECT_EQ(findRunField("no_such_field"), nullptr);
    EXPECT_DOUBLE_EQ(findRunField("switch_interval_ms")->min, 0.001);
}

TEST(RunFields, TheTextDiffersExactlyWhenAFieldDoes)
{
    RunConfig a = validConfig();
    RunConfig b = a;
    EXPECT_EQ(runFieldsText(a), runFieldsText(b));
    b.switchIntervalMs = 0.005;
    EXPECT_NE(runFieldsText(a), runFieldsText(b));
    b = a;
    b.maxSpans = 1000;
    EXPECT_NE(runFieldsText(a), runFieldsText(b));
}

TEST(RunConfig, MillisecondsBecomeNanosecondsRoundedToTheNearest)
{
    EXPECT_EQ(nanosecondsFromMs(5), 5'000'000);
    EXPECT_EQ(nanosecondsFromMs(0.001), 1000);
    // 1.025 * 1e6 is 1024999.9999999999 in binary: truncation would lose a nanosecond.
    EXPECT_EQ(nanosecondsFromMs(1.025), 1'025'000);
}

TEST(RunFields, ATracesTextsGiveTheConfigurationBack)
{
    RunConfig c = validConfig();
    c.model = Model::ProcessPool;
    c.workload = WorkloadKind::Mixed;
    c.tasks = 6;
    c.latencyMs = 12.5;
    c.switchIntervalMs = 0.005;
    c.gil = false;
    c.processWorkers = 3;
    c.processStart = ProcessStart::Native;
    std::map<std::string, std::string> texts {{"model", "process_pool"}, {"workload", "mixed"},
        {"process_start", "native"}, {"slice_iterations", "12000"}};
    for (const RunField& field : runFields())
        texts[std::string(field.key)] = fieldText(c, field);
    EXPECT_EQ(texts["switch_interval_ms"], "0.005");
    EXPECT_EQ(texts["gil"], "off");
    EXPECT_EQ(texts["tasks"], "6");
    const auto back = runConfigFromTexts(texts);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, c);

    auto broken = texts;
    broken["switch_interval_ms"] = "0,005"; // a comma locale's decimal point does not read
    EXPECT_FALSE(runConfigFromTexts(broken).has_value());
    broken = texts;
    broken["tasks"] = "100000"; // out of the limits
    EXPECT_FALSE(runConfigFromTexts(broken).has_value());
    broken = texts;
    broken.erase("model"); // a trace of something else: a Python program, an import
    EXPECT_FALSE(runConfigFromTexts(broken).has_value());
    EXPECT_TRUE(runConfigFromTexts({{"model", "threads"}, {"workload", "io"}}).has_value()) << "defaults for the rest";
}

} // namespace
} // namespace interleave
