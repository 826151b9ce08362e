#pragma once

#include "engine/run_config.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace interleave {

// Every number and switch of a RunConfig, described once: its name, its limits, how finely a
// person sets it and who carries it. The command line's options, scenario files, the window's
// panel and settings, and validate() are all written over this table, so a new field of the
// run is its member in RunConfig, its row in run_fields.cpp and, when the panel shows it, one
// line there. (The model, the workload and the process start are names, not numbers, and are
// read by their own *FromName functions.)
struct RunField {
    // How a scenario file and the settings spell it ("switch_interval_ms"); the command line
    // writes it with dashes ("--switch-interval-ms").
    std::string_view key{};
    std::string_view shortFlag{}; // "-n", or empty
    std::string_view help{};      // the command line's help for it
    std::variant<int RunConfig::*, std::int64_t RunConfig::*, double RunConfig::*, bool RunConfig::*> member{};
    double min = 0; // inclusive limits, checked by validate() and taken by the panel's boxes
    double max = 0;
    int decimals = 0;      // how finely it is set: 3 for a switch interval of 0.005 ms
    // What validate() says of the limits is made of them (ruleOf): these only add words, after
    // the lower limit (" (the default, the core count)") and after the upper (" (ten minutes)").
    std::string_view minNote{};
    std::string_view maxNote{};
    bool unbounded = false; // no upper limit a person would meet: "must be 0 or more"
    bool inScenarioRequired = false; // a scenario file must give it
    bool inScenario = true;          // written to and read from scenario files
    bool inSettings = true; // remembered by the window between sessions
};

std::span<const RunField> runFields() noexcept;
// What validate() says of a field's limits, after its name: "must be between 1 and 4096",
// "must be a number of milliseconds between 0 and 600000 (ten minutes)", "must be on or off".
std::string ruleOf(const RunField& field);
// The row for a key; nullptr when there is none.
const RunField* findRunField(std::string_view key) noexcept;

// The command line's flag for a key: "switch_interval_ms" -> "--switch-interval-ms".
std::string commandLineFlag(std::string_view key);

// A field's value in `config`, as a number (a switch reads 1 or 0), and setting it back.
double fieldValue(const RunConfig& config, const RunField& field) noexcept;
void setFieldValue(RunConfig& config, const RunField& field, double value) noexcept;

// Why a configuration cannot run: the field (a key of the table, or "iterations_per_ms") and
// what is wrong with it, without the field's name ("must be between 1 and 256 for the processes
// model (one child process per task)"). Each reader puts the name as it spells it: the command
// line "--tasks must ...", a scenario file "run.tasks must ...".
struct RunConfigProblem {
    std::string key;
    std::string message;
};
std::optional<RunConfigProblem> checkRunConfig(const RunConfig& config);

// A field's value as text: "on"/"off" for a switch, the shortest decimal that reads back the
// same for a number ("0.005", "100"), whatever the C locale says.
std::string fieldText(const RunConfig& config, const RunField& field);

// A configuration read back from the texts of a trace's metadata (the table's keys, and
// "model", "workload" and "process_start" by name), where they say what ran: nullopt when the
// model or the workload is missing, a value does not read, or validate() refuses the result.
// Fields left out keep RunConfig's defaults.
std::optional<RunConfig> runConfigFromTexts(const std::map<std::string, std::string>& texts);

// Every table field and its value, "tasks=4 latency_ms=100 ... gil=on ...": a text that
// differs exactly when two configurations differ in a field the table holds.
std::string runFieldsText(const RunConfig& config);

} // namespace interleave
