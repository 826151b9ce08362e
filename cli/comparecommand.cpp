#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/csvoutput.h"
#include "cli/interruptstop.h"
#include "cli/jsonnumbers.h"
#include "io/program_dir.h"
#include "cli/runoptions.h"

#include "io/output_file.h"
#include "analysis/other_cpu_load.h"
#include "engine/comparison.h"
#include "pytrace/cpython_run.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
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
    bool withPython = false; // --python: also run each model's program in CPython
    std::string python; // the Python for --python; empty: python3 on PATH
};

constexpr int kExitPythonMissing = 127; // as `interleave trace` and a shell report it

// What --python adds: per model, the program's wall times in CPython, folded.
struct CPythonColumn {
    std::string version; // "3.11.2", from the first traced run
    std::vector<std::optional<CPythonWall>> walls; // one per row; nullopt: not run (stopped)
    std::vector<std::string> problems; // one per row: why it has no wall time, or empty
};

// Runs each row's program `repeat` times, interleaved like the engine's repetitions, traced
// (so every wall time is taken under the same tracer), and folds them; the speedups are
// against CPython's own sequential median (the first row).
CPythonColumn runInCPython(const CompareOptions& options, const std::vector<ComparisonRow>& rows,
                           std::stop_token stop, CommandIo& io, bool chatty)
{
    CPythonColumn column;
    column.walls.assign(rows.size(), std::nullopt);
    column.problems.assign(rows.size(), std::string());
    pytrace::PythonTraceOptions base;
    base.python = options.python;
    base.bootstrapDir = pytrace::findBootstrapDir(programDir());
    base.timeout = std::chrono::seconds(600);
    pytrace::ProgramFolder folder;
    std::vector<std::vector<double>> walls(rows.size());
    std::vector<bool> refused(rows.size(), false);
    for (int round = 0; round < options.repeat && !stop.stop_requested(); ++round) {
        for (std::size_t i = 0; i < rows.size() && !stop.stop_requested(); ++i) {
            if (refused[i])
                continue;
            RunConfig config = options.config;
            config.model = rows[i].result.model;
            const pytrace::CPythonProgramRun run = pytrace::runProgramInCPython(config, base, folder, stop);
            if (column.version.empty()) {
                const auto version = run.traced.trace.metadata().find("python");
                if (version != run.traced.trace.metadata().end())
                    column.version = version->second;
            }
            if (run.program.refusal)
                refused[i] = true;
            if (run.wallMs)
                walls[i].push_back(*run.wallMs);
            else if (run.problem && !stop.stop_requested())
                column.problems[i] = *run.problem;
            if (chatty)
                io.err << "  ran " << modelName(config.model) << " in CPython\n";
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!stop.stop_requested() || !walls[i].empty())
            column.walls[i] = pytrace::foldCPythonWalls(walls[i]);
    }
    const std::optional<CPythonWall>& baseline = column.walls.front();
    for (auto& wall : column.walls) {
        if (wall && baseline && baseline->runs > 0 && wall->runs > 0 && wall->wallMs > 0)
            wall->speedup = baseline->wallMs / wall->wallMs;
    }
    return column;
}

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

void printTable(const CompareOptions& options, const std::vector<ComparisonRow>& rows,
                const std::optional<CPythonColumn>& cpython, std::ostream& out)
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
    std::snprintf(line, sizeof line, "%-13s %10s%-18s   %-18s %10s %13s", "model", "wall ms",
        spread ? "  (min-max)" : "", "speedup", "CPU ms", "GIL wait ms");
    out << line;
    if (cpython) {
        std::snprintf(line, sizeof line, "   %12s%-18s %9s", "CPython ms", spread ? "  (min-max)" : "", "speedup");
        out << line;
    }
    out << "\n";
    std::vector<std::string> busyNotes;
    for (std::size_t index = 0; index < rows.size(); ++index) {
        const ComparisonRow& row = rows[index];
        const RunResult& r = row.result;
        char range[40] = "";
        if (spread)
            std::snprintf(range, sizeof range, "  (%.1f-%.1f)", static_cast<double>(row.wall.minNs) / 1e6,
                static_cast<double>(row.wall.maxNs) / 1e6);
        const std::string speedup
            = speedupText(row.speedup, row.wall.speedupLow, row.wall.speedupHigh, row.wall.runs);
        const bool busy = machineWasBusy(r.busyOtherCpu);
        std::snprintf(line, sizeof line, "%-13s %10.1f%-18s   %-18s %10.1f %13.1f",
            std::string(modelName(r.model)).c_str(), static_cast<double>(r.wallNs) / 1e6, range,
            speedup.c_str(), static_cast<double>(r.cpuNs) / 1e6, static_cast<double>(r.gilWaitNs) / 1e6);
        out << line;
        if (cpython) {
            const std::optional<CPythonWall>& py = cpython->walls[index];
            if (py && py->runs > 0) {
                char pyRange[40] = "";
                if (spread)
                    std::snprintf(pyRange, sizeof pyRange, "  (%.1f-%.1f)", py->wallMsMin, py->wallMsMax);
                char pySpeedup[20] = "-";
                if (py->speedup > 0)
                    std::snprintf(pySpeedup, sizeof pySpeedup, "%.2fx", py->speedup);
                std::snprintf(line, sizeof line, "   %12.1f%-18s %9s", py->wallMs, pyRange, pySpeedup);
            } else {
                std::snprintf(line, sizeof line, "   %12s%-18s %9s", "-", "", "-");
            }
            out << line;
        }
        out << (r.errors.empty() ? "" : "  (errors)") << (busy ? "  (busy machine)" : "") << "\n";
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
    if (cpython) {
        out << "CPython" << (cpython->version.empty() ? std::string() : " " + cpython->version)
            << ": the same tasks as a Python program run by " << options.python << ", traced.\n"
            << "Its wall time is the program's own time.perf_counter() from just before its first task starts\n"
               "to just after its last ends (not the interpreter's start-up nor the calibration of its CPU loop);\n"
               "speedup: CPython's sequential over the model's.\n";
        // A refusal says the same for every model: once.
        std::vector<std::string> said;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::string& problem = cpython->problems[i];
            if (problem.empty() || std::find(said.begin(), said.end(), problem) != said.end())
                continue;
            said.push_back(problem);
            out << "CPython, " << modelName(rows[i].result.model) << ": " << problem << "\n";
        }
    }
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

    if (options.withPython && pytrace::findExecutable(options.python).empty()) {
        io.err << "interleave compare: --python: "
               << (options.python.find('/') != std::string::npos ? "no Python at " + options.python
                                                                 : options.python + " was not found on PATH")
               << std::endl;
        return kExitPythonMissing;
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

    std::optional<CPythonColumn> cpython;
    if (options.withPython && !rows.empty() && !interrupt.interrupted()) {
        try {
            cpython = runInCPython(options, rows, interrupt.token(), io, !options.json && options.csv != "-");
        } catch (const std::exception& e) {
            io.err << "interleave compare: --python: " << e.what() << std::endl;
            return kExitFailure;
        }
    }

    bool failed = false;
    if (!options.csv.empty()) {
        std::vector<MeasuredRun> runs;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const ComparisonRow& row = rows[i];
            RunConfig ran = options.config;
            ran.model = row.result.model;
            runs.push_back({"compare", ran, row.result, row.speedup, row.wall,
                cpython && cpython->walls[i] ? cpython->walls[i] : std::nullopt});
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
        for (std::size_t index = 0; index < rows.size(); ++index) {
            const ComparisonRow& row = rows[index];
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
            if (cpython) {
                nlohmann::json& out = results.back();
                const std::optional<CPythonWall>& py = cpython->walls[index];
                const bool measured = py && py->runs > 0;
                out["python_runs"] = py ? py->runs : 0;
                out["python_wall_ms"] = measured ? nlohmann::json(roundedTo3(py->wallMs)) : nlohmann::json();
                out["python_wall_ms_min"] = measured ? nlohmann::json(roundedTo3(py->wallMsMin)) : nlohmann::json();
                out["python_wall_ms_max"] = measured ? nlohmann::json(roundedTo3(py->wallMsMax)) : nlohmann::json();
                out["python_speedup"]
                    = measured && py->speedup > 0 ? nlohmann::json(roundedTo3(py->speedup)) : nlohmann::json();
                if (!cpython->problems[index].empty())
                    out["python_problem"] = cpython->problems[index];
            }
        }
        nlohmann::json doc {{"repeat", options.repeat}, {"results", results}};
        if (cpython) {
            doc["python"] = {{"path", options.python},
                {"version", cpython->version.empty() ? nlohmann::json() : nlohmann::json(cpython->version)},
                {"wall", "the program's own time.perf_counter() around its tasks, traced"}};
        }
        io.out << doc.dump(2) << std::endl;
    } else {
        printTable(options, rows, cpython, io.out);
    }
    for (const ComparisonRow& row : rows) {
        for (const std::string& error : row.result.errors) {
            io.err << "interleave compare: " << modelName(row.result.model) << ": " << error << std::endl;
            failed = true;
        }
    }
    if (interrupt.interrupted()) {
        io.err << "interleave compare: stopped before the end" << std::endl;
        return interrupt.exitStatus();
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
    CLI::Option* python = compare
        ->add_option("--python", options->python,
            "Also run each model's tasks as a Python program (threading, concurrent.futures, "
            "multiprocessing, asyncio) in a real CPython, PATH or python3 on PATH, traced as "
            "'interleave trace' does, and add its wall time and speedup (against CPython's own "
            "sequential run). The CPython wall time is the program's own time.perf_counter() from "
            "just before its first task starts to just after its last ends: the interpreter's "
            "start-up and the calibration of its CPU loop are not in it, starting its threads, "
            "processes and pools is. With --repeat, the median and the min-max")
        ->expected(0, 1)
        ->type_name("[PATH]");
    compare->add_flag("--json", options->json,
        "Print {\"results\": [...]} as JSON (with --python also python_wall_ms, python_wall_ms_min, "
        "python_wall_ms_max, python_speedup)");
    compare
        ->add_option("--csv", options->csv,
            "Also write every result as CSV to FILE ('-': print CSV instead of the table)")
        ->type_name("FILE");
    return {compare, [options, compare, python](CommandIo& io) {
                options->withPython = python->count() > 0;
                if (options->python.empty())
                    options->python = "python3";
                const bool processes = options->models.empty() || options->models.find("process") != std::string::npos;
                calibrateProcessStart(*compare, options->config, processes, io.err);
                return runCompare(*options, io);
            }};
}

} // namespace interleave::cli
