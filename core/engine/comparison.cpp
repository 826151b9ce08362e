#include "engine/comparison.h"

#include "workloads/workload.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace interleave {

std::vector<ComparisonRow> compareModels(const RunConfig& base, const std::vector<Model>& models,
                                         std::stop_token stop,
                                         const std::function<void(const ComparisonRow&)>& onRunDone,
                                         const RepeatOptions& repeat)
{
    if (repeat.repeat < 1 || repeat.repeat > kMaxRepeat)
        throw std::invalid_argument("repeat must be between 1 and " + std::to_string(kMaxRepeat));
    std::vector<Model> order{Model::Sequential};
    for (Model m : models) {
        if (std::find(order.begin(), order.end(), m) == order.end())
            order.push_back(m);
    }

    RunConfig config = base;
    if (config.iterationsPerMs <= 0)
        config.iterationsPerMs = calibrateIterationsPerMs();

    std::vector<std::vector<RunResult>> runs(order.size());
    std::vector<ComparisonRow> rows;
    RepeatedRun baseline;
    const auto completeRow = [&](std::size_t i) {
        RepeatedRun folded = foldRepeats(runs[i]);
        if (order[i] == Model::Sequential)
            baseline = folded;
        const SpeedupWithRange s = speedupAgainst(baseline, folded);
        ComparisonRow row {folded.result, s.median, folded.wall};
        row.wall.speedupLow = s.low;
        row.wall.speedupHigh = s.high;
        rows.push_back(std::move(row));
        if (onRunDone)
            onRunDone(rows.back());
    };

    const int total = repeat.repeat * static_cast<int>(order.size());
    int done = 0;
    for (int round = 0; round < repeat.repeat && !stop.stop_requested(); ++round) {
        for (std::size_t i = 0; i < order.size() && !stop.stop_requested(); ++i) {
            config.model = order[i];
            Recorder recorder(effectiveMaxSpans(config));
            runs[i].push_back(runModel(config, recorder, stop));
            if (repeat.onProgress)
                repeat.onProgress(++done, total);
            // The last round completes the rows one by one: the baseline runs first in each.
            if (round + 1 == repeat.repeat)
                completeRow(i);
        }
    }
    // Stopped early: what ran still makes a row.
    for (std::size_t i = rows.size(); i < order.size(); ++i) {
        if (!runs[i].empty())
            completeRow(i);
    }
    return rows;
}

} // namespace interleave
