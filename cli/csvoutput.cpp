#include "cli/csvoutput.h"

#include "analysis/csv.h"
#include "io/output_file.h"

#include <ostream>

namespace interleave::cli {

std::optional<std::string> csvPathProblem(const std::string& path)
{
    if (path.empty())
        return std::string("--csv needs a file name");
    return outputPathProblem(path);
}

bool writeRunsCsv(
    const std::string& path, std::span<const MeasuredRun> runs, std::ostream& out, std::string& error)
{
    const std::string text = measuredRunsCsv(runs);
    if (path == "-") {
        out << text << std::flush;
        return true;
    }
    try {
        writeOutputFile(path, text);
    } catch (const OutputFileError& e) {
        error = e.what();
        return false;
    }
    return true;
}

} // namespace interleave::cli
