#pragma once

#include "engine/run_config.h"

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace interleave {

// The lab demos a scenario or lesson may point at, named as the lab's views and commands name
// them (race, lock, rlock, semaphore, event, condition, queue, deadlock).
inline constexpr std::array<std::string_view, 8> kLabDemoNames {
    "race", "lock", "rlock", "semaphore", "event", "condition", "queue", "deadlock"};
bool isLabDemoName(std::string_view name) noexcept;

// One parameter of a lab demo: a flag, a number or a word (e.g. "threads": 2, "lock": true,
// "order": "opposite"). The lab that shows the demo decides what each one means.
using LabParameter = std::variant<bool, double, std::string>;

// A reference to a lab demo: its name and parameters, as a file spells them. teach/lab_config.h
// makes the lab's own configuration of them; reading a scenario refuses parameters the lab
// does not take.
struct LabDemo {
    std::string name;
    std::map<std::string, LabParameter> parameters;

    friend bool operator==(const LabDemo&, const LabDemo&) = default;
};

// A real Python program to trace (the Python tab): one of the example programs shipped
// beside the tracer, by its file name ("threads_io.py").
struct PythonProgram {
    std::string example;

    friend bool operator==(const PythonProgram&, const PythonProgram&) = default;
};

// What to run, with a title and a sentence for the person who opens it: an engine run, a lab
// demo, or both (a lesson about locks may run threads and point at the lock lab); or a real
// Python program.
struct Scenario {
    std::string title;
    std::string description;
    std::optional<RunConfig> run;
    std::optional<LabDemo> lab;
    std::optional<PythonProgram> python;

    friend bool operator==(const Scenario&, const Scenario&) = default;
};

inline constexpr int kScenarioFormatVersion = 1;
inline constexpr std::string_view kScenarioFormatName = "interleave-scenario";

// A scenario file that cannot be used: the message names the bad field as it is spelled in the
// file (e.g. "run.tasks must be an integer, not a string").
class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Strict reading: unknown fields, wrong types, missing required fields, unknown names, values
// outside RunConfig's limits (run_fields.h) and lab parameters the lab does not take or refuses
// (lab_config.h) are all refused with a ScenarioError. Nothing
// is returned unless the whole file is good, so a failed load changes nothing.
Scenario parseScenario(std::string_view json);
Scenario loadScenario(const std::filesystem::path& path);

// Whether the file is meant as a scenario (it names the format "interleave-scenario" and is no
// longer than a scenario may be), good or not: what opens a file tells a scenario from a
// trace by it, and loadScenario() then says what is wrong with a bad one.
bool isScenarioFile(const std::filesystem::path& path);

// Pretty-printed JSON with the format name and version. Machine-specific fields of RunConfig
// (workerPath, iterationsPerMs) are not written: a scenario means the same on every machine.
std::string scenarioToJson(const Scenario& scenario);
// Writes as io/output_file.h says: a regular file is replaced by rename, so a failed save leaves
// the old file whole; a symlink's target is written, the link kept. Throws ScenarioError when
// the file cannot be written or the scenario is invalid.
void saveScenario(const Scenario& scenario, const std::filesystem::path& path);

// A scenario for what the experiment panel is set to (File > Save scenario): titled after the
// run ("threads: 8 I/O-bound tasks"), without the machine-specific fields of the config.
Scenario scenarioForRun(const RunConfig& config);

// Why the scenario cannot be used (the first problem found), or nullopt.
std::optional<std::string> validateScenario(const Scenario& scenario);

} // namespace interleave
