#include "cli/tracesave.h"

#include "cli/commandline.h"
#include "cli/interruptstop.h"

#include "trace/chrome_trace.h"

#include <chrono>
#include <cstdio>
#include <ostream>
#include <unistd.h>

namespace interleave::cli {

int saveCommandTrace(const Trace& trace, const std::string& path, const InterruptStop& interrupt,
    std::string_view command, std::ostream& err)
{
    using Clock = std::chrono::steady_clock;
    // Signals that stopped the run came before this: only a new one stops the writing.
    const int signalsBefore = interrupt.signalCount();
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    const Clock::time_point begin = Clock::now();
    Clock::time_point shown = begin;
    bool showing = false;
    const auto progress = [&](std::size_t written, std::size_t total) {
        if (interrupt.signalCount() != signalsBefore)
            return false;
        if (terminal) {
            const Clock::time_point now = Clock::now();
            if (now - begin >= std::chrono::seconds(1)
                && (!showing || now - shown >= std::chrono::milliseconds(200))) {
                char line[120];
                std::snprintf(line, sizeof line,
                    "\rinterleave %.*s: writing the trace, %3.0f%% (Ctrl+C stops)",
                    static_cast<int>(command.size()), command.data(),
                    total > 0 ? 100.0 * static_cast<double>(written) / static_cast<double>(total) : 100.0);
                err << line << std::flush;
                shown = now;
                showing = true;
            }
        }
        return true;
    };
    try {
        saveChromeTrace(trace, path, progress);
    } catch (const ChromeTraceStopped&) {
        if (showing)
            err << "\n";
        err << "interleave " << command << ": stopped while writing the trace to " << path
            << " (a file there keeps what it held)" << std::endl;
        return interrupt.exitStatus();
    } catch (const std::exception& e) {
        if (showing)
            err << "\n";
        err << "interleave " << command << ": " << e.what() << std::endl;
        return kExitFailure;
    }
    if (showing)
        err << "\n" << std::flush;
    return kExitOk;
}

} // namespace interleave::cli
