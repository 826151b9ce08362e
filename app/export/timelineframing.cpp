#include "export/timelineframing.h"

#include "trace/duration_text.h"

#include <algorithm>

namespace interleave {
namespace {

// "1.5" for 1.5 ms, as the options are written.
std::string msText(TimeNs ns)
{
    std::string text = fixedText(ns, kNsPerMs, 3);
    while (text.find('.') != std::string::npos && (text.back() == '0' || text.back() == '.'))
        text.pop_back();
    return text;
}

} // namespace

FramedWindow framedWindow(const Trace& trace, const TimelineFraming& framing)
{
    FramedWindow window {trace.startTime(), trace.endTime()};
    if (framing.from) {
        window.start = trace.startTime() + *framing.from;
        window.explicitStart = true;
    }
    if (framing.to) {
        window.end = trace.startTime() + *framing.to;
        window.explicitEnd = true;
    }
    return window;
}

std::optional<std::set<LaneId>> framedLanes(const Trace& trace, const TimelineFraming& framing, std::string* problem)
{
    const auto refuse = [&](std::string text) -> std::optional<std::set<LaneId>> {
        if (problem)
            *problem = std::move(text);
        return std::nullopt;
    };
    if (framing.from && *framing.from < 0)
        return refuse("--from-ms must be 0 or more, not " + msText(*framing.from));
    if (framing.from && framing.to && *framing.to <= *framing.from)
        return refuse("--to-ms (" + msText(*framing.to) + ") must be after --from-ms (" + msText(*framing.from) + ")");
    if (framing.to && *framing.to <= 0)
        return refuse("--to-ms must be more than 0, not " + msText(*framing.to));
    if (framing.from && *framing.from >= trace.duration())
        return refuse("--from-ms " + msText(*framing.from) + " is at or after the end of the run, which lasted "
            + msText(trace.duration()) + " ms");

    std::set<LaneId> lanes;
    const auto count = static_cast<LaneId>(trace.laneCount());
    if (framing.lanes.empty()) {
        for (LaneId id = 0; id < count; ++id)
            lanes.insert(id);
        return lanes;
    }
    for (const std::string& name : framing.lanes) {
        bool found = false;
        for (LaneId id = 0; id < count; ++id) {
            if (trace.lane(id).name == name) {
                lanes.insert(id);
                found = true;
            }
        }
        if (!found) {
            std::string names;
            std::set<std::string> seen;
            for (LaneId id = 0; id < count; ++id) {
                const std::string& laneName = trace.lane(id).name;
                if (laneName.empty() || !seen.insert(laneName).second)
                    continue;
                if (seen.size() > 12) {
                    names += ", ...";
                    break;
                }
                names += (names.empty() ? "" : ", ") + laneName;
            }
            return refuse("--lanes: no lane is named '" + name + "' (the lanes: " + names + ")");
        }
    }
    return lanes;
}

std::optional<std::string> framingProblem(const Trace& trace, const TimelineFraming& framing)
{
    std::string problem;
    if (!framedLanes(trace, framing, &problem))
        return problem;
    return std::nullopt;
}

} // namespace interleave
