#include "engine/comparison.h"

#include "workloads/workload.h"

#include <algorithm>

namespace interleave {

std::vector<ComparisonRow> compareModels(const RunConfig& base, const std::vector<Model>& models,
                                         std::stop_token stop,
                                         const std::function<void(const ComparisonRow&)>& onRunDone)
{
    std::vector<Model> order{Model::Sequential};
    for (Model m : models) {
        if (std::find(order.begin(), order.end(), m) == order.end())
            order.push_back(m);
    }

    RunConfig config = base;
    if (config.iterationsPerMs <= 0)
        config.iterationsPerMs = calibrateIterationsPerMs();

    std::vector<ComparisonRow> rows;
    TimeNs baseline = 0;
    for (Model model : order) {
        if (stop.stop_requested())
            break;
        config.model = model;
        Recorder recorder;
        ComparisonRow row{runModel(config, recorder, stop), 0};
        if (model == Model::Sequential && !row.result.cancelled)
            baseline = row.result.wallNs;
        if (baseline > 0 && row.result.wallNs > 0 && !row.result.cancelled)
            row.speedup = static_cast<double>(baseline) / static_cast<double>(row.result.wallNs);
        rows.push_back(std::move(row));
        if (onRunDone)
            onRunDone(rows.back());
    }
    return rows;
}

} // namespace interleave
