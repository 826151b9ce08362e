#pragma once

#include "analysis/measured_run.h"

#include <iosfwd>
#include <optional>
#include <span>
#include <string>

namespace interleave::cli {

// Why a CSV could not be written to `path` (its folder missing or not writable, or the path a
// folder), checked before the runs so that minutes of measuring are not lost; nullopt when
// it can be, and for "-".
std::optional<std::string> csvPathProblem(const std::string& path);

// Writes the runs as CSV (analysis/csv.h) to `path` as io/output_file.h says (a regular file
// replaced whole by rename or left as it was, a device or FIFO written in place), or to `out`
// when path is "-". Returns false with the reason in `error` (naming the path) otherwise.
bool writeRunsCsv(
    const std::string& path, std::span<const MeasuredRun> runs, std::ostream& out, std::string& error);

} // namespace interleave::cli
