#include "analysis/analysis_job.h"

#include "analysis/sweep.h"
#include "engine/comparison.h"
#include "workloads/workload.h"

#include <algorithm>
#include <stdexcept>

namespace interleave {

namespace {

std::vector<Model> compareOrder(const std::vector<Model>& models)
{
    std::vector<Model> order {Model::Sequential};
    for (Model m : models) {
        if (std::find(order.begin(), order.end(), m) == order.end())
            order.push_back(m);
    }
    return order;
}

std::vector<int> sweepOrder(const std::vector<int>& workers)
{
    std::vector<int> order {1};
    for (int n : workers) {
        if (std::find(order.begin(), order.end(), n) == order.end())
            order.push_back(n);
    }
    return order;
}

std::string boundName(WorkloadKind w)
{
    switch (w) {
    case WorkloadKind::Cpu:
        return "CPU-bound";
    case WorkloadKind::Io:
        return "I/O-bound";
    case WorkloadKind::Mixed:
        return "mixed";
    }
    return {};
}

} // namespace

AnalysisJob::AnalysisJob(std::vector<Step> steps)
    : m_steps(std::move(steps))
    , m_plan(plan(m_steps))
{
}

std::vector<std::string> AnalysisJob::plan(const std::vector<Step>& steps)
{
    std::vector<std::string> labels;
    for (const Step& step : steps) {
        for (int round = 1; round <= std::max(step.repeat, 1); ++round) {
            const std::string of = step.repeat > 1
                ? " (round " + std::to_string(round) + " of " + std::to_string(step.repeat) + ")"
                : std::string();
            if (step.kind == Step::Kind::Compare) {
                for (Model m : compareOrder(step.models))
                    labels.push_back(std::string(modelName(m)) + ", " + boundName(step.config.workload) + of);
            } else {
                for (int n : sweepOrder(step.workers))
                    labels.push_back(std::string(modelName(step.config.model)) + ", " + std::to_string(n)
                        + (n == 1 ? " worker" : " workers") + of);
            }
        }
    }
    return labels;
}

void AnalysisJob::start()
{
    if (m_job.started())
        throw std::logic_error("AnalysisJob::start called twice");
    for (const Step& step : m_steps) {
        if (step.repeat < 1 || step.repeat > kMaxRepeat)
            throw std::invalid_argument("repeat must be between 1 and " + std::to_string(kMaxRepeat));
        if (step.kind == Step::Kind::Compare) {
            for (Model m : compareOrder(step.models)) {
                RunConfig c = step.config;
                c.model = m;
                if (auto why = validate(c))
                    throw std::invalid_argument(*why);
            }
        } else {
            if (!hasWorkerCount(step.config.model))
                throw std::invalid_argument("a workers sweep needs thread_pool or process_pool");
            for (int n : sweepOrder(step.workers)) {
                if (n < 1 || n > kMaxSweepWorkers)
                    throw std::invalid_argument(
                        "workers must be between 1 and " + std::to_string(kMaxSweepWorkers));
                if (auto why = validate(withWorkers(step.config, n)))
                    throw std::invalid_argument(*why);
            }
        }
    }
    m_job.setProgressTotal(static_cast<std::int64_t>(m_plan.size()));
    m_job.start([this](std::stop_token stop) { body(std::move(stop)); });
}

// What this throws ends the job with the message as its error(); the runs so far stay.
void AnalysisJob::body(std::stop_token stop)
{
    const auto publish = [this](MeasuredRun run) {
        m_runs.update([&](std::vector<MeasuredRun>& runs) { runs.push_back(std::move(run)); });
    };
    // One calibration for every step, so a compute task is the same work in all of them.
    const double iterationsPerMs = calibrateIterationsPerMs();
    for (const Step& step : m_steps) {
        if (stop.stop_requested())
            break;
        RunConfig config = step.config;
        if (config.iterationsPerMs <= 0)
            config.iterationsPerMs = iterationsPerMs;
        RepeatOptions repeat;
        repeat.repeat = step.repeat;
        repeat.onProgress = [this](int, int) { m_job.advanceProgress(); };
        if (step.kind == Step::Kind::Compare) {
            compareModels(
                config, step.models, stop,
                [&](const ComparisonRow& row) {
                    RunConfig ran = config;
                    ran.model = row.result.model;
                    publish({"compare", ran, row.result, row.speedup, row.wall, std::nullopt});
                },
                repeat);
        } else {
            sweepWorkers(config, step.workers, stop, [&](const MeasuredRun& run) { publish(run); }, repeat);
        }
    }
}

AnalysisJob::Progress AnalysisJob::progress() const
{
    const JobProgress counted = m_job.progress();
    Progress p;
    p.total = static_cast<int>(m_plan.size());
    p.done = static_cast<int>(counted.done);
    if (!finished() && p.done < p.total)
        p.current = m_plan[static_cast<std::size_t>(p.done)];
    return p;
}

} // namespace interleave
