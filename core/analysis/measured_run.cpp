#include "analysis/measured_run.h"

namespace interleave {

int workersOf(const RunConfig& config) noexcept
{
    switch (config.model) {
    case Model::Sequential:
    case Model::Asyncio:
        return 1;
    case Model::Threads:
    case Model::Processes:
        return config.tasks;
    case Model::ThreadPool:
        return effectiveThreadWorkers(config);
    case Model::ProcessPool:
        return effectiveProcessWorkers(config);
    }
    return 1;
}

} // namespace interleave
