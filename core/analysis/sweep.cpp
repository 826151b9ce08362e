#include "analysis/sweep.h"

#include "workloads/workload.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

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
    std::stop_token stop, const std::function<void(const MeasuredRun&)>& onRunDone)
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

    std::vector<MeasuredRun> runs;
    TimeNs baseline = 0;
    for (int n : order) {
        if (stop.stop_requested())
            break;
        MeasuredRun run {"sweep", withWorkers(calibrated, n), {}, 0};
        Recorder recorder;
        run.result = runModel(run.config, recorder, stop);
        const bool clean = !run.result.cancelled && run.result.errors.empty() && run.result.wallNs > 0;
        if (n == 1 && clean)
            baseline = run.result.wallNs;
        if (baseline > 0 && clean)
            run.speedup = static_cast<double>(baseline) / static_cast<double>(run.result.wallNs);
        runs.push_back(std::move(run));
        if (onRunDone)
            onRunDone(runs.back());
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

} // namespace interleave
