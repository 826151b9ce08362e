#include "drawcommands/framingoptions.h"

#include "trace/clock.h"

#include <CLI/CLI.hpp>

#include <cmath>

namespace interleave::cli {

bool FramingOptions::any() const
{
    return fromMs || toMs || !lanes.empty() || !title.empty() || !caption.empty() || legend != "on";
}

void addFramingOptions(CLI::App& command, FramingOptions& options)
{
    command.add_option("--from-ms", options.fromMs,
        "Frame: start the picture this many ms after the run's start (the axis keeps counting from the run's start)");
    command.add_option("--to-ms", options.toMs, "Frame: end the picture this many ms after the run's start");
    command.add_option("--lanes", options.lanes,
            "Frame: only these lanes, by name, comma-separated (e.g. Thread-1,Thread-2)")
        ->delimiter(',');
    command.add_option("--title", options.title, "Frame: a title drawn above the timeline");
    command.add_option("--caption", options.caption, "Frame: a caption drawn below the timeline");
    command.add_option("--legend", options.legend, "Frame: the legend of the states, on or off")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    command.add_option("--from-trace", options.fromTrace,
        "Draw a saved run (a trace file written by `interleave run --trace`) instead of running one: "
        "the same file draws the same picture; with --view deadlock, a deadlock run saved by "
        "`interleave deadlock --trace` with its wait-for graph");
}

std::optional<TimelineFraming> framingFrom(const FramingOptions& options, std::string* problem)
{
    const auto toNs = [&](const std::optional<double>& ms, const char* name) -> std::optional<std::optional<TimeNs>> {
        if (!ms)
            return std::optional<TimeNs> {};
        if (!std::isfinite(*ms) || *ms < 0 || *ms > 1e9) {
            *problem = std::string(name) + " must be a number of milliseconds from 0 on";
            return std::nullopt;
        }
        return std::optional<TimeNs>(static_cast<TimeNs>(std::llround(*ms * static_cast<double>(kNsPerMs))));
    };
    TimelineFraming framing;
    const auto from = toNs(options.fromMs, "--from-ms");
    if (!from)
        return std::nullopt;
    const auto to = toNs(options.toMs, "--to-ms");
    if (!to)
        return std::nullopt;
    framing.from = *from;
    framing.to = *to;
    if (framing.from && framing.to && *framing.to <= *framing.from) {
        *problem = "--to-ms must be after --from-ms";
        return std::nullopt;
    }
    for (const std::string& lane : options.lanes) {
        if (!lane.empty())
            framing.lanes.push_back(lane);
    }
    framing.title = QString::fromStdString(options.title);
    framing.caption = QString::fromStdString(options.caption);
    framing.legend = options.legend != "off";
    return framing;
}

} // namespace interleave::cli
