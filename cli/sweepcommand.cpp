#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/csvoutput.h"
#include "cli/interruptstop.h"
#include "cli/runoptions.h"

#include "io/output_file.h"
#include "analysis/amdahl.h"
#include "analysis/other_cpu_load.h"
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
    int repeat = 1; // runs per worker count, interleaved; the results are their median
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
    if (auto problem = sharedStdoutProblem("--csv", options.csv, "--json", options.json ? "-" : "")) {
        io.err << "interleave sweep: " << *problem << std::endl;
        return kExitUsage;
    }
    if (auto problem = csvPathProblem(options.csv); problem && !options.csv.empty()) {
        io.err << "interleave sweep: --csv: " << *problem << std::endl;
        return kExitUsage;
    }

    const bool table = !options.json && options.csv != "-";
    InterruptStop interrupt;
    std::vector<MeasuredRun> runs;
    try {
        RepeatOptions repeat;
        repeat.repeat = options.repeat;
        if (table && options.repeat > 1)
            repeat.onProgress = [&](int done, int total) { io.err << "  run " << done << " of " << total << "\n"; };
        runs = sweepWorkers(
            options.config, workers, interrupt.token(),
            [&](const MeasuredRun& run) {
                if (table)
                    io.err << "  ran " << workersOf(run.config)
                           << (workersOf(run.config) == 1 ? " worker\n" : " workers\n");
            },
            repeat);
    } catch (const std::exception& e) {
        io.err << "interleave sweep: " << e.what() << std::endl;
        return kExitFailure;
    }
    const auto fit = fitAmdahl(speedupSamples(runs));
    const auto startupFit = fitAmdahlWithStartup(timeSamples(runs), sweepCoreLimit(options.config));

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
            nlohmann::json all = nlohmann::json::array();
            for (TimeNs wall : run.wall.allNs)
                all.push_back(rounded3(static_cast<double>(wall) / 1e6));
            results.push_back({{"workers", workersOf(run.config)},
                {"wall_ms", rounded3(static_cast<double>(run.result.wallNs) / 1e6)}, {"runs", run.wall.runs},
                {"wall_ms_min", rounded3(static_cast<double>(run.wall.minNs) / 1e6)},
                {"wall_ms_max", rounded3(static_cast<double>(run.wall.maxNs) / 1e6)}, {"wall_ms_all", all},
                {"cpu_ms", rounded3(static_cast<double>(run.result.cpuNs) / 1e6)},
                {"speedup", rounded3(run.speedup)}, {"speedup_min", rounded3(run.wall.speedupLow)},
                {"speedup_max", rounded3(run.wall.speedupHigh)},
                {"busy_other_cpu",
                    run.result.busyOtherCpu ? nlohmann::json(rounded3(*run.result.busyOtherCpu)) : nlohmann::json()},
                {"errors", run.result.errors}});
        }
        nlohmann::json doc {{"model", modelName(options.config.model)}, {"repeat", options.repeat},
            {"results", results}};
        // Amdahl's law alone (every lost second counted as serial work) ...
        doc["amdahl_p"] = fit ? nlohmann::json(rounded3(fit->parallelFraction)) : nlohmann::json();
        // ... and with a start-up cost per worker separated from the serial fraction.
        if (startupFit) {
            doc["fit"] = {{"serial_fraction", rounded3(startupFit->serialFraction)},
                {"work_ms", rounded3(startupFit->workMs)},
                {"startup_ms_per_worker", rounded3(startupFit->startupMsPerWorker)},
                {"rms_error_ms", rounded3(startupFit->rmseMs)},
                {"core_limit", startupFit->coreLimit > 0 ? nlohmann::json(static_cast<int>(startupFit->coreLimit))
                                                          : nlohmann::json()},
                {"dominant", startupFit->startupDominates() ? "startup" : "serial"}};
        } else {
            doc["fit"] = nullptr;
        }
        io.out << doc.dump(2) << std::endl;
    } else if (table) {
        const RunConfig& c = options.config;
        io.out << "Sweep: " << modelName(c.model) << ", " << workloadName(c.workload) << ", " << c.tasks
               << " tasks, speedup against 1 worker\n\n";
        char line[240];
        const bool spread = options.repeat > 1;
        std::snprintf(line, sizeof line, "%8s %10s%-18s   %-18s %6s %8s\n", "workers", "wall ms",
            spread ? "  (min-max)" : "", "speedup", "ideal", "fit");
        io.out << line;
        std::vector<std::string> busyNotes;
        for (const MeasuredRun& run : runs) {
            const int n = workersOf(run.config);
            char range[40] = "";
            if (spread)
                std::snprintf(range, sizeof range, "  (%.1f-%.1f)", static_cast<double>(run.wall.minNs) / 1e6,
                    static_cast<double>(run.wall.maxNs) / 1e6);
            const std::string speedup
                = speedupText(run.speedup, run.wall.speedupLow, run.wall.speedupHigh, run.wall.runs);
            const bool busy = machineWasBusy(run.result.busyOtherCpu);
            std::snprintf(line, sizeof line, "%8d %10.1f%-18s   %-18s %5dx %7.2fx%s%s\n", n,
                static_cast<double>(run.result.wallNs) / 1e6, range, speedup.c_str(), n,
                startupFit ? startupFit->speedup(n) : fit ? amdahlSpeedup(fit->parallelFraction, n) : 0.0,
                run.result.errors.empty() ? "" : "  (errors)", busy ? "  (busy machine)" : "");
            io.out << line;
            if (busy)
                busyNotes.push_back("With " + std::to_string(n) + (n == 1 ? " worker, " : " workers, ")
                    + busyMachineSentence(*run.result.busyOtherCpu) + ".");
        }
        io.out << "\n";
        if (spread)
            io.out << "Median of " << options.repeat
                   << " runs per worker count (interleaved), with the range from the fastest and slowest runs.\n";
        for (const std::string& note : busyNotes)
            io.out << note << "\n";
        if (startupFit) {
            const StartupAmdahlFit& f = *startupFit;
            char parallel[32] = "n";
            if (f.coreLimit > 0)
                std::snprintf(parallel, sizeof parallel, "min(n, %d cores)", static_cast<int>(f.coreLimit));
            std::snprintf(line, sizeof line,
                "\nFit T(n) = s*T1 + (1-s)*T1/%s + c*n: serial fraction s = %.3f, work T1 = %.1f ms, "
                "start-up c = %.1f ms per worker, rms error %.1f ms\n",
                parallel, f.serialFraction, f.workMs, f.startupMsPerWorker, f.rmseMs);
            io.out << line;
            const int largest = static_cast<int>(f.largestWorkers);
            std::snprintf(line, sizeof line,
                "At %d workers the %s dominates: start-ups cost %.1f ms, the serial part %.1f ms.\n", largest,
                f.startupDominates() ? "start-up cost" : "serial part", f.startupMsAtLargest, f.serialMsAtLargest);
            io.out << line;
        } else if (fit) {
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
        return interrupt.exitStatus();
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
    sweep
        ->add_option("--repeat", options->repeat,
            "Runs per worker count, interleaved; results are the median with the min-max")
        ->check(CLI::Range(1, kMaxRepeat))
        ->capture_default_str();
    sweep->add_flag("--json", options->json, "Print the speedups and the fitted p as JSON");
    sweep
        ->add_option("--csv", options->csv,
            "Also write every run as CSV to FILE ('-': print CSV instead of the table)")
        ->type_name("FILE");
    return {sweep, [options](CommandIo& io) { return runSweep(*options, io); }};
}

} // namespace interleave::cli
