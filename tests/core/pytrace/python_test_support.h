#pragma once

// What the tests of real CPython programs share: where Python and the examples are, and
// questions about the trace a program left.

#include "pytrace/python_session.h"
#include "pytrace/python_trace_builder.h"
#include "trace/trace.h"

#include "../../scratch_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace interleave::pytrace::testsupport {

inline constexpr const char* kPython = "/usr/bin/python3";

#define REQUIRE_PYTHON()                                                                                     \
    do {                                                                                                     \
        if (::access(::interleave::pytrace::testsupport::kPython, X_OK) != 0)                                    \
            GTEST_SKIP() << "/usr/bin/python3 is not installed: these tests trace real CPython programs "    \
                            "(Debian's python3 package)";                                                    \
    } while (false)

inline std::string example(const std::string& name)
{
    return std::string(INTERLEAVE_PYTHON_DIR) + "/examples/" + name;
}

inline std::string writeScript(const std::string& name, const std::string& code)
{
    const std::string path = ::interleave::testing_scratch::scratchPath(name);
    std::ofstream(path) << code;
    return path;
}

inline PythonTraceOptions traceOptions(const std::string& script, std::chrono::milliseconds timeout = std::chrono::seconds(120))
{
    PythonTraceOptions o;
    o.python = kPython;
    o.script = script;
    o.bootstrapDir = INTERLEAVE_PYTHON_DIR;
    o.sampleHz = 1000;
    o.timeout = timeout;
    return o;
}

inline std::vector<LaneId> lanesWhere(const Trace& t, LaneKind kind, const std::string& prefix)
{
    std::vector<LaneId> out;
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        const LaneInfo& info = t.lane(static_cast<LaneId>(i));
        if (info.kind == kind && info.name.starts_with(prefix))
            out.push_back(info.id);
    }
    return out;
}

inline bool hasLane(const Trace& t, const std::string& name)
{
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        if (t.lane(static_cast<LaneId>(i)).name == name)
            return true;
    }
    return false;
}

inline std::optional<LaneId> rootLane(const Trace& t)
{
    for (std::size_t i = 0; i < t.laneCount(); ++i) {
        if (t.lane(static_cast<LaneId>(i)).kind == LaneKind::Process && t.lane(static_cast<LaneId>(i)).parent == kNoLane)
            return static_cast<LaneId>(i);
    }
    return std::nullopt;
}

inline State lastState(const Trace& t, LaneId id)
{
    return t.span(id, t.spanCount(id) - 1).state;
}

inline bool hasSpan(const Trace& t, LaneId id, State state, const std::string& detailPart = {})
{
    for (std::size_t i = 0; i < t.spanCount(id); ++i) {
        const Span s = t.span(id, i);
        if (s.state == state && s.duration() > 0 && detailText(t, s.detail).find(detailPart) != std::string::npos)
            return true;
    }
    return false;
}

// Time a lane spent in a state, counting only spans whose detail holds detailPart.
inline TimeNs timeIn(const Trace& t, LaneId id, State state, const std::string& detailPart = {})
{
    TimeNs sum = 0;
    for (std::size_t i = 0; i < t.spanCount(id); ++i) {
        const Span s = t.span(id, i);
        if (s.state == state && detailText(t, s.detail).find(detailPart) != std::string::npos)
            sum += s.duration();
    }
    return sum;
}

// The first line of a file holding `text`, counted from 1.
inline int lineOf(const std::string& path, const std::string& text)
{
    std::ifstream in(path);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.find(text) != std::string::npos)
            return n;
    }
    return 0;
}

// A lane's spans, for a failure's message.
inline std::string spansText(const Trace& t, LaneId id)
{
    std::string text = t.lane(id).name + ":";
    for (std::size_t i = 0; i < t.spanCount(id); ++i) {
        const Span s = t.span(id, i);
        text += " " + std::string(stateName(s.state));
        if (const std::string d = detailText(t, s.detail); !d.empty())
            text += "(" + d + ")";
        text += " " + std::to_string(s.duration() / 1000) + "us;";
    }
    return text;
}

// How long lanes a and b were both in `state`.
inline TimeNs overlapIn(const Trace& t, LaneId a, LaneId b, State state)
{
    TimeNs both = 0;
    for (std::size_t i = 0; i < t.spanCount(a); ++i) {
        const Span sa = t.span(a, i);
        if (sa.state != state)
            continue;
        t.forEachSpan(b, sa.start, sa.end, [&](const Span& sb) {
            if (sb.state == state)
                both += std::max<TimeNs>(0, std::min(sa.end, sb.end) - std::max(sa.start, sb.start));
        });
    }
    return both;
}

// The most lanes in `state` at one instant (spans whose detail holds detailPart).
inline int peakAtOnce(const Trace& t, const std::vector<LaneId>& lanes, State state, const std::string& detailPart = {})
{
    std::vector<std::pair<TimeNs, int>> edges;
    for (LaneId id : lanes) {
        for (std::size_t i = 0; i < t.spanCount(id); ++i) {
            const Span s = t.span(id, i);
            if (s.state == state && s.duration() > 0 && detailText(t, s.detail).find(detailPart) != std::string::npos) {
                edges.emplace_back(s.start, 1);
                edges.emplace_back(s.end, -1);
            }
        }
    }
    std::sort(edges.begin(), edges.end()); // an end (-1) before a start (+1) at the same time
    int now = 0;
    int peak = 0;
    for (const auto& [time, step] : edges) {
        now += step;
        peak = std::max(peak, now);
    }
    return peak;
}

// Runs a script as the window does (output captured) until it ends or the timeout stops it.
struct SessionRun {
    PythonTraceResult result;
    std::string output; // stdout and stderr, in order
};

inline SessionRun runSession(PythonTraceOptions options)
{
    options.captureOutput = true;
    PythonSession session(std::move(options));
    session.start();
    while (!session.finished())
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    SessionRun run;
    run.result = session.result();
    for (std::uint64_t at = 0;;) {
        const OutputLog::Read read = session.output(at);
        if (read.pieces.empty())
            break;
        for (const OutputLog::Piece& p : read.pieces)
            run.output += p.text;
        at = read.next;
    }
    return run;
}

} // namespace interleave::pytrace::testsupport
