#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/csvoutput.h"
#include "cli/interruptstop.h"
#include "cli/runoptions.h"

#include "analysis/amdahl.h"
#include "analysis/sweep.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

struct SweepOptions {
    RunConfig config;
    std::string workers = "1,2,3,4,6,8,12,16";
    bool json = false;
    std::string csv;
};

double rounded3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

int runSweep(const SweepOptions& options, CommandIo& io)
{
    std::vector<int> workers;
    try {
        workers = parseWorkerList(options.workers);
    } catch (const std::exception& e) {
        io.err << "interleave sweep: --" << e.what() << std::endl;
        return kExitUsage;
    }
    if (!hasWorkerCount(options.config.model)) {
        io.err << "interleave sweep: --model: a sweep needs a pool (thread_pool or process_pool), not "
               << modelName(options.config.model) << std::endl;
        return kExitUsage;
    }
    for (int n : workers) {
        if (auto why = validate(withWorkers(options.config, n))) {
            io.err << "interleave sweep: " << *why << std::endl;
            return kExitUsage;
        }
    }
    if (auto problem = csvPathProblem(options.csv); problem && !options.csv.empty()) {
        io.err << "interleave sweep: --csv: " << *problem << std::endl;
        return kExitUsage;
    }

    const bool table = !options.json && options.csv != "-";
    InterruptStop interrupt;
    std::vector<MeasuredRun> runs;
    try {
        runs = sweepWorkers(options.config, workers, interrupt.token(), [&](const MeasuredRun& run) {
            if (table)
                io.err << "  ran " << workersOf(run.config)
                       << (workersOf(run.config) == 1 ? " worker\n" : " workers\n");
        });
    } catch (const std::exception& e) {
        io.err << "interleave sweep: " << e.what() << std::endl;
        return kExitFailure;
    }
    const auto fit = fitAmdahl(speedupSamples(runs));

    bool failed = false;
    if (!options.csv.empty()) {
        std::string problem;
        if (!writeRunsCsv(options.csv, runs, io.out, problem)) {
            io.err << "interleave sweep: " << problem << std::endl;
            failed = true;
        } else if (table) {
            io.err << "  results written to " << options.csv << "\n";
        }
    }
    if (options.json) {
        nlohmann::json results = nlohmann::json::array();
        for (const MeasuredRun& run : runs) {
            results.push_back({{"workers", workersOf(run.config)},
                {"wall_ms", rounded3(static_cast<double>(run.result.wallNs) / 1e6)},
                {"cpu_ms", rounded3(static_cast<double>(run.result.cpuNs) / 1e6)},
                {"speedup", rounded3(run.speedup)}, {"errors", run.result.errors}});
        }
        nlohmann::json doc {{"model", modelName(options.config.model)}, {"results", results}};
        doc["amdahl_p"] = fit ? nlohmann::json(rounded3(fit->parallelFraction)) : nlohmann::json();
        io.out << doc.dump(2) << std::endl;
    } else if (table) {
        const RunConfig& c = options.config;
        io.out << "Sweep: " << modelName(c.model) << ", " << workloadName(c.workload) << ", " << c.tasks
               << " tasks, speedup against 1 worker\n\n";
        char line[160];
        std::snprintf(
            line, sizeof line, "%8s %10s %9s %7s %8s\n", "workers", "wall ms", "speedup", "ideal", "Amdahl");
        io.out << line;
        for (const MeasuredRun& run : runs) {
            const int n = workersOf(run.config);
            std::snprintf(line, sizeof line, "%8d %10.1f %8.2fx %6dx %7.2fx%s\n", n,
                static_cast<double>(run.result.wallNs) / 1e6, run.speedup, n,
                fit ? amdahlSpeedup(fit->parallelFraction, n) : 0.0,
                run.result.errors.empty() ? "" : "  (errors)");
            io.out << line;
        }
        if (fit) {
            const double p = fit->parallelFraction;
            char ceiling[32] = "none";
            if (p < 0.9995)
                std::snprintf(ceiling, sizeof ceiling, "%.1fx", 1.0 / (1.0 - p));
            std::snprintf(line, sizeof line,
                "\nAmdahl fit: p = %.3f (parallel fraction), ceiling %s, rms error %.2fx\n", p, ceiling,
                fit->rmse);
            io.out << line;
        }
        io.out.flush();
    }
    for (const MeasuredRun& run : runs) {
        for (const std::string& error : run.result.errors) {
            io.err << "interleave sweep: " << workersOf(run.config) << " workers: " << error << std::endl;
            failed = true;
        }
    }
    if (interrupt.interrupted()) {
        io.err << "interleave sweep: stopped before the end" << std::endl;
        return 130;
    }
    return failed ? kExitFailure : kExitOk;
}

} // namespace

Command addSweepCommand(CLI::App& parser)
{
    auto options = std::make_shared<SweepOptions>();
    options->config.model = Model::ProcessPool;
    options->config.workload = WorkloadKind::Cpu;
    options->config.tasks = 16;
    CLI::App* sweep = parser.add_subcommand(
        "sweep", "Run one pool with 1, 2, ... workers and fit Amdahl's law to the speedups");
    addModelOption(*sweep, options->config);
    addWorkloadOptions(*sweep, options->config);
    sweep->add_option("--workers", options->workers, "Worker counts: a list and ranges, e.g. 1,2,4,8 or 1-16")
        ->capture_default_str();
    sweep->add_flag("--json", options->json, "Print the speedups and the fitted p as JSON");
    sweep
        ->add_option("--csv", options->csv,
            "Also write every run as CSV to FILE ('-': print CSV instead of the table)")
        ->type_name("FILE");
    return {sweep, [options](CommandIo& io) { return runSweep(*options, io); }};
}

} // namespace interleave::cli
