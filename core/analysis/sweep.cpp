#include "analysis/sweep.h"

#include "workloads/workload.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <thread>

namespace interleave {

namespace {

int parseCount(std::string_view part, std::string_view whole)
{
    int v = 0;
    const auto r = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || r.ec != std::errc {} || r.ptr != part.data() + part.size())
        throw std::invalid_argument(
            "workers '" + std::string(whole) + "': '" + std::string(part) + "' is not a whole number");
    if (v < 1 || v > kMaxSweepWorkers)
        throw std::invalid_argument("workers '" + std::string(whole) + "': " + std::to_string(v)
            + " is outside 1.." + std::to_string(kMaxSweepWorkers));
    return v;
}

} // namespace

std::vector<int> parseWorkerList(std::string_view text)
{
    std::vector<int> counts;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view part = text.substr(start, end - start);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        const auto dash = part.find('-');
        if (dash == std::string_view::npos) {
            counts.push_back(parseCount(part, text));
        } else {
            const int from = parseCount(part.substr(0, dash), text);
            const int to = parseCount(part.substr(dash + 1), text);
            if (to < from)
                throw std::invalid_argument(
                    "workers '" + std::string(text) + "': the range '" + std::string(part) + "' goes down");
            for (int n = from; n <= to; ++n)
                counts.push_back(n);
        }
        start = end + 1;
    }
    std::sort(counts.begin(), counts.end());
    counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
    return counts;
}

RunConfig withWorkers(const RunConfig& base, int workers)
{
    RunConfig c = base;
    if (c.model == Model::ThreadPool)
        c.threadWorkers = workers;
    else if (c.model == Model::ProcessPool)
        c.processWorkers = workers;
    return c;
}

std::vector<MeasuredRun> sweepWorkers(const RunConfig& base, const std::vector<int>& workers,
    std::stop_token stop, const std::function<void(const MeasuredRun&)>& onRunDone, const RepeatOptions& repeat)
{
    if (!hasWorkerCount(base.model))
        throw std::invalid_argument("a workers sweep needs a pool: thread_pool or process_pool, not "
            + std::string(modelName(base.model)));
    std::vector<int> order {1};
    for (int n : workers) {
        if (n < 1 || n > kMaxSweepWorkers)
            throw std::invalid_argument("workers must be between 1 and " + std::to_string(kMaxSweepWorkers));
        if (std::find(order.begin(), order.end(), n) == order.end())
            order.push_back(n);
    }
    for (int n : order) {
        if (auto why = validate(withWorkers(base, n)))
            throw std::invalid_argument(*why);
    }

    RunConfig calibrated = base;
    if (calibrated.iterationsPerMs <= 0)
        calibrated.iterationsPerMs = calibrateIterationsPerMs();

    if (repeat.repeat < 1 || repeat.repeat > kMaxRepeat)
        throw std::invalid_argument("repeat must be between 1 and " + std::to_string(kMaxRepeat));

    std::vector<std::vector<RunResult>> results(order.size());
    std::vector<MeasuredRun> runs;
    RepeatedRun baseline;
    const auto completePoint = [&](std::size_t i) {
        RepeatedRun folded = foldRepeats(results[i]);
        if (order[i] == 1)
            baseline = folded;
        const SpeedupWithRange s = speedupAgainst(baseline, folded);
        MeasuredRun run {"sweep", withWorkers(calibrated, order[i]), folded.result, s.median, folded.wall, std::nullopt};
        run.wall.speedupLow = s.low;
        run.wall.speedupHigh = s.high;
        runs.push_back(std::move(run));
        if (onRunDone)
            onRunDone(runs.back());
    };

    const int total = repeat.repeat * static_cast<int>(order.size());
    int done = 0;
    for (int round = 0; round < repeat.repeat && !stop.stop_requested(); ++round) {
        for (std::size_t i = 0; i < order.size() && !stop.stop_requested(); ++i) {
            Recorder recorder(effectiveMaxSpans(calibrated));
            results[i].push_back(runModel(withWorkers(calibrated, order[i]), recorder, stop));
            if (repeat.onProgress)
                repeat.onProgress(++done, total);
            // The last round completes the points one by one: one worker runs first in each.
            if (round + 1 == repeat.repeat)
                completePoint(i);
        }
    }
    // Stopped early: what ran still makes a point.
    for (std::size_t i = runs.size(); i < order.size(); ++i) {
        if (!results[i].empty())
            completePoint(i);
    }
    return runs;
}

std::vector<SpeedupSample> speedupSamples(const std::vector<MeasuredRun>& sweep)
{
    std::vector<SpeedupSample> samples;
    for (const MeasuredRun& run : sweep) {
        if (run.speedup > 0)
            samples.push_back({static_cast<double>(workersOf(run.config)), run.speedup});
    }
    return samples;
}

double sweepCoreLimit(const RunConfig& config)
{
    if (config.workload != WorkloadKind::Cpu)
        return 0;
    if (config.model == Model::ThreadPool && config.gil)
        return 0;
    return static_cast<double>(std::max(1u, std::thread::hardware_concurrency()));
}

std::vector<TimeSample> timeSamples(const std::vector<MeasuredRun>& sweep)
{
    std::vector<TimeSample> samples;
    for (const MeasuredRun& run : sweep) {
        const double n = static_cast<double>(workersOf(run.config));
        for (TimeNs wall : run.wall.allNs)
            samples.push_back({n, static_cast<double>(wall) / 1e6});
    }
    return samples;
}

} // namespace interleave
