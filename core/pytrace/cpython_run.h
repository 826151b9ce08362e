#pragma once

#include "analysis/measured_run.h"
#include "engine/run_config.h"
#include "pytrace/python_program.h"
#include "pytrace/python_session.h"

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace interleave::pytrace {

// A folder of its own under $TMPDIR (or /tmp) for the programs written for a run of
// configurations, removed with everything in it when this goes.
class ProgramFolder {
public:
    ProgramFolder(); // throws std::system_error when no folder can be made
    ~ProgramFolder();
    ProgramFolder(const ProgramFolder&) = delete;
    ProgramFolder& operator=(const ProgramFolder&) = delete;

    const std::string& path() const noexcept { return m_path; }
    // Writes the program as path()/program.fileName and returns that path; throws
    // std::runtime_error when it cannot be written.
    std::string write(const PythonProgram& program) const;

private:
    std::string m_path;
};

// One traced run of the program written for a configuration.
struct CPythonProgramRun {
    PythonProgram program;
    PythonTraceResult traced;        // outcome Finished and a wall time: a run that counts
    std::optional<double> wallMs;    // as the program printed it
    std::optional<std::string> problem; // one sentence when there is no wall time
};

// Writes the program for `config` into `folder` and traces it as `interleave trace` would
// (base's python, bootstrap directory, sample rate and timeout; its output captured). Blocks
// until the program has ended or `stop` ended it.
CPythonProgramRun runProgramInCPython(const RunConfig& config, const PythonTraceOptions& base,
                                      const ProgramFolder& folder, std::stop_token stop);

// Several wall times of one program folded as the engine's repetitions are: the median, the
// smallest and the largest. runs = 0 (and the rest 0) for none.
CPythonWall foldCPythonWalls(const std::vector<double>& wallsMs);

} // namespace interleave::pytrace
