#include "engine/run_fields.h"

#include "trace/chrome_trace_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace interleave {

namespace {

// Past this many rounds a mixed task is all bookkeeping: each round's share of a sensible
// latency would be below the timer's resolution.
constexpr int kMaxMixedRounds = 10'000;
// A bound for the check only: no machine's memory holds this many spans.
constexpr double kMaxSpanBudget = 1e12;

// The order is the command line's help order and the scenario file's key order: what runs,
// then the workload, then the knobs.
constexpr std::array<RunField, 11> kFields{{
    {.key = "tasks", .shortFlag = "-n", .help = "Number of tasks", .member = &RunConfig::tasks, .min = 1,
        .max = kMaxTasks, .inScenarioRequired = true},
    {.key = "latency_ms", .help = "io: each task's wait; mixed: a task's total wait",
        .member = &RunConfig::latencyMs, .max = kMaxDurationMs, .decimals = 3, .maxNote = " (ten minutes)"},
    {.key = "work_ms", .help = "cpu: each task's compute, alone; mixed: a task's total",
        .member = &RunConfig::workMs, .max = kMaxDurationMs, .decimals = 3, .maxNote = " (ten minutes)"},
    {.key = "mixed_rounds", .help = "mixed: how many times compute and wait alternate",
        .member = &RunConfig::mixedRounds, .min = 1, .max = kMaxMixedRounds},
    {.key = "thread_workers", .help = "thread_pool size (0: min(32, cores + 4), like ThreadPoolExecutor)",
        .member = &RunConfig::threadWorkers, .max = kMaxThreads, .minNote = " (the default, min(32, cores + 4))"},
    {.key = "process_workers", .help = "process_pool size (0: the core count, like multiprocessing.Pool)",
        .member = &RunConfig::processWorkers, .max = kMaxProcesses, .minNote = " (the default, the core count)"},
    {.key = "gil", .help = "on: CPython's GIL; off: the free-threaded build", .member = &RunConfig::gil, .max = 1},
    {.key = "switch_interval_ms", .help = "sys.getswitchinterval(), in ms", .member = &RunConfig::switchIntervalMs,
        .min = 0.001 /* CPython's floor: one microsecond */, .max = 1000, .decimals = 3},
    {.key = "process_start_ms", .help = "The emulated interpreter start-up, in ms",
        .member = &RunConfig::processStartMs, .max = kMaxDurationMs, .decimals = 3, .maxNote = " (ten minutes)",
        .inSettings = false},
    {.key = "max_spans",
        .help = "Spans kept per run; past them lanes keep exact totals but no detail (0: sized to this "
                "machine's memory)",
        .member = &RunConfig::maxSpans, .max = kMaxSpanBudget, .minNote = " (sized to this machine)",
        .unbounded = true, .inSettings = false},
    {.key = "stopped_worker_timeout_ms",
        .help = "A child process that stays stopped (SIGSTOP, a tracer) this long is killed and reported (0: never)",
        .member = &RunConfig::stoppedWorkerTimeoutMs, .max = kMaxDurationMs, .minNote = " (never)",
        .maxNote = " (ten minutes)", .inScenario = false, .inSettings = false},
}};

} // namespace

std::span<const RunField> runFields() noexcept { return kFields; }

std::string ruleOf(const RunField& field)
{
    if (std::holds_alternative<bool RunConfig::*>(field.member))
        return "must be on or off";
    const auto limit = [](double value) { // "600000", "0.001": as a person writes them
        char buffer[32];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
        return std::string(buffer, ec == std::errc() ? end : buffer);
    };
    const std::string low = limit(field.min) + std::string(field.minNote);
    if (field.unbounded)
        return "must be " + low + " or more";
    const bool milliseconds = field.key.ends_with("_ms") && field.key != "switch_interval_ms";
    return std::string("must be ") + (milliseconds ? "a number of milliseconds " : "") + "between " + low + " and "
        + limit(field.max) + std::string(field.maxNote);
}

const RunField* findRunField(std::string_view key) noexcept
{
    const auto it = std::find_if(kFields.begin(), kFields.end(), [key](const RunField& f) { return f.key == key; });
    return it == kFields.end() ? nullptr : &*it;
}

std::string commandLineFlag(std::string_view key)
{
    std::string flag = "--" + std::string(key);
    std::replace(flag.begin() + 2, flag.end(), '_', '-');
    return flag;
}

double fieldValue(const RunConfig& config, const RunField& field) noexcept
{
    return std::visit([&config](auto member) { return static_cast<double>(config.*member); }, field.member);
}

void setFieldValue(RunConfig& config, const RunField& field, double value) noexcept
{
    std::visit(
        [&config, value](auto member) {
            using T = std::remove_reference_t<decltype(config.*member)>;
            if constexpr (std::is_same_v<T, double>)
                config.*member = value;
            else if constexpr (std::is_same_v<T, bool>)
                config.*member = value != 0;
            else if (std::isfinite(value)) // an integer field: to the nearest, within its type
                config.*member = static_cast<T>(std::clamp(std::round(value),
                    static_cast<double>(std::numeric_limits<T>::min()),
                    static_cast<double>(std::numeric_limits<T>::max())));
        },
        field.member);
}

std::optional<RunConfigProblem> checkRunConfig(const RunConfig& config)
{
    // The limits that depend on the model: a child process, or a thread, per task.
    if (config.model == Model::Processes && (config.tasks < 1 || config.tasks > kMaxProcesses))
        return RunConfigProblem{"tasks", "must be between 1 and " + std::to_string(kMaxProcesses)
                                             + " for the processes model (one child process per task)"};
    if (config.model == Model::Threads && (config.tasks < 1 || config.tasks > kMaxThreads))
        return RunConfigProblem{"tasks", "must be between 1 and " + std::to_string(kMaxThreads)
                                             + " for the threads model (one thread per task)"};
    static_assert(static_cast<std::size_t>(kMaxRunLanes) <= kMaxChromeTraceLanes, "a saved run must open again");
    const int workers = config.model == Model::ThreadPool ? std::clamp(effectiveThreadWorkers(config), 0, kMaxThreads)
        : config.model == Model::ProcessPool ? std::clamp(effectiveProcessWorkers(config), 0, kMaxProcesses)
                                             : 0;
    if (workers > 0 && config.tasks > 0 && config.tasks <= kMaxTasks && 1 + config.tasks + workers > kMaxRunLanes)
        return RunConfigProblem{"tasks", "and the pool's workers must make at most " + std::to_string(kMaxRunLanes - 1)
                                             + " lanes together (a lane each), not " + std::to_string(config.tasks)
                                             + " + " + std::to_string(workers)};
    for (const RunField& field : kFields) {
        // NaN fails every comparison, so the test lets nothing non-finite through.
        const double value = fieldValue(config, field);
        if (!(std::isfinite(value) && value >= field.min && value <= field.max)) {
            return RunConfigProblem{std::string(field.key), ruleOf(field)};
        }
    }
    if (!(std::isfinite(config.iterationsPerMs) && config.iterationsPerMs >= 0))
        return RunConfigProblem{"iterations_per_ms", "must be 0 (calibrate) or a positive number"};
    return std::nullopt;
}

std::optional<std::string> validate(const RunConfig& config)
{
    if (auto problem = checkRunConfig(config))
        return commandLineFlag(problem->key) + " " + problem->message;
    return std::nullopt;
}

std::string fieldText(const RunConfig& config, const RunField& field)
{
    if (std::holds_alternative<bool RunConfig::*>(field.member))
        return fieldValue(config, field) != 0 ? "on" : "off";
    char buffer[32];
    const auto [end, ec] = std::holds_alternative<double RunConfig::*>(field.member)
        ? std::to_chars(buffer, buffer + sizeof buffer, config.*std::get<double RunConfig::*>(field.member))
        : std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(fieldValue(config, field)));
    return std::string(buffer, ec == std::errc() ? end : buffer);
}

std::optional<RunConfig> runConfigFromTexts(const std::map<std::string, std::string>& texts)
{
    const auto text = [&texts](const std::string& key) -> const std::string* {
        const auto it = texts.find(key);
        return it == texts.end() ? nullptr : &it->second;
    };
    const std::string* model = text("model");
    const std::string* workload = text("workload");
    if (model == nullptr || workload == nullptr)
        return std::nullopt;
    RunConfig config;
    const auto m = modelFromName(*model);
    const auto w = workloadFromName(*workload);
    if (!m || !w)
        return std::nullopt;
    config.model = *m;
    config.workload = *w;
    if (const std::string* start = text("process_start")) {
        const auto p = processStartFromName(*start);
        if (!p)
            return std::nullopt;
        config.processStart = *p;
    }
    for (const RunField& field : kFields) {
        const std::string* value = text(std::string(field.key));
        if (value == nullptr)
            continue;
        if (std::holds_alternative<bool RunConfig::*>(field.member)) {
            if (*value != "on" && *value != "off")
                return std::nullopt;
            setFieldValue(config, field, *value == "on" ? 1 : 0);
            continue;
        }
        double number = 0;
        const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
        if (ec != std::errc() || end != value->data() + value->size())
            return std::nullopt;
        setFieldValue(config, field, number);
    }
    if (validate(config))
        return std::nullopt;
    return config;
}

std::string runFieldsText(const RunConfig& config)
{
    std::string text;
    for (const RunField& field : kFields)
        text += (text.empty() ? "" : " ") + std::string(field.key) + "=" + fieldText(config, field);
    return text;
}

} // namespace interleave
