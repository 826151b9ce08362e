// interleave-worker: the child process the processes and process_pool models spawn.
//
// The parent starts it with posix_spawn and passes everything on the command line (see
// ProcessWorkerOptions); it writes worker_protocol frames to --records-fd and, in pool mode,
// reads commands from --commands-fd. Exit codes are worker_protocol::kExit*; any message
// for a human goes to stderr, which the parent captures.

#include "engine/process_worker_options.h"
#include "engine/worker_protocol.h"
#include "process_worker.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    using namespace interleave;
    ProcessWorkerOptions options;
    try {
        options = parseWorkerArguments(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "interleave-worker: %s\n", e.what());
        return worker_protocol::kExitUsage;
    }
    try {
        ProcessWorker worker(options);
        return worker.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "interleave-worker %d: %s\n", options.index, e.what());
        return worker_protocol::kExitError;
    }
}
