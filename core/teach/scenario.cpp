#include "teach/scenario.h"

#include "io/output_file.h"

#include "engine/run_fields.h"
#include "teach/lab_config.h"
#include "teach/json_fields.h"
#include "teach/scenario_json.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace interleave {

namespace {

using nlohmann::json;
using ScenarioFields = teach_detail::JsonFields<ScenarioError>;

// Past these a title or description is not a sentence but a pasted file.
constexpr std::size_t kMaxTitleLength = 200;
constexpr std::size_t kMaxDescriptionLength = 4000;
constexpr std::size_t kMaxLabParameters = 32;
constexpr std::uintmax_t kMaxScenarioFileBytes = 1 << 20;

template <typename Enum>
Enum enumField(ScenarioFields& fields, std::string_view key,
    std::optional<Enum> (*fromName)(std::string_view) noexcept, std::string_view (*name)(Enum) noexcept,
    std::initializer_list<Enum> all)
{
    const std::string text = fields.string(key);
    if (const auto value = fromName(text))
        return *value;
    std::string known;
    for (Enum e : all)
        known += (known.empty() ? "" : ", ") + std::string(name(e));
    ScenarioFields::fail(fields.pathOf(key) + " is \"" + text + "\", which is not one of: " + known);
}

template <typename Enum>
Enum enumField(ScenarioFields& fields, std::string_view key, Enum fallback,
    std::optional<Enum> (*fromName)(std::string_view) noexcept, std::string_view (*name)(Enum) noexcept,
    std::initializer_list<Enum> all)
{
    if (!fields.has(key)) {
        fields.find(key);
        return fallback;
    }
    return enumField(fields, key, fromName, name, all);
}

RunConfig runFromJson(const json& object, const std::string& path)
{
    ScenarioFields fields(object, path);
    RunConfig config;
    config.model = enumField<Model>(fields, "model", modelFromName, modelName,
        {Model::Sequential, Model::Threads, Model::ThreadPool, Model::Processes, Model::ProcessPool,
            Model::Asyncio});
    config.workload = enumField<WorkloadKind>(fields, "workload", workloadFromName, workloadName,
        {WorkloadKind::Cpu, WorkloadKind::Io, WorkloadKind::Mixed});
    for (const RunField& field : runFields()) {
        if (!field.inScenario)
            continue;
        const double now = fieldValue(config, field);
        double value = now;
        if (std::holds_alternative<bool RunConfig::*>(field.member))
            value = fields.boolean(field.key, now != 0);
        else if (std::holds_alternative<double RunConfig::*>(field.member))
            value = field.inScenarioRequired ? fields.number(field.key) : fields.number(field.key, now);
        else
            value = field.inScenarioRequired ? fields.integer(field.key)
                                             : fields.integer(field.key, static_cast<int>(now));
        setFieldValue(config, field, value);
    }
    config.processStart = enumField<ProcessStart>(fields, "process_start", config.processStart,
        processStartFromName, processStartName, {ProcessStart::Native, ProcessStart::Python});
    fields.rejectUnknown();
    if (auto problem = checkRunConfig(config))
        throw ScenarioError(fields.pathOf(problem->key) + " " + problem->message);
    return config;
}

json runToJson(const RunConfig& c)
{
    // Key order as a person reads it: what runs, then the workload, then the knobs.
    json run = json::object();
    run["model"] = std::string(modelName(c.model));
    run["workload"] = std::string(workloadName(c.workload));
    for (const RunField& field : runFields()) {
        if (field.inScenario)
            std::visit([&](auto member) { run[std::string(field.key)] = c.*member; }, field.member);
    }
    run["process_start"] = std::string(processStartName(c.processStart));
    return run;
}

LabDemo labFromJson(const json& object, const std::string& path)
{
    ScenarioFields fields(object, path);
    LabDemo lab;
    lab.name = fields.string("name");
    if (!isLabDemoName(lab.name)) {
        std::string known;
        for (std::string_view n : kLabDemoNames)
            known += (known.empty() ? "" : ", ") + std::string(n);
        ScenarioFields::fail(fields.pathOf("name") + " is \"" + lab.name + "\", which is not one of: " + known);
    }
    if (const json* parameters = fields.find("parameters")) {
        ScenarioFields inner(*parameters, fields.pathOf("parameters"));
        if (parameters->size() > kMaxLabParameters)
            ScenarioFields::fail(fields.pathOf("parameters") + " has more than 32 entries");
        for (const auto& item : parameters->items()) {
            const json& value = item.value();
            const std::string where = inner.pathOf(item.key());
            if (value.is_boolean())
                lab.parameters[item.key()] = value.get<bool>();
            else if (value.is_number())
                lab.parameters[item.key()] = value.get<double>();
            else if (value.is_string())
                lab.parameters[item.key()] = value.get<std::string>();
            else
                ScenarioFields::fail(where + " must be true or false, a number or a string, not "
                    + teach_detail::describeJsonType(value));
        }
    }
    fields.rejectUnknown();
    return lab;
}

json labToJson(const LabDemo& lab)
{
    json parameters = json::object();
    // Not a structured binding: clang before 16 cannot capture one in the lambda.
    for (const auto& parameter : lab.parameters) {
        json& slot = parameters[parameter.first];
        std::visit([&slot](const auto& v) { slot = v; }, parameter.second);
    }
    return json {{"name", lab.name}, {"parameters", parameters}};
}

} // namespace

bool isLabDemoName(std::string_view name) noexcept
{
    return std::find(kLabDemoNames.begin(), kLabDemoNames.end(), name) != kLabDemoNames.end();
}

Scenario scenarioForRun(const RunConfig& config)
{
    Scenario scenario;
    RunConfig run = config;
    run.workerPath.clear();
    run.iterationsPerMs = 0;
    const char* kind = config.workload == WorkloadKind::Cpu ? "CPU-bound"
        : config.workload == WorkloadKind::Io               ? "I/O-bound"
                                                            : "mixed";
    scenario.title = std::string(modelName(config.model)) + ": " + std::to_string(config.tasks) + " " + kind
        + (config.tasks == 1 ? " task" : " tasks");
    scenario.run = run;
    return scenario;
}

std::optional<std::string> validateScenario(const Scenario& scenario)
{
    if (scenario.title.empty())
        return std::string("title must not be empty");
    if (scenario.title.size() > kMaxTitleLength)
        return std::string("title is longer than 200 characters");
    if (scenario.description.size() > kMaxDescriptionLength)
        return std::string("description is longer than 4000 characters");
    if (!scenario.run && !scenario.lab && !scenario.python)
        return std::string(
            "a scenario needs \"run\" (an engine run), \"lab\" (a lab demo), \"python\" (an example program) or a mix");
    if (scenario.run) {
        if (auto problem = checkRunConfig(*scenario.run))
            return "run." + problem->key + " " + problem->message;
    }
    if (scenario.lab && !isLabDemoName(scenario.lab->name))
        return "lab.name \"" + scenario.lab->name + "\" is not a known lab demo";
    if (scenario.lab) {
        // As the lab view will take them: a parameter no lab takes, or a value it refuses.
        try {
            labConfigFor(scenario.lab, scenario.lab->name);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
    }
    if (scenario.python) {
        const std::string& example = scenario.python->example;
        if (example.size() < 4 || !example.ends_with(".py") || example.find('/') != std::string::npos)
            return "python.example \"" + example + "\" must be the file name of an example program, e.g. threads_io.py";
    }
    return std::nullopt;
}

namespace teach_detail {

Scenario scenarioFromJson(const json& object, const std::string& path, bool document)
{
    ScenarioFields fields(object, path);
    if (document) {
        if (const json* format = fields.find("format")) {
            if (!format->is_string() || format->get<std::string>() != kScenarioFormatName)
                ScenarioFields::fail(fields.pathOf("format") + " must be \"interleave-scenario\"");
        }
        const int version = fields.integer("version");
        if (version < 1)
            ScenarioFields::fail(fields.pathOf("version") + " must be 1 or more");
        if (version > kScenarioFormatVersion)
            ScenarioFields::fail(fields.pathOf("version") + " is " + std::to_string(version)
                + ": this file was written by a newer Interleave (this one reads version "
                + std::to_string(kScenarioFormatVersion) + ")");
    }
    Scenario scenario;
    scenario.title = fields.string("title");
    scenario.description = fields.string("description", "");
    if (const json* run = fields.find("run"))
        scenario.run = runFromJson(*run, fields.pathOf("run"));
    if (const json* lab = fields.find("lab"))
        scenario.lab = labFromJson(*lab, fields.pathOf("lab"));
    if (const json* python = fields.find("python")) {
        ScenarioFields inner(*python, fields.pathOf("python"));
        scenario.python = PythonProgram {inner.string("example")};
        inner.rejectUnknown();
    }
    fields.rejectUnknown();
    if (auto problem = validateScenario(scenario))
        ScenarioFields::fail(path.empty() ? *problem : path + "." + *problem);
    return scenario;
}

json scenarioToJsonValue(const Scenario& scenario, bool document)
{
    json out = json::object();
    if (document) {
        out["format"] = std::string(kScenarioFormatName);
        out["version"] = kScenarioFormatVersion;
    }
    out["title"] = scenario.title;
    if (!scenario.description.empty())
        out["description"] = scenario.description;
    if (scenario.run)
        out["run"] = runToJson(*scenario.run);
    if (scenario.lab)
        out["lab"] = labToJson(*scenario.lab);
    if (scenario.python)
        out["python"] = json {{"example", scenario.python->example}};
    return out;
}

} // namespace teach_detail

Scenario parseScenario(std::string_view text)
{
    // A syntax error names the byte where reading stopped, which is what a person needs to find
    // a missing comma; a number too large for a double names its field.
    std::string problem;
    const std::optional<json> parsed = teach_detail::parseJsonDocument(text, problem);
    if (!parsed)
        throw ScenarioError(problem);
    const json& document = *parsed;
    return teach_detail::scenarioFromJson(document, "", true);
}

Scenario loadScenario(const std::filesystem::path& path)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw ScenarioError("cannot read " + path.string() + ": " + ec.message());
    if (size > kMaxScenarioFileBytes)
        throw ScenarioError(path.string() + " is larger than 1 MiB: not a scenario file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ScenarioError("cannot open " + path.string() + ": " + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parseScenario(buffer.str());
}

bool isScenarioFile(const std::filesystem::path& path)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxScenarioFileBytes)
        return false;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    // "format": "interleave-scenario", as a scenario file always says, even one with a bad
    // field; a trace's events have no "format" of that name.
    const std::string text = buffer.str();
    std::string name(1, '"'); // built by appends: GCC 12's -Wrestrict misreads "..." + string&&
    name.append(kScenarioFormatName).push_back('"');
    for (std::size_t at = text.find("\"format\""); at != std::string::npos; at = text.find("\"format\"", at + 1)) {
        std::size_t i = at + 8;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' || text[i] == ':'))
            ++i;
        if (text.compare(i, name.size(), name) == 0)
            return true;
    }
    return false;
}

std::string scenarioToJson(const Scenario& scenario)
{
    return teach_detail::scenarioToJsonValue(scenario, true).dump(2) + "\n";
}

void saveScenario(const Scenario& scenario, const std::filesystem::path& path)
{
    if (auto problem = validateScenario(scenario))
        throw ScenarioError("not saved: " + *problem);
    const std::string text = scenarioToJson(scenario);
    try {
        writeOutputFile(path.string(), text);
    } catch (const OutputFileError& e) {
        throw ScenarioError(e.what());
    }
}

} // namespace interleave
