#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/interruptstop.h"
#include "cli/jsonnumbers.h"

#include "lab/explorer.h"
#include "lab/race.h"
#include "trace/duration_text.h"

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

struct RaceOptions {
    RaceConfig config;
    bool lock = false;
    bool atomic = false;
    bool explore = false;
    std::string widenBy = "sleep";
    std::string gil = "on";
    std::string between = "none";
    bool json = false;
    CLI::Option* increments = nullptr; // to tell a default from a given value
};

std::string percent(std::int64_t part, std::int64_t whole)
{
    return percentText(whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0, 1);
}

int runExplore(const RaceOptions& options, CommandIo& io)
{
    StepConfig config;
    config.threads = options.config.threads;
    // Without --increments, the classic case: one increment per thread.
    config.increments = options.increments->count() > 0
        ? static_cast<int>(std::min<std::int64_t>(options.config.increments, kMaxStepIncrements + 1))
        : 1;
    config.lock = options.lock;
    config.gil = *gilFromName(options.gil);
    config.between = *raceBetweenFromName(options.between);
    if (auto problem = validate(config)) {
        io.err << "interleave race --explore: " << *problem << std::endl;
        return kExitUsage;
    }
    Exploration e;
    try {
        e = explore(config);
    } catch (const ExplorationTooLarge& tooLarge) {
        io.err << "interleave race --explore: " << tooLarge.what() << std::endl;
        return kExitUsage;
    }
    if (options.json) {
        nlohmann::json finals = nlohmann::json::object();
        for (const auto& [value, count] : e.finalValues)
            finals[std::to_string(value)] = count;
        io.out << nlohmann::json {{"gil", gilName(config.gil)}, {"between", raceBetweenName(config.between)},
            {"schedules", e.schedules}, {"final_values", finals}}
                      .dump(2)
               << std::endl;
        return kExitOk;
    }
    const std::int64_t expected = config.expected();
    io.out << config.threads << " threads x " << config.increments << " increment"
           << (config.increments == 1 ? "" : "s") << (config.lock ? ", with the lock" : ", no lock")
           << (config.between == RaceBetween::Call ? ", counter = counter + one()" : ", counter += 1") << ": "
           << config.opsPerIncrement() << " micro-operations per increment\n"
           << (config.gil ? "GIL on: a thread is switched only at an eval-breaker check (the loop's backward "
                            "jump, a call), as in CPython 3.10+\n"
                          : "GIL off: any thread may run next at any step (free-threaded)\n")
           << e.schedules << " schedules (" << e.statesVisited << " distinct states)\n\n"
           << "final counter   schedules\n";
    for (const auto& [value, count] : e.finalValues) {
        char line[96];
        std::snprintf(line, sizeof line, "%13lld   %llu%s\n", static_cast<long long>(value),
            static_cast<unsigned long long>(count), value == expected ? "   (expected)" : "");
        io.out << line;
    }
    const std::uint64_t losing = e.losingSchedules(expected);
    io.out << "\n" << losing << " of " << e.schedules << " schedules lose at least one update\n";
    io.out.flush();
    return kExitOk;
}

nlohmann::json runJson(const RaceRunResult& r, bool gil)
{
    nlohmann::json run {{"expected", r.expected}, {"actual", r.actual}, {"lost", r.lost()}};
    if (gil) {
        run["gil_switches"] = r.switches;
        run["switches_between_load_and_store"] = r.switchesInWindow;
    }
    return run;
}

std::string raceHeadline(const RaceConfig& config)
{
    std::string text = std::to_string(config.threads) + " threads x " + std::to_string(config.increments)
        + " increments, " + std::string(raceModeName(config.mode)) + ", "
        + (config.between == RaceBetween::Call ? "counter = counter + one()" : "counter += 1") + ", ";
    text += config.gil ? "GIL on (CPython 3.10+: switches only at calls and backward jumps)"
                       : "GIL off (free-threaded: real threads at once)";
    return text;
}

int runLive(const RaceOptions& options, CommandIo& io)
{
    RaceConfig config = options.config;
    config.mode = options.lock ? RaceMode::Lock : options.atomic ? RaceMode::Atomic : RaceMode::Unsafe;
    config.widenBy = *widenMethodFromName(options.widenBy);
    config.gil = *gilFromName(options.gil);
    config.between = *raceBetweenFromName(options.between);
    if (auto problem = validate(config)) {
        io.err << "interleave race: " << *problem << std::endl;
        return kExitUsage;
    }

    InterruptStop interrupt;
    std::vector<RaceRunResult> results;
    if (!options.json) {
        io.out << raceHeadline(config);
        if (config.widenUs > 0)
            io.out << ", window widened by " << config.widenUs << " us (" << widenMethodName(config.widenBy)
                   << ")";
        io.out << "\n\n";
        char header[128];
        std::snprintf(header, sizeof header, "%5s %12s %12s %12s %8s", "run", "expected", "actual", "lost",
            "lost %");
        io.out << header << (config.gil ? "   GIL switches (between load and store)\n" : "\n");
    }
    for (int run = 0; run < config.repeat; ++run) {
        RaceRunResult r;
        try {
            r = runRace(config, interrupt.token());
        } catch (const std::exception& e) {
            io.err << "interleave race: " << e.what() << std::endl;
            return kExitFailure;
        }
        if (!r.completed)
            break;
        results.push_back(r);
        if (!options.json) {
            char line[160];
            std::snprintf(line, sizeof line, "%5d %12lld %12lld %12lld %8s", run + 1,
                static_cast<long long>(r.expected), static_cast<long long>(r.actual),
                static_cast<long long>(r.lost()), percent(r.lost(), r.expected).c_str());
            io.out << line;
            if (config.gil) {
                std::snprintf(line, sizeof line, "   %14lld (%lld)", static_cast<long long>(r.switches),
                    static_cast<long long>(r.switchesInWindow));
                io.out << line;
            }
            io.out << "\n" << std::flush;
        }
    }

    const RaceSummary s = summarize(results);
    if (options.json) {
        nlohmann::json runs = nlohmann::json::array();
        for (const RaceRunResult& r : results)
            runs.push_back(runJson(r, config.gil));
        nlohmann::json out {{"mode", raceModeName(config.mode)}, {"gil", gilName(config.gil)},
            {"between", raceBetweenName(config.between)}, {"threads", config.threads},
            {"increments", config.increments}, {"widen_us", config.widenUs},
            {"widen_by", widenMethodName(config.widenBy)}, {"runs", runs},
            {"summary",
                {{"runs", s.runs}, {"runs_that_lost", s.runsThatLost}, {"mean_lost", roundedTo3(s.meanLost)},
                    {"min_actual", s.minActual}, {"max_actual", s.maxActual}}}};
        // One run: its figures at the top level too, the shape most callers want.
        if (results.size() == 1) {
            out["expected"] = results.front().expected;
            out["actual"] = results.front().actual;
            out["lost"] = results.front().lost();
        }
        io.out << out.dump(2) << std::endl;
    } else if (s.runs > 1) {
        char line[160];
        std::snprintf(line, sizeof line,
            "\nmean lost %.1f (%s) · %d of %d runs lost updates · actual %lld to %lld\n", s.meanLost,
            percent(static_cast<std::int64_t>(std::llround(s.meanLost)), config.expected()).c_str(),
            s.runsThatLost, s.runs, static_cast<long long>(s.minActual), static_cast<long long>(s.maxActual));
        io.out << line;
    }
    io.out.flush();
    if (interrupt.interrupted()) {
        io.err << "interleave race: stopped before the end" << std::endl;
        return interrupt.exitStatus();
    }
    return kExitOk;
}

} // namespace

Command addRaceCommand(CLI::App& parser)
{
    auto options = std::make_shared<RaceOptions>();
    CLI::App* race = parser.add_subcommand("race",
        "Threads doing counter += 1 (or counter = counter + one()) on a shared counter, with CPython's "
        "GIL or without: expected, actual and lost updates; or, with --explore, every interleaving counted");
    race->add_option("--threads", options->config.threads, "Threads incrementing the counter")
        ->capture_default_str();
    options->increments = race->add_option("--increments", options->config.increments,
                                  "Increments per thread (with --explore, default 1)")
                              ->capture_default_str();
    CLI::Option* lock
        = race->add_flag("--lock", options->lock, "Hold a lock around each increment (with lock:)");
    CLI::Option* atomic
        = race->add_flag("--atomic", options->atomic, "Use one indivisible fetch-add per increment");
    atomic->excludes(lock);
    CLI::Option* repeat = race->add_option("--repeat", options->config.repeat, "Runs, one after another")
                              ->capture_default_str();
    CLI::Option* widen = race->add_option("--widen-us", options->config.widenUs,
                                 "Pause between the load and the store, in microseconds, so the "
                                 "threads' windows overlap")
                             ->capture_default_str();
    CLI::Option* widenBy = race->add_option("--widen-by", options->widenBy,
                                   "How to pause: sleep (yields the core: overlaps even on one core; with the GIL, "
                                   "time.sleep() releases it) or spin (keeps the core, and the GIL)")
                               ->check(CLI::IsMember({"sleep", "spin"}))
                               ->capture_default_str();
    race->add_option("--gil", options->gil,
            "on: emulated CPython 3.10+ threads that take turns on a GIL and switch only at calls and "
            "backward jumps; off: free-threaded, real threads at once")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    race->add_option("--between", options->between,
            "What runs between the load and the store: none (counter += 1) or call "
            "(counter = counter + one(), a Python call, where the GIL may switch)")
        ->check(CLI::IsMember({"none", "call"}))
        ->capture_default_str();
    CLI::Option* explore = race->add_flag("--explore", options->explore,
        "Do not run: count every interleaving of the micro-operations and where each ends");
    explore->excludes(atomic)->excludes(repeat)->excludes(widen)->excludes(widenBy);
    race->add_flag("--json", options->json, "Print the result as JSON");
    return {race, [options](CommandIo& io) {
                return options->explore ? runExplore(*options, io) : runLive(*options, io);
            }};
}

} // namespace interleave::cli
