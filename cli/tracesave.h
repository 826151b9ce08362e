#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

namespace interleave {
class Trace;
}

namespace interleave::cli {

class InterruptStop;

// Writes a command's --trace file (trace/chrome_trace.h, io/output_file.h). SIGINT or SIGTERM
// arriving while it writes stops it within milliseconds: the temporary file is removed, the
// old target left as it was. On a terminal, progress is shown on err once the write has taken
// a second. Returns 0 when written; otherwise says why on err (prefixed "interleave
// <command>: ") and returns the exit status: 130 (SIGINT) or 143 (SIGTERM) when stopped,
// kExitFailure when the file could not be written.
int saveCommandTrace(const Trace& trace, const std::string& path, const InterruptStop& interrupt,
    std::string_view command, std::ostream& err);

} // namespace interleave::cli
