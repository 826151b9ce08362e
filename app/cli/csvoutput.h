#pragma once

#include "analysis/measured_run.h"

#include <iosfwd>
#include <optional>
#include <span>
#include <string>

namespace interleave::cli {

// Writes the runs as CSV (analysis/csv.h) to `path`, or to `out` when path is "-". The file is
// written whole to a temporary beside it and renamed over the target, so a failure leaves
// what was there. Returns false with the reason in `error` (naming the path) otherwise.
// Why a CSV could not be written to `path` (its folder missing or not writable, or the path a
// folder), checked before the runs so that minutes of measuring are not lost; nullopt when
// it can be, and for "-".
std::optional<std::string> csvPathProblem(const std::string& path);

bool writeRunsCsv(
    const std::string& path, std::span<const MeasuredRun> runs, std::ostream& out, std::string& error);

} // namespace interleave::cli
