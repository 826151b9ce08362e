#include "engine/process_models.h"

#include "engine/process_model_run.h"
#include "workloads/workload.h"

#include <cerrno>
#include <cstring>
#include <limits.h>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace interleave {

namespace {

constexpr const char* kWorkerName = "interleave-worker";

#ifndef INTERLEAVE_WORKER_FROM_BIN
#define INTERLEAVE_WORKER_FROM_BIN "../libexec/interleave"
#endif

// The worker lives beside the running program in the build tree, and in libexec/interleave/
// of an installed one (bin/../libexec/interleave, wherever the prefix). /proc/self/exe rather
// than argv[0]: it is right whatever the current directory and however the program started.
std::string resolveWorkerPath(const RunConfig& config)
{
    std::vector<std::string> candidates;
    if (!config.workerPath.empty()) {
        candidates.push_back(config.workerPath);
    } else {
        char buffer[PATH_MAX];
        const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
        if (n <= 0)
            throw std::runtime_error(std::string("cannot locate ") + kWorkerName
                                     + ": /proc/self/exe is unreadable (" + std::strerror(errno) + ")");
        const std::string exe(buffer, static_cast<std::size_t>(n));
        const auto slash = exe.rfind('/');
        const std::string dir = slash == std::string::npos ? std::string(".") : exe.substr(0, slash);
        candidates.push_back(dir + "/" + kWorkerName);
        candidates.push_back(dir + "/" INTERLEAVE_WORKER_FROM_BIN "/" + kWorkerName);
    }
    // Checked here so that a missing worker is one clear error before anything starts, rather
    // than a spawn failure per child.
    int firstError = 0;
    for (const std::string& path : candidates) {
        if (::access(path.c_str(), X_OK) == 0)
            return path;
        if (firstError == 0)
            firstError = errno;
    }
    std::string tried = candidates.front();
    for (std::size_t i = 1; i < candidates.size(); ++i)
        tried += " or " + candidates[i];
    throw std::runtime_error("the process worker " + tried + " is missing or not executable ("
                             + std::strerror(firstError) + "); the processes and process_pool models need it");
}

} // namespace

RunResult runProcessModel(const RunConfig& config, Recorder& recorder, std::stop_token stop)
{
    if (config.model != Model::Processes && config.model != Model::ProcessPool)
        throw std::invalid_argument("runProcessModel runs the processes and process_pool models only");
    if (const auto why = validate(config))
        throw std::invalid_argument(*why);
    const std::string workerPath = resolveWorkerPath(config);

    // One calibration for the whole run, passed to every child: each does the same number of
    // kernel iterations, so "work-ms" means the same work in every process.
    double iterationsPerMs = config.iterationsPerMs;
    if (!(iterationsPerMs > 0) && config.workload != WorkloadKind::Io)
        iterationsPerMs = calibrateIterationsPerMs();
    if (!(iterationsPerMs > 0) && config.processStart == ProcessStart::Python && config.processStartMs > 0)
        iterationsPerMs = calibrateIterationsPerMs();

    ProcessModelRun run(config, recorder, std::move(stop), workerPath, iterationsPerMs);
    return run.run();
}

} // namespace interleave
