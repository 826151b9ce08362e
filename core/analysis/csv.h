#pragma once

#include "analysis/measured_run.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// RFC 4180: a field is quoted when it holds a comma, a double quote, CR or LF; quotes inside
// are doubled. Everything else is written as is.
std::string csvField(std::string_view field);
// The fields joined by commas, ended by CRLF.
std::string csvRecord(const std::vector<std::string>& fields);

// The inverse, for checking what was written and for reading results back: records split on
// CRLF or LF, quoted fields may hold commas, quotes and line breaks. Throws
// std::invalid_argument (with the 1-based line) for an unterminated quoted field or text
// after a closing quote.
std::vector<std::vector<std::string>> parseCsv(std::string_view text);

// The columns every results file has, in order.
const std::vector<std::string>& measuredRunColumns();

// The columns added when some run also ran in CPython (MeasuredRun::python), after the others.
const std::vector<std::string>& cpythonColumns();

// A header and one record per run: experiment, workload, model, tasks, workers, gil,
// latency_ms, work_ms, wall_ms (the median), runs, wall_ms_min, wall_ms_max, cpu_ms,
// gil_wait_ms, speedup, cancelled, errors, then cpythonColumns() when a run has them. Times in
// milliseconds with three decimals and a '.' whatever the locale; errors joined by "; ".
std::string measuredRunsCsv(std::span<const MeasuredRun> runs);

} // namespace interleave
