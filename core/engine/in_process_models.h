#pragma once

#include "engine/model_run.h"

namespace interleave {

// The models whose every lane lives in this process. Each returns once all of its threads are
// joined, every lane it created has ended (Done or Failed), and run.result() is final.
void runSequentialModel(ModelRun& run);
void runThreadsModel(ModelRun& run);
void runThreadPoolModel(ModelRun& run);
void runAsyncioModel(ModelRun& run);

} // namespace interleave
