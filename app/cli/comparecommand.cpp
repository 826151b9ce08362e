#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/csvoutput.h"
#include "cli/interruptstop.h"
#include "cli/jsonnumbers.h"
#include "cli/runoptions.h"

#include "io/output_file.h"
#include "analysis/other_cpu_load.h"
#include "engine/comparison.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

struct CompareOptions {
    RunConfig config;
    std::string models; // comma-separated; empty: all six
    bool json = false;
    std::string csv; // a file, or "-" for standard output instead of the table
    int repeat = 1; // runs per model, interleaved; the results are their median
};

std::optional<std::vector<Model>> parseModels(const std::string& list, std::string& problem)
{
    std::vector<Model> models;
    if (list.empty())
        return std::vector<Model>(kAllModels.begin(), kAllModels.end());
    std::stringstream in(list);
    std::string name;
    while (std::getline(in, name, ',')) {
        if (auto m = modelFromName(name)) {
            models.push_back(*m);
        } else {
            problem = "--models: unknown model '" + name + "'";
            return std::nullopt;
        }
    }
    if (models.empty()) {
        problem = "--models: name at least one model";
        return std::nullopt;
    }
    return models;
}

void printTable(const CompareOptions& options, const std::vector<ComparisonRow>& rows, std::ostream& out)
{
    const RunConfig& c = options.config;
    char line[200];
    out << "Workload: " << workloadName(c.workload) << ", " << c.tasks << " tasks";
    if (c.workload != WorkloadKind::Cpu)
        out << ", " << c.latencyMs << " ms wait";
    if (c.workload != WorkloadKind::Io)
        out << ", " << c.workMs << " ms compute";
    out << " each · GIL " << (c.gil ? "on" : "off") << " · thread pool " << effectiveThreadWorkers(c)
        << " workers · process pool " << effectiveProcessWorkers(c) << " workers\n\n";
    const bool spread = options.repeat > 1;
    std::snprintf(line, sizeof line, "%-13s %10s%-18s   %-18s %10s %13s\n", "model", "wall ms",
        spread ? "  (min-max)" : "", "speedup", "CPU ms", "GIL wait ms");
    out << line;
    std::vector<std::string> busyNotes;
    for (const ComparisonRow& row : rows) {
        const RunResult& r = row.result;
        char range[40] = "";
        if (spread)
            std::snprintf(range, sizeof range, "  (%.1f-%.1f)", static_cast<double>(row.wall.minNs) / 1e6,
                static_cast<double>(row.wall.maxNs) / 1e6);
        const std::string speedup
            = speedupText(row.speedup, row.wall.speedupLow, row.wall.speedupHigh, row.wall.runs);
        const bool busy = machineWasBusy(r.busyOtherCpu);
        std::snprintf(line, sizeof line, "%-13s %10.1f%-18s   %-18s %10.1f %13.1f%s%s\n",
            std::string(modelName(r.model)).c_str(), static_cast<double>(r.wallNs) / 1e6, range,
            speedup.c_str(), static_cast<double>(r.cpuNs) / 1e6, static_cast<double>(r.gilWaitNs) / 1e6,
            r.errors.empty() ? "" : "  (errors)", busy ? "  (busy machine)" : "");
        out << line;
        if (busy)
            busyNotes.push_back("While " + std::string(modelName(r.model)) + " ran, "
                + busyMachineSentence(*r.busyOtherCpu) + ".");
    }
    out << "\n"
        << (spread ? "Median of " + std::to_string(options.repeat)
                    + " runs per model (interleaved); speedup: the sequential median over the model's, "
                      "with its range from the fastest and slowest runs.\n"
                   : std::string("One run per model: a busy moment can swing it; --repeat 3 or more gives a "
                                 "median and a range.\n"));
    for (const std::string& note : busyNotes)
        out << note << "\n";
    out.flush();
}

int runCompare(const CompareOptions& options, CommandIo& io)
{
    std::string problem;
    const auto models = parseModels(options.models, problem);
    if (!models) {
        io.err << "interleave compare: " << problem << std::endl;
        return kExitUsage;
    }
    // Every model must accept the workload (e.g. at most 256 processes) before any runs.
    for (Model m : *models) {
        RunConfig c = options.config;
        c.model = m;
        if (auto p = validate(c)) {
            io.err << "interleave compare: " << *p << std::endl;
            return kExitUsage;
        }
    }

    if (auto problem = sharedStdoutProblem("--csv", options.csv, "--json", options.json ? "-" : "")) {
        io.err << "interleave compare: " << *problem << std::endl;
        return kExitUsage;
    }
    if (auto problem = csvPathProblem(options.csv); problem && !options.csv.empty()) {
        io.err << "interleave compare: --csv: " << *problem << std::endl;
        return kExitUsage;
    }

    InterruptStop interrupt;
    std::vector<ComparisonRow> rows;
    try {
        RepeatOptions repeat;
        repeat.repeat = options.repeat;
        if (!options.json && options.csv != "-" && options.repeat > 1) {
            repeat.onProgress = [&](int done, int total) {
                io.err << "  run " << done << " of " << total << "\n";
            };
        }
        rows = compareModels(
            options.config, *models, interrupt.token(),
            [&](const ComparisonRow& row) {
                if (!options.json && options.csv != "-")
                    io.err << "  ran " << modelName(row.result.model) << "\n";
            },
            repeat);
    } catch (const std::exception& e) {
        io.err << "interleave compare: " << e.what() << std::endl;
        return kExitFailure;
    }

    bool failed = false;
    if (!options.csv.empty()) {
        std::vector<MeasuredRun> runs;
        for (const ComparisonRow& row : rows) {
            RunConfig ran = options.config;
            ran.model = row.result.model;
            runs.push_back({"compare", ran, row.result, row.speedup, row.wall});
        }
        std::string problem;
        if (!writeRunsCsv(options.csv, runs, io.out, problem)) {
            io.err << "interleave compare: " << problem << std::endl;
            failed = true;
        } else if (options.csv != "-" && !options.json) {
            io.err << "  results written to " << options.csv << "\n";
        }
    }
    if (options.csv == "-") {
        // The CSV was the output.
    } else if (options.json) {
        nlohmann::json results = nlohmann::json::array();
        for (const ComparisonRow& row : rows) {
            const RunResult& r = row.result;
            nlohmann::json all = nlohmann::json::array();
            for (TimeNs wall : row.wall.allNs)
                all.push_back(roundedMs(wall));
            results.push_back({{"model", modelName(r.model)}, {"wall_ms", roundedMs(r.wallNs)},
                {"runs", row.wall.runs}, {"wall_ms_min", roundedMs(row.wall.minNs)},
                {"wall_ms_max", roundedMs(row.wall.maxNs)}, {"wall_ms_all", all},
                {"speedup", roundedTo3(row.speedup)}, {"speedup_min", roundedTo3(row.wall.speedupLow)},
                {"speedup_max", roundedTo3(row.wall.speedupHigh)}, {"cpu_ms", roundedMs(r.cpuNs)},
                {"gil_wait_ms", roundedMs(r.gilWaitNs)}, {"peak_parallelism", r.peakParallelism},
                {"mean_parallelism", roundedTo3(r.meanParallelism)},
                {"busy_other_cpu",
                    r.busyOtherCpu ? nlohmann::json(roundedTo3(*r.busyOtherCpu)) : nlohmann::json()},
                {"errors", r.errors}});
        }
        io.out << nlohmann::json {{"repeat", options.repeat}, {"results", results}}.dump(2) << std::endl;
    } else {
        printTable(options, rows, io.out);
    }
    for (const ComparisonRow& row : rows) {
        for (const std::string& error : row.result.errors) {
            io.err << "interleave compare: " << modelName(row.result.model) << ": " << error << std::endl;
            failed = true;
        }
    }
    if (interrupt.interrupted()) {
        io.err << "interleave compare: stopped before the end" << std::endl;
        return 130;
    }
    return failed ? kExitFailure : kExitOk;
}

} // namespace

Command addCompareCommand(CLI::App& parser)
{
    auto options = std::make_shared<CompareOptions>();
    CLI::App* compare = parser.add_subcommand(
        "compare", "Run the same workload under every model and compare wall time, speedup and CPU time");
    addWorkloadOptions(*compare, options->config);
    compare->add_option("--models", options->models,
        "Comma-separated models to compare (default: all six; sequential always runs, "
        "as the baseline)");
    compare
        ->add_option("--repeat", options->repeat,
            "Runs per model, interleaved; results are the median with the min-max")
        ->check(CLI::Range(1, kMaxRepeat))
        ->capture_default_str();
    compare->add_flag("--json", options->json, "Print {\"results\": [...]} as JSON");
    compare
        ->add_option("--csv", options->csv,
            "Also write every result as CSV to FILE ('-': print CSV instead of the table)")
        ->type_name("FILE");
    return {compare, [options, compare](CommandIo& io) {
                const bool processes = options->models.empty() || options->models.find("process") != std::string::npos;
                calibrateProcessStart(*compare, options->config, processes, io.err);
                return runCompare(*options, io);
            }};
}

} // namespace interleave::cli
