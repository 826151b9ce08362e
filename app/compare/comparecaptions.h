#pragma once

#include "engine/run_config.h"

#include <QString>

namespace interleave {

// Why a model's bar is where it is, in a line a class can read off the screen: what the
// model does with this kind of work (and the GIL), not the figure itself.
QString compareCaption(Model model, WorkloadKind workload, bool gil);

// What a fitted Amdahl fraction means, e.g. "p = 0.93: 93% of the run is parallel; no number
// of workers makes it more than 14× as fast".
QString amdahlCaption(double parallelFraction);

} // namespace interleave
