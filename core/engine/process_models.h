#pragma once

#include "engine/engine.h"

namespace interleave {

// The processes and process_pool models: real child processes spawned from the worker
// executable (posix_spawn, never fork), their records streamed back over a pipe and merged
// into the recorder on the shared clock. Called by runModel for those two models.
RunResult runProcessModel(const RunConfig& config, Recorder& recorder, std::stop_token stop);

} // namespace interleave
