#include "cli/pytracebench.h"

#include "analysis/repeat_stats.h"
#include "cli/commandline.h"
#include "cli/interruptstop.h"
#include "cli/jsonnumbers.h"
#include "io/program_dir.h"
#include "engine/child_process.h"
#include "pytrace/accuracy.h"
#include "pytrace/python_session.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

namespace interleave::cli {
namespace {

// Each of gil_truth.py's two threads does this many chunks of ~5 us of work: about a second
// of CPU in all, enough for ~200 hand-overs of the GIL at CPython's 5 ms switch interval.
constexpr int kGilChunks = 100'000;
constexpr int kSleepThreads = 8;
constexpr int kSleepRounds = 10;
// A thread that noted the time twice within this held the GIL in between (its notes come
// every few microseconds while it runs; a hand-over leaves a gap of milliseconds).
constexpr TimeNs kHeldGap = 200 * kNsPerUs;

struct Figures {
    double untracedCpuMs = 0;
    double tracedCpuMs = 0;
    double agreement = 0;      // share of instants with the right GIL holder drawn
    double slices = 0;         // Running slices of the two threads drawn
    double handOvers = 0;      // hand-overs between the two threads in the program's notes
    double switches = 0;       // CPython's own switch_number, over the notes' stretch
    double samplerShare = 0;   // the sampler's CPU over its wall time, 8 threads
    double sleepStartMaxMs = 0, sleepEndMaxMs = 0;
    double sleepsMatched = 0;  // share of the noted sleeps drawn as Blocked on I/O
};

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("the bench program wrote no " + path.filename().string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class Bench {
public:
    Bench(const PytraceBenchOptions& options, std::string python, std::string bootstrap,
          std::filesystem::path scratch, std::stop_token stop)
        : m_options(options), m_python(std::move(python)), m_bootstrap(std::move(bootstrap)),
          m_scratch(std::move(scratch)), m_stop(std::move(stop))
    {
    }

    Figures round(int k)
    {
        Figures f;
        const std::string gilScript = m_bootstrap + "/bench/gil_truth.py";
        const std::string sleepScript = m_bootstrap + "/bench/sleep_truth.py";

        // The same fixed work untraced, then traced (whose notes are the ground truth).
        const auto untracedOut = m_scratch / ("untraced-" + std::to_string(k) + ".json");
        f.untracedCpuMs = untracedCpuMs({gilScript, untracedOut.string(), std::to_string(kGilChunks)});
        const auto gilOut = m_scratch / ("gil-" + std::to_string(k) + ".json");
        const pytrace::PythonTraceResult gil
            = traced(gilScript, {gilOut.string(), std::to_string(kGilChunks)});
        f.tracedCpuMs = static_cast<double>(gil.status.cpuNs()) / static_cast<double>(kNsPerMs);
        const pytrace::Truth gilTruth = pytrace::parseTruth(readFile(gilOut));
        // Compared ten times per sampler period: compared once per period, the instants fall
        // at the same phase of every sweep and the figure swings with that phase (a boundary
        // half a period off is invisible when every instant sits on a sweep).
        const TimeNs step = kNsPerMs * 1000 / std::max(m_options.sampleHz, 1) / 10;
        const pytrace::GilAgreement agreement
            = pytrace::compareGilHolder(gil.trace, gilTruth, std::max<TimeNs>(step, kNsPerUs), kHeldGap);
        f.agreement = agreement.share();
        f.slices = static_cast<double>(agreement.slices);
        f.handOvers = static_cast<double>(agreement.handOvers);
        // CPython's count over the same stretch as the notes (the main thread's switches at
        // the threads' start and join fall outside it).
        std::vector<std::pair<TimeNs, std::uint64_t>> series;
        for (LaneId id = 0; id < static_cast<LaneId>(gil.trace.laneCount()); ++id)
            if (!gilTruth.threads.empty() && gil.trace.lane(id).tid == gilTruth.threads.front().tid)
                if (const auto it = gil.gilSwitchNumbers.find(gil.trace.lane(id).pid); it != gil.gilSwitchNumbers.end())
                    series = it->second;
        f.switches = static_cast<double>(pytrace::switchesBetween(series, agreement.from, agreement.to));
        if (!gil.gilRead)
            throw std::runtime_error(
                "the GIL of the bench program could not be read: "
                + (gil.notices.empty() ? "no sample read it at " + std::to_string(m_options.sampleHz)
                                             + " Hz before the program ended (try a higher --sample-hz)"
                                       : gil.notices.front()));

        const auto sleepOut = m_scratch / ("sleep-" + std::to_string(k) + ".json");
        const pytrace::PythonTraceResult sleep = traced(
            sleepScript, {sleepOut.string(), std::to_string(kSleepThreads), std::to_string(kSleepRounds)});
        f.samplerShare = sleep.sampler.wallNs > 0
            ? static_cast<double>(sleep.sampler.cpuNs) / static_cast<double>(sleep.sampler.wallNs)
            : 0.0;
        const pytrace::SleepAccuracy sleeps = pytrace::compareSleeps(sleep.trace, pytrace::parseTruth(readFile(sleepOut)));
        f.sleepStartMaxMs = static_cast<double>(sleeps.startErrorMax) / static_cast<double>(kNsPerMs);
        f.sleepEndMaxMs = static_cast<double>(sleeps.endErrorMax) / static_cast<double>(kNsPerMs);
        f.sleepsMatched = sleeps.sleeps == 0 ? 0.0 : static_cast<double>(sleeps.matched) / static_cast<double>(sleeps.sleeps);
        return f;
    }

private:
    double untracedCpuMs(std::vector<std::string> args)
    {
        SpawnOptions spawn;
        spawn.path = m_python;
        spawn.args = std::move(args);
        ChildProcess child = ChildProcess::spawn(spawn);
        child.reap();
        if (!child.status().succeeded())
            throw std::runtime_error("the untraced bench program " + child.status().describe());
        return static_cast<double>(child.status().cpuNs()) / static_cast<double>(kNsPerMs);
    }

    pytrace::PythonTraceResult traced(const std::string& script, std::vector<std::string> args)
    {
        pytrace::PythonTraceOptions run;
        run.python = m_python;
        run.script = script;
        run.args = std::move(args);
        run.bootstrapDir = m_bootstrap;
        run.sampleHz = m_options.sampleHz;
        run.timeout = std::chrono::seconds(120);
        run.calls = m_options.calls;
        pytrace::PythonTraceResult result = pytrace::tracePython(run, m_stop);
        if (m_stop.stop_requested())
            throw std::runtime_error("interrupted");
        if (result.outcome != pytrace::PythonTraceResult::Outcome::Finished || !result.status.succeeded())
            throw std::runtime_error("the traced bench program did not finish: "
                                     + (result.problem.empty() ? result.status.describe() : result.problem));
        return result;
    }

    const PytraceBenchOptions& m_options;
    std::string m_python;
    std::string m_bootstrap;
    std::filesystem::path m_scratch;
    std::stop_token m_stop;
};

struct ScratchDir {
    std::filesystem::path path;
    ScratchDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "interleave-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("cannot make a scratch folder in " + std::filesystem::temp_directory_path().string());
        path = pattern;
    }
    ~ScratchDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
};

// The interpreter itself rather than a launcher in front of it (pyenv's shims are shell
// scripts: their own CPU time would count against the untraced run).
std::string realInterpreter(const std::string& python)
{
    const std::string command = "'" + python + "' -c 'import sys; print(sys.executable)' 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr)
        return python;
    char line[4096] = {};
    const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
    ::pclose(pipe);
    std::string path = read ? std::string(line) : std::string();
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r'))
        path.pop_back();
    return !path.empty() && ::access(path.c_str(), X_OK) == 0 ? path : python;
}

std::string verdict(bool met)
{
    return met ? "meets" : "MISSES";
}

} // namespace

int runPytraceBench(const PytraceBenchOptions& options, CommandIo& io)
{
    const std::string found = pytrace::findExecutable(options.python);
    const std::string python = found.empty() || found.find('\'') != std::string::npos ? found : realInterpreter(found);
    if (python.empty()) {
        io.err << "interleave bench pytrace: no Python found as '" << options.python
               << "'; install python3 or pass --python PATH" << std::endl;
        return kExitFailure;
    }
    const std::string bootstrap = pytrace::findBootstrapDir(programDir());
    if (bootstrap.empty() || !std::filesystem::exists(bootstrap + "/bench/gil_truth.py")) {
        io.err << "interleave bench pytrace: the Python bootstrap and its bench programs were not found "
                  "(share/interleave/python beside the program)" << std::endl;
        return kExitFailure;
    }

    std::vector<Figures> rounds;
    try {
        ScratchDir scratch;
        InterruptStop interrupt;
        Bench bench(options, python, bootstrap, scratch.path, interrupt.token());
        for (int k = 0; k < options.repeat; ++k) {
            if (!options.json)
                io.err << "round " << (k + 1) << " of " << options.repeat << "..." << std::endl;
            rounds.push_back(bench.round(k));
        }
    } catch (const std::exception& e) {
        io.err << "interleave bench pytrace: " << e.what() << std::endl;
        return kExitFailure;
    }

    auto med = [&](double Figures::*field) {
        std::vector<double> v;
        for (const Figures& f : rounds)
            v.push_back(f.*field);
        return medianOf(v);
    };
    std::vector<double> overheads;
    for (const Figures& f : rounds)
        overheads.push_back(f.untracedCpuMs > 0 ? f.tracedCpuMs / f.untracedCpuMs : 0.0);
    const double overhead = medianOf(overheads);
    const double agreement = med(&Figures::agreement);
    const double slices = med(&Figures::slices);
    const double handOvers = med(&Figures::handOvers);
    const double switches = med(&Figures::switches);
    const double sliceError = switches > 0 ? std::abs(slices - switches) / switches : 1.0;
    const double sampler = med(&Figures::samplerShare);
    const double sleepError = std::max(med(&Figures::sleepStartMaxMs), med(&Figures::sleepEndMaxMs));
    const double matched = med(&Figures::sleepsMatched);

    std::ostream& out = io.out;
    if (options.json) {
        nlohmann::json j{{"rounds", options.repeat},
                         {"calls", options.calls},
                         {"sample_hz", options.sampleHz},
                         {"cpu_overhead", roundedTo3(overhead)},
                         {"untraced_cpu_ms", roundedTo3(med(&Figures::untracedCpuMs))},
                         {"traced_cpu_ms", roundedTo3(med(&Figures::tracedCpuMs))},
                         {"gil_agreement", roundedTo3(agreement)},
                         {"gil_slices_drawn", slices},
                         {"gil_switches_counted", switches},
                         {"gil_hand_overs_noted", handOvers},
                         {"sampler_cpu_share", roundedTo3(sampler)},
                         {"sleeps_matched", roundedTo3(matched)},
                         {"sleep_error_max_ms", roundedTo3(sleepError)}};
        out << j.dump() << "\n";
        return kExitOk;
    }
    out << std::fixed << std::setprecision(2);
    out << "Tracing real CPython (" << python << ")" << (options.calls ? " with calls recorded" : "") << ", "
        << options.sampleHz << " Hz, median of "
        << options.repeat << " round" << (options.repeat == 1 ? "" : "s") << ":\n";
    out << "  CPU of two CPU-bound threads, traced / untraced: " << overhead << "x ("
        << med(&Figures::tracedCpuMs) << " / " << med(&Figures::untracedCpuMs) << " ms; goal <= 1.10x: "
        << verdict(overhead <= 1.10) << ")\n";
    out << "  GIL holder drawn right: " << agreement * 100 << " % of instants (goal >= 90 %: "
        << verdict(agreement >= 0.90) << ")\n";
    out << "  GIL slices of the two threads drawn: " << std::setprecision(0) << slices << ", CPython counted "
        << switches << " switches (" << std::setprecision(1) << sliceError * 100 << " % apart; goal <= 5 %: "
        << verdict(sliceError <= 0.05) << "); the program noted " << std::setprecision(0) << handOvers
        << " hand-overs between its two threads (" << handOvers + 1 << " slices)\n";
    out << "  sampler CPU with " << kSleepThreads << " threads: " << sampler * 100
        << " % of one core (goal <= 10 %: " << verdict(sampler <= 0.10) << ")\n";
    out << "  sleeps drawn: " << matched * 100 << " %, ends at most " << std::setprecision(2) << sleepError
        << " ms off (goal <= 2 ms: " << verdict(sleepError <= 2.0 && matched >= 0.999) << ")\n";
    out.flush();
    return kExitOk;
}

} // namespace interleave::cli
