#include "pytrace/python_session.h"

// How a traced run ended, in the words the window and the command line show: the outcome
// line, and what recording the calls costs on the Python that ran.

#include "trace/duration_text.h"

#include <cctype>
#include <cstdlib>

namespace interleave::pytrace {

std::string callsCostNote(const std::string& pythonVersion)
{
    // Measured with `interleave trace --json [--calls]` on two threads that each call
    // compute(n) = sum(i * i for i in range(n)) and a plain loop, CPU time with --calls over
    // without, three alternating pairs per version on a loaded 2-core machine: 3.11 3.9x to
    // 5.1x (sys.setprofile sees every resumption of the generator, though only compute is
    // recorded); 3.12 and 3.13 0.7x to 1.6x, no difference beyond the noise (sys.monitoring
    // switches itself off for every function it does not record).
    int minor = 0;
    if (pythonVersion.starts_with("3."))
        minor = std::atoi(pythonVersion.c_str() + 2);
    if (minor >= 12)
        return "Function calls were recorded with sys.monitoring, which leaves other code alone: "
               "no slowdown measured beyond noise (a CPU-bound example, CPython 3.12 and 3.13).";
    return "Function calls were recorded with sys.setprofile, which sees every call: about 4.5x the CPU "
           "time on a CPU-bound example with a generator (3.9x to 5.1x, CPython 3.11).";
}

std::string describeOutcome(const PythonTraceResult& result, const std::string& scriptName)
{
    using Outcome = PythonTraceResult::Outcome;
    std::string where;
    if (result.error && result.error->scriptLine > 0)
        where = " (line " + std::to_string(result.error->scriptLine) + ")";
    switch (result.outcome) {
    case Outcome::PythonMissing:
    case Outcome::CouldNotStart: {
        std::string problem = result.problem;
        if (!problem.empty())
            problem[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(problem[0])));
        return problem + ".";
    }
    case Outcome::TimedOut:
        return "Stopped at the time limit after " + secondsText(result.wallNs) + "; the timeline shows what ran.";
    case Outcome::Stopped:
        return "Stopped after " + secondsText(result.wallNs) + "; the timeline shows what ran until then.";
    case Outcome::Finished:
        break;
    }
    const ChildStatus& status = result.status;
    if (result.error && result.error->syntax && !status.succeeded())
        return scriptName + " did not run: line " + std::to_string(result.error->scriptLine) + " has an error: "
            + result.error->message + ".";
    std::string text;
    if (status.kind == ChildStatus::Kind::Exited)
        text = "Exited with status " + std::to_string(status.exitCode) + " after " + secondsText(result.wallNs);
    else
        text = "The program " + status.describe() + " after " + secondsText(result.wallNs);
    if (result.error) {
        if (!result.error->thread.empty())
            text += "; thread " + result.error->thread + " failed";
        else if (!result.error->process.empty())
            text += "; process " + result.error->process + " failed";
        text += ": " + result.error->message + where;
    }
    return text + ".";
}

} // namespace interleave::pytrace
