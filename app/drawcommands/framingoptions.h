#pragma once

#include "export/timelineframing.h"

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace interleave::cli {

// The framing options of the commands that draw a timeline (screenshot, animate), as given.
struct FramingOptions {
    std::optional<double> fromMs;
    std::optional<double> toMs;
    std::vector<std::string> lanes;
    std::string title;
    std::string caption;
    std::string legend = "on";
    // --from-trace: draw a saved run (Chrome trace JSON) instead of running one.
    std::string fromTrace;

    // True when any option that frames the picture was given (not --from-trace).
    bool any() const;
};

void addFramingOptions(CLI::App& command, FramingOptions& options);

// The framing they ask for; the time options become nanoseconds (the trace-dependent checks
// are framingProblem()'s). nullopt with *problem set for a value no trace could take.
std::optional<TimelineFraming> framingFrom(const FramingOptions& options, std::string* problem);

} // namespace interleave::cli
