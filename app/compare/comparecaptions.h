#pragma once

#include "analysis/amdahl.h"
#include "engine/run_config.h"

#include <QString>

namespace interleave {

// Why a model's bar is where it is, in a line a class can read off the screen: what the
// model does with this kind of work (and the GIL), not the figure itself.
QString compareCaption(Model model, WorkloadKind workload, bool gil);

// What a fitted Amdahl fraction means, e.g. "p = 0.93: 93% of the run is parallel; no number
// of workers makes it more than 14× as fast".
QString amdahlCaption(double parallelFraction);

// What the fit with a start-up cost says: the serial fraction, the cost per worker, and which
// of the two holds the speedup back at the largest pool, e.g. "Serial fraction 2 %; starting a
// worker costs 35 ms. At 8 workers the start-ups (280 ms) cost more than the serial part
// (20 ms): they, not serial work, bend the curve".
QString startupFitCaption(const StartupAmdahlFit& fit);

} // namespace interleave
