#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/interruptstop.h"
#include "cli/jsonnumbers.h"

#include "lab/deadlock.h"
#include "trace/duration_text.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>

namespace interleave::cli {
namespace {

struct DeadlockOptions {
    DeadlockConfig config;
    bool twoLocks = false;
    bool json = false;
};

void printText(const DeadlockConfig& config, const DeadlockResult& r, std::ostream& out)
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
    out.flush();
}

void printJson(const DeadlockConfig& config, const DeadlockResult& r, std::ostream& out)
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
    InterruptStop interrupt;
    DeadlockResult result;
    try {
        Recorder recorder;
        result = runDeadlockDemo(options.config, recorder, interrupt.token());
    } catch (const std::exception& e) {
        io.err << "interleave deadlock: " << e.what() << std::endl;
        return kExitFailure;
    }
    if (interrupt.interrupted()) {
        io.err << "interleave deadlock: stopped before the end" << std::endl;
        return interrupt.exitStatus();
    }
    if (options.json)
        printJson(options.config, result, io.out);
    else
        printText(options.config, result, io.out);
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
    deadlock->add_flag("--json", options->json,
        "Print {\"deadlocked\": ..., \"cycle\": [...], \"detected_after_ms\": ...} as JSON");
    return {deadlock, [options](CommandIo& io) { return runDeadlock(*options, io); }};
}

} // namespace interleave::cli
