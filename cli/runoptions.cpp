#include "cli/runoptions.h"

#include "cli/interruptstop.h"
#include "io/program_dir.h"
#include "engine/run_fields.h"
#include "pytrace/process_start.h"
#include "pytrace/python_session.h"

#include <CLI/CLI.hpp>

#include <exception>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>

namespace interleave::cli {
namespace {

template <typename Enum, typename Names>
CLI::Validator nameValidator(const std::string& what, Names names, std::optional<Enum> (*parse)(std::string_view))
{
    std::string list;
    for (const auto& n : names)
        list += (list.empty() ? "" : ", ") + std::string(n);
    return CLI::Validator(
        [what, list, parse](std::string& value) -> std::string {
            if (parse(value))
                return {};
            return "unknown " + what + " '" + value + "' (one of: " + list + ")";
        },
        "{" + list + "}");
}

std::vector<std::string_view> modelNames()
{
    std::vector<std::string_view> names;
    for (Model m : kAllModels)
        names.push_back(modelName(m));
    return names;
}

} // namespace

void addModelOption(CLI::App& command, RunConfig& config)
{
    command
        .add_option_function<std::string>(
            "-m,--model", [&config](const std::string& v) { config.model = *modelFromName(v); },
            "Execution model")
        ->check(nameValidator<Model>("model", modelNames(), &modelFromName))
        ->default_str(std::string(modelName(config.model)));
}

void addWorkloadOptions(CLI::App& command, RunConfig& config)
{
    const std::vector<std::string_view> workloads{"cpu", "io", "mixed"};
    command
        .add_option_function<std::string>(
            "-w,--workload", [&config](const std::string& v) { config.workload = *workloadFromName(v); },
            "What each task does: cpu (compute), io (a blocking wait), mixed (both, alternating)")
        ->check(nameValidator<WorkloadKind>("workload", workloads, &workloadFromName))
        ->default_str(std::string(workloadName(config.workload)));
    const std::vector<std::string_view> starts{"native", "python"};
    command
        .add_option_function<std::string>(
            "--process-start",
            [&config](const std::string& v) { config.processStart = *processStartFromName(v); },
            "native: only the real start-up; python: also an emulated interpreter start-up")
        ->check(nameValidator<ProcessStart>("process start", starts, &processStartFromName))
        ->default_str(std::string(processStartName(config.processStart)));
    // The numbers and switches, as run_fields.h describes them; validate() checks their limits
    // after parsing, so every reader of a configuration refuses the same values the same way.
    for (const RunField& field : runFields()) {
        const std::string flag = commandLineFlag(field.key);
        const std::string names = field.shortFlag.empty() ? flag : std::string(field.shortFlag) + "," + flag;
        const std::string help(field.help);
        std::visit(
            [&](auto member) {
                if constexpr (std::is_same_v<decltype(member), bool RunConfig::*>) {
                    command
                        .add_option_function<std::string>(
                            names, [&config, member](const std::string& v) { config.*member = v == "on"; }, help)
                        ->check(CLI::IsMember({"on", "off"}))
                        ->default_str(config.*member ? "on" : "off");
                } else {
                    command.add_option(names, config.*member, help)->capture_default_str();
                }
            },
            field.member);
    }
}

bool calibrateProcessStart(const CLI::App& command, RunConfig& config, bool startsProcesses, std::ostream& err)
{
    const CLI::Option* given = command.get_option_no_throw("--process-start-ms");
    // A run that will be refused is not worth a measurement, nor a line before its error.
    if (validate(config) || !startsProcesses || config.processStart != ProcessStart::Python || (given != nullptr && given->count() > 0))
        return false;
    const std::string bootstrap = pytrace::findBootstrapDir(programDir());
    if (bootstrap.empty() || pytrace::findExecutable("python3").empty())
        return false;
    std::string error;
    const auto cost = pytrace::pythonStartCost("python3", bootstrap, pytrace::defaultStartCostCacheFile(), error);
    if (!cost) {
        err << "interleave: Python's process start-up could not be measured (" << error << "); using "
            << config.processStartMs << " ms" << std::endl;
        return false;
    }
    config.processStartMs = cost->ms;
    if (!cost->cached)
        err << "interleave: measured once what starting a Python process costs this machine ("
            << cost->python << ", multiprocessing spawn): " << (std::ostringstream() << std::fixed << std::setprecision(1) << cost->ms).str()
            << " ms; the emulated interpreter start-up uses it (--process-start-ms overrides)" << std::endl;
    return true;
}

std::optional<RunResult> runModelOrReport(const RunConfig& config, Recorder& recorder,
    const InterruptStop& interrupt, std::string_view command, std::ostream& err)
{
    try {
        return runModel(config, recorder, interrupt.token());
    } catch (const std::exception& e) {
        err << "interleave " << command << ": " << e.what() << std::endl;
        return std::nullopt;
    }
}

} // namespace interleave::cli
