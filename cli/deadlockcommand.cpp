#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/interruptstop.h"
#include "cli/jsonnumbers.h"
#include "cli/tracesave.h"

#include "io/output_file.h"
#include "lab/deadlock.h"
#include "trace/trace.h"
#include "trace/duration_text.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>

namespace interleave::cli {
namespace {

// With --trace, a detected deadlock is left standing this long before the run is stopped, as
// the window's Deadlock tab leaves it (DeadlockView::kShowDeadlockNs): replayed from the file,
// the threads are seen stuck on the timeline while the graph shows the cycle.
constexpr TimeNs kSavedDeadlockShownNs = 400'000'000;

struct DeadlockOptions {
    DeadlockConfig config;
    bool twoLocks = false;
    bool json = false;
    std::string tracePath;
};

void printText(const DeadlockConfig& config, const DeadlockResult& r, const std::string& tracePath, std::ostream& out)
{
    out << deadlockTitle(config) << "\n";
    if (r.deadlocked) {
        const DeadlockReport& report = *r.report;
        out << "Deadlocked: detected " << durationText(r.detectedAfterNs) << " after the start, "
            << durationText(report.latencyNs()) << " after the cycle formed.\n";
        out << "Cycle: ";
        for (const std::string& node : report.cycle)
            out << node << " -> ";
        out << report.cycle.front() << "\n";
        out << report.description << ".\n";
        out << "The run was stopped: every thread gave up its wait, released its locks and was joined.\n";
        out << "\nTry the fix: interleave deadlock "
            << (config.scenario == DeadlockScenario::TwoLocks
                       ? std::string("--two-locks")
                       : "--philosophers " + std::to_string(config.philosophers))
            << " --ordered\n";
    } else {
        out << "No deadlock: " << r.meals << " of " << r.mealsPlanned << " critical sections completed in "
            << durationText(r.wallNs) << ".\n";
    }
    if (!tracePath.empty() && tracePath != "-")
        out << "\nTrace written to " << tracePath
            << " (opens in Perfetto, and in Interleave with its wait-for graph)\n";
    out.flush();
}

void printJson(const DeadlockConfig& config, const DeadlockResult& r, const std::string& tracePath, std::ostream& out)
{
    nlohmann::json j;
    j["scenario"] = config.scenario == DeadlockScenario::TwoLocks ? "two-locks" : "philosophers";
    if (config.scenario == DeadlockScenario::Philosophers)
        j["philosophers"] = config.philosophers;
    j["ordered"] = config.ordered;
    j["deadlocked"] = r.deadlocked;
    j["cycle"] = r.deadlocked ? nlohmann::json(r.report->cycle) : nlohmann::json::array();
    if (r.deadlocked) {
        j["description"] = r.report->description;
        j["detected_after_ms"] = roundedMs(r.detectedAfterNs);
        j["detection_latency_ms"] = roundedMs(r.report->latencyNs());
    } else {
        j["detected_after_ms"] = nullptr;
    }
    j["completed_rounds"] = r.meals;
    j["planned_rounds"] = r.mealsPlanned;
    j["wall_ms"] = roundedMs(r.wallNs);
    j["poll_ms"] = roundedMs(config.watchdogPollNs);
    if (!tracePath.empty())
        j["trace"] = tracePath;
    out << j.dump(2) << std::endl;
}

int runDeadlock(DeadlockOptions options, CommandIo& io)
{
    if (options.twoLocks)
        options.config.scenario = DeadlockScenario::TwoLocks;
    if (auto problem = validate(options.config)) {
        io.err << "interleave deadlock: " << *problem << std::endl;
        return kExitUsage;
    }
    if (auto problem = sharedStdoutProblem("--trace", options.tracePath, "--json", options.json ? "-" : "")) {
        io.err << "interleave deadlock: " << *problem << std::endl;
        return kExitUsage;
    }
    // Before the run: a missing folder should not cost the run.
    if (!options.tracePath.empty()) {
        if (auto problem = outputPathProblem(options.tracePath)) {
            io.err << "interleave deadlock: --trace: " << *problem << std::endl;
            return kExitFailure;
        }
    }
    if (!options.tracePath.empty())
        options.config.showDeadlockNs = std::max(options.config.showDeadlockNs, kSavedDeadlockShownNs);
    InterruptStop interrupt;
    DeadlockResult result;
    Recorder recorder;
    try {
        result = runDeadlockDemo(options.config, recorder, interrupt.token());
    } catch (const std::exception& e) {
        io.err << "interleave deadlock: " << e.what() << std::endl;
        return kExitFailure;
    }
    if (interrupt.interrupted()) {
        io.err << "interleave deadlock: stopped before the end" << std::endl;
        return interrupt.exitStatus();
    }
    // The trace carries the run's lock log: reopened, it redraws the wait-for graph.
    if (!options.tracePath.empty()) {
        io.out.flush();
        const int status
            = saveCommandTrace(Trace::fromSnapshot(recorder.snapshot()), options.tracePath, interrupt, "deadlock", io.err);
        if (status != kExitOk)
            return status;
    }
    // With the trace on standard output, the report goes to the error stream.
    std::ostream& report = options.tracePath == "-" ? io.err : io.out;
    if (options.json)
        printJson(options.config, result, options.tracePath, report);
    else
        printText(options.config, result, options.tracePath, report);
    return kExitOk;
}

} // namespace

Command addDeadlockCommand(CLI::App& parser)
{
    auto options = std::make_shared<DeadlockOptions>();
    CLI::App* deadlock = parser.add_subcommand("deadlock",
        "Run dining philosophers (or two locks taken in opposite orders), detect the deadlock and "
        "print the cycle");
    CLI::Option* philosophers
        = deadlock
              ->add_option("--philosophers", options->config.philosophers, "How many philosophers, 2 to 10")
              ->capture_default_str();
    deadlock
        ->add_flag(
            "--two-locks", options->twoLocks, "Two threads taking two locks in opposite orders instead")
        ->excludes(philosophers);
    deadlock->add_flag("--ordered", options->config.ordered,
        "Fix by lock ordering: every thread takes its locks in one global order");
    deadlock->add_option("--meals", options->config.meals, "Rounds per thread, 1 to 20")
        ->capture_default_str();
    deadlock->add_option("--trace", options->tracePath,
        "Also write the run as Chrome Trace Event JSON (Perfetto) with its lock log, for 'interleave open', "
        "'screenshot --from-trace' and 'animate --from-trace' to redraw its wait-for graph (a deadlock is then "
        "left standing 0.4 s, as in the window, before the run is stopped); '-': to standard output, the "
        "report then to the error stream");
    deadlock->add_flag("--json", options->json,
        "Print {\"deadlocked\": ..., \"cycle\": [...], \"detected_after_ms\": ...} as JSON");
    return {deadlock, [options](CommandIo& io) { return runDeadlock(*options, io); }};
}

} // namespace interleave::cli
