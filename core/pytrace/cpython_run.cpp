#include "pytrace/cpython_run.h"

#include "analysis/repeat_stats.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace interleave::pytrace {

ProgramFolder::ProgramFolder()
{
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/interleave-programs-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::system_error(errno, std::generic_category(), "cannot make a folder for the Python programs");
    m_path = pattern;
}

ProgramFolder::~ProgramFolder()
{
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string ProgramFolder::write(const PythonProgram& program) const
{
    const std::string path = m_path + "/" + program.fileName;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << program.source;
    file.flush();
    if (!file)
        throw std::runtime_error("cannot write " + path);
    return path;
}

CPythonProgramRun runProgramInCPython(const RunConfig& config, const PythonTraceOptions& base,
                                      const ProgramFolder& folder, std::stop_token stop)
{
    CPythonProgramRun run;
    run.program = pythonProgramFor(config);
    if (run.program.refusal) {
        run.problem = run.program.refusal;
        return run;
    }
    PythonTraceOptions options = base;
    options.script = folder.write(run.program);
    options.args.clear();
    options.captureOutput = true;
    options.passStdin = false;
    run.traced = tracePython(options, std::move(stop));
    using Outcome = PythonTraceResult::Outcome;
    switch (run.traced.outcome) {
    case Outcome::Finished:
        if (!run.traced.status.succeeded()) {
            run.problem = describeOutcome(run.traced, run.program.fileName);
            return run;
        }
        run.wallMs = programWallMs(run.traced.output);
        if (!run.wallMs)
            run.problem = run.program.fileName + " ended without printing its wall time.";
        return run;
    case Outcome::TimedOut:
    case Outcome::Stopped:
    case Outcome::PythonMissing:
    case Outcome::CouldNotStart:
        run.problem = describeOutcome(run.traced, run.program.fileName);
        return run;
    }
    return run;
}

CPythonWall foldCPythonWalls(const std::vector<double>& wallsMs)
{
    CPythonWall wall;
    if (wallsMs.empty())
        return wall;
    wall.runs = static_cast<int>(wallsMs.size());
    wall.wallMs = medianOf(wallsMs);
    wall.wallMsMin = *std::min_element(wallsMs.begin(), wallsMs.end());
    wall.wallMsMax = *std::max_element(wallsMs.begin(), wallsMs.end());
    return wall;
}

} // namespace interleave::pytrace
