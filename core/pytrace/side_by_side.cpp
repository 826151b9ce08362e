#include "pytrace/side_by_side.h"

#include "pytrace/python_program.h"
#include "trace/duration_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace interleave::pytrace {

namespace {

// Copies every lane of `from` under `group`, so that from.startTime() lands at `at`. Returns
// nothing: the builder holds the lanes, numbered from `offset` on.
void copySide(TraceBuilder& builder, const Trace& from, LaneId group, TimeNs at, std::vector<TraceNote>& notes)
{
    const LaneId offset = static_cast<LaneId>(builder.laneCount());
    const TimeNs shift = from.startTime() - at;
    for (std::size_t i = 0; i < from.laneCount(); ++i) {
        const LaneId id = static_cast<LaneId>(i);
        LaneInfo info = from.lane(id);
        info.id = kNoLane;
        info.parent = info.parent == kNoLane || info.parent >= id ? group : info.parent + offset;
        const LaneId copy = builder.addLane(info);
        for (std::size_t s = 0; s < from.spanCount(id); ++s) {
            const Span span = from.span(id, s);
            StateChange record;
            record.time = span.start - shift;
            record.task = span.task;
            record.state = span.state;
            record.detail = span.detail;
            // A pool task names the worker that holds it by lane id: the worker moved too.
            if (info.kind == LaneKind::Task && span.detail > 0 && static_cast<std::size_t>(span.detail) < from.laneCount()
                && !isTerminal(span.state) && span.state != State::Ready)
                record.detail = static_cast<std::uint16_t>(span.detail + offset);
            builder.append(copy, record);
        }
        if (from.spanCount(id) > 0)
            builder.setLaneEnd(copy, from.laneEnd(id) - shift);
    }
    for (const TraceNote& note : from.notes())
        notes.push_back({note.lane == kNoLane ? group : note.lane + offset, note.time - shift, note.text});
}

std::string ms(double value)
{
    return durationText(static_cast<TimeNs>(std::llround(value * 1e6)));
}

std::string times(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1fx", value);
    return text;
}

// "3.9x faster than its sequential 1.61 s" / "as its sequential" / "" without a baseline.
std::string speedupClause(const RunConfig& c, double wallMs, std::optional<double> sequentialMs)
{
    if (c.model == Model::Sequential)
        return " (the sequential baseline)";
    if (!sequentialMs || wallMs <= 0)
        return "";
    return ", " + times(*sequentialMs / wallMs) + " against its sequential " + ms(*sequentialMs);
}

} // namespace

std::optional<TimeNs> markedWorkStart(const Trace& cpython)
{
    for (const TraceNote& note : cpython.notes()) {
        if (note.text == kWorkStartsMark && note.time >= cpython.startTime())
            return note.time - cpython.startTime();
    }
    return std::nullopt;
}

TimeNs workStart(const Trace& cpython)
{
    return markedWorkStart(cpython).value_or(interpreterStartUp(cpython));
}

TimeNs interpreterStartUp(const Trace& cpython)
{
    for (std::size_t i = 0; i < cpython.laneCount(); ++i) {
        const LaneId id = static_cast<LaneId>(i);
        const LaneInfo& info = cpython.lane(id);
        if (info.parent != kNoLane || info.kind != LaneKind::Process)
            continue;
        if (cpython.spanCount(id) == 0)
            return 0;
        const Span first = cpython.span(id, 0);
        return first.state == State::Starting ? std::max<TimeNs>(0, first.end - cpython.startTime()) : 0;
    }
    return 0;
}

Trace sideBySideTrace(const Trace& emulated, const std::string& emulatedLabel, const Trace& cpython,
                      const std::string& cpythonLabel)
{
    TraceBuilder builder;
    std::vector<TraceNote> notes;
    const LaneId emulatedGroup = builder.addLane({.kind = LaneKind::Process, .name = emulatedLabel});
    copySide(builder, emulated, emulatedGroup, workStart(cpython), notes);
    const LaneId cpythonGroup = builder.addLane({.kind = LaneKind::Process, .name = cpythonLabel});
    copySide(builder, cpython, cpythonGroup, 0, notes);
    for (TraceNote& note : notes)
        builder.addNote(std::move(note));
    // The CPython side's wait descriptions ("sleep", "lock made at ...") and its source, which
    // tells the views that sampled states (Unknown) may occur.
    for (const auto& [key, value] : cpython.metadata()) {
        if (key.starts_with("detail.") || key == "source" || key == "python")
            builder.setMetadata(key, value);
    }
    builder.setMetadata("side_by_side", emulatedLabel + " | " + cpythonLabel);
    return builder.build();
}

SideBySideGroups sideBySideGroups(const Trace& merged)
{
    SideBySideGroups groups;
    for (std::size_t i = 1; i < merged.laneCount(); ++i) {
        if (merged.lane(static_cast<LaneId>(i)).parent == kNoLane) {
            groups.cpython = static_cast<LaneId>(i);
            break;
        }
    }
    return groups;
}

std::string sideBySideSummary(const SideBySideFigures& f)
{
    const RunConfig& c = f.config;
    const std::string cpython = "CPython " + (f.pythonVersion.empty() ? std::string("?") : f.pythonVersion);
    std::string s = "Emulated: " + ms(f.emulatedWallMs)
        + speedupClause(c, f.emulatedWallMs, c.model == Model::Sequential ? std::nullopt : f.emulatedSequentialMs)
        + ". ";
    if (!f.cpythonWallMs) {
        s += cpython + ": no wall time (the program did not finish).";
        return s;
    }
    s += cpython + ": " + ms(*f.cpythonWallMs)
        + speedupClause(c, *f.cpythonWallMs, c.model == Model::Sequential ? std::nullopt : f.cpythonSequentialMs)
        + ".";

    // How far apart, plainly.
    const double ratio = f.emulatedWallMs > 0 ? *f.cpythonWallMs / f.emulatedWallMs : 0;
    if (ratio > 0) {
        const double percent = std::abs(ratio - 1) * 100;
        if (percent < 10) {
            s += " The two wall times are within 10 % of each other.";
        } else {
            char text[160];
            std::snprintf(text, sizeof text, " CPython took %.0f %% %s than the emulation.", percent,
                          ratio > 1 ? "longer" : "less time");
            s += text;
        }
    }
    if (usesProcesses(c.model)) {
        if (c.processStart == ProcessStart::Python) {
            char text[300];
            std::snprintf(text, sizeof text,
                          " Each CPython process starts a fresh interpreter (spawn) that imports the program; "
                          "the emulation stands in %.0f ms of CPU work per process for that.",
                          c.processStartMs);
            s += text;
        } else {
            s += " CPython forks its processes; the emulation starts its workers with no interpreter start-up.";
        }
    }
    if (f.cpythonWorkStartMs && *f.cpythonWorkStartMs >= 1)
        s += " CPython's program started its work " + ms(*f.cpythonWorkStartMs) + " after it was launched ("
            + (f.cpythonStartUpMs >= 1 ? "the interpreter's start-up, grey, " + ms(f.cpythonStartUpMs) : std::string("the interpreter's start-up"))
            + (c.workload == WorkloadKind::Io ? std::string() : std::string(", then the calibration of its loop"))
            + "): the emulated run is drawn from that moment, the note \"" + std::string(kWorkStartsMark)
            + "\", so the tasks of both begin at the same place.";
    else if (f.cpythonStartUpMs >= 1)
        s += " CPython's interpreter took " + ms(f.cpythonStartUpMs)
            + " to start (grey): the emulated run is drawn from the moment it had, so both programs begin at the "
              "same place.";
    if (f.cpythonOutsideMs && *f.cpythonOutsideMs >= 1)
        s += " CPython's timeline is " + ms(*f.cpythonOutsideMs) + " longer than its wall time: "
            + (f.cpythonStartUpMs >= 1 ? std::string("that start-up") : std::string("the interpreter's start-up"))
            + (c.workload == WorkloadKind::Io ? std::string() : std::string(" and the calibration of its loop"))
            + " before the first task, and its exit after the last.";
    return s;
}

} // namespace interleave::pytrace
