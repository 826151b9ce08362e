#include "drawcommands/drawingcommands.h"

#include "cli/commandline.h"
#include "cli/synthetictrace.h"
#include "drawcommands/offscreenapp.h"
#include "drawcommands/quietqt.h"

#include "analysis/repeat_stats.h"
#include "timeline/lodtable.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinepainter.h"
#include "trace/clock.h"
#include "trace/parallelism.h"
#include "trace/trace.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iomanip>
#include <memory>
#include <ostream>
#include <thread>
#include <vector>

namespace interleave::cli {
namespace {

constexpr int kRenderWidth = 1600;
constexpr int kRenderHeight = 900;

struct RenderBenchOptions {
    std::int64_t spans = 1'000'000;
    int frames = 60;
    bool json = false;
};

struct RenderFrameTimes {
    double p50 = 0;
    double p95 = 0;
    // CPU time of the painting thread, median: on a shared machine the wall-clock figures
    // include time spent waiting for a core, this one does not.
    double cpuP50 = 0;
};

// The calling thread's CPU time in ms (core's threadCpuNs()).
double renderThreadCpuMs()
{
    return static_cast<double>(threadCpuNs()) / 1e6;
}

RenderFrameTimes renderPercentiles(const std::vector<double>& ms)
{
    return {quantileOf(ms, 0.50), quantileOf(ms, 0.95)};
}

// Paints the whole static layer each frame: what a repaint costs when the cache is invalid.
template <typename Advance>
RenderFrameTimes measureRenderFrames(const TimelinePainter& painter, TimelineCoordinates coords, int frames, Advance advance)
{
    QImage image(kRenderWidth, kRenderHeight, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> times;
    std::vector<double> cpu;
    times.reserve(static_cast<std::size_t>(frames));
    cpu.reserve(static_cast<std::size_t>(frames));
    for (int frame = -2; frame < frames; ++frame) { // two warm-up frames (font caches)
        const double cpuBegin = renderThreadCpuMs();
        const auto begin = std::chrono::steady_clock::now();
        {
            QPainter p(&image);
            painter.paint(p, coords, kRenderHeight);
        }
        const auto elapsed = std::chrono::steady_clock::now() - begin;
        if (frame >= 0) {
            times.push_back(std::chrono::duration<double, std::milli>(elapsed).count());
            cpu.push_back(renderThreadCpuMs() - cpuBegin);
        }
        advance(coords);
    }
    RenderFrameTimes result = renderPercentiles(times);
    result.cpuP50 = renderPercentiles(cpu).p50;
    return result;
}

int runRenderBench(const RenderBenchOptions& options, CommandIo& io)
{
    const QuietQt quiet;
    const std::unique_ptr<QGuiApplication> app = ensureOffscreenApplication();
    const Trace trace = syntheticTrace(options.spans);

    TimelinePainter painter;
    painter.setTrace(trace);
    // Built once per trace, as the window's background job does when a trace arrives.
    const auto lodBegin = std::chrono::steady_clock::now();
    painter.setLodTable(std::make_shared<const LodTable>(trace));
    const double lodMs
        = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - lodBegin).count();
    // Its share: the parallelism strip's profile, built again on its own (CPU time, so that a
    // busy machine does not inflate it).
    const double profileCpuBegin = renderThreadCpuMs();
    const ParallelismProfile profile(trace);
    const double profileCpuMs = renderThreadCpuMs() - profileCpuBegin;
    painter.setCoreCount(static_cast<int>(std::thread::hardware_concurrency()));
    TimelineCoordinates coords;
    coords.setWidth(kRenderWidth);
    painter.layout(coords);

    coords.fitTo(trace.startTime(), trace.endTime());
    const RenderFrameTimes fit = measureRenderFrames(painter, coords, options.frames, [](TimelineCoordinates&) {});

    // A hundredth of the trace, starting a third of the way in, dragged a few pixels a frame.
    const TimeNs window = std::max<TimeNs>(trace.duration() / 100, TimelineCoordinates::kMinWindowNs);
    const TimeNs start = trace.startTime() + trace.duration() / 3;
    coords.setWindow(start, start + window);
    const RenderFrameTimes zoom
        = measureRenderFrames(painter, coords, options.frames, [](TimelineCoordinates& c) { c.panByPixels(-7); });

    std::ostream& out = io.out;
    out << std::fixed << std::setprecision(3);
    if (options.json) {
        out << "{\"spans\": " << trace.totalSpanCount() << ", \"fit_p50_ms\": " << fit.p50
            << ", \"fit_p95_ms\": " << fit.p95 << ", \"zoom_p50_ms\": " << zoom.p50
            << ", \"zoom_p95_ms\": " << zoom.p95 << "}\n";
    } else {
        out << "Timeline render, " << trace.totalSpanCount() << " spans over " << trace.laneCount()
            << " lanes, " << kRenderWidth << "x" << kRenderHeight << ", " << options.frames << " frames each, no cache:\n"
            << "  whole trace fitted:     p50 " << fit.p50 << " ms, p95 " << fit.p95 << " ms (CPU p50 "
            << fit.cpuP50 << " ms)\n"
            << "  1% of it, panning:      p50 " << zoom.p50 << " ms, p95 " << zoom.p95 << " ms (CPU p50 "
            << zoom.cpuP50 << " ms)\n"
            << "  (a frame at 60 Hz is 16.7 ms)\n"
            << "  level-of-detail summaries built once in " << lodMs << " ms ("
            << painter.lodTable()->memoryBytes() / 1024 << " KiB), of which the parallelism profile "
            << profileCpuMs << " ms of CPU (" << profile.memoryBytes() / 1024 << " KiB, "
            << profile.stepCount() << " steps)\n";
    }
    out.flush();
    return kExitOk;
}

} // namespace

Command addRenderBench(CLI::App& bench)
{
    CLI::App* render
        = bench.add_subcommand("render", "Time painting the timeline of a large synthetic trace");
    auto options = std::make_shared<RenderBenchOptions>();
    render->add_option("--spans", options->spans, "How many spans the trace has (over 64 lanes)")
        ->check(CLI::Range(std::int64_t {64}, std::int64_t {100'000'000}))
        ->capture_default_str();
    render->add_option("--frames", options->frames, "Frames timed per case")
        ->check(CLI::Range(1, 10'000))
        ->capture_default_str();
    render->add_flag("--json", options->json, "Print one JSON object");
    return {render, [options](CommandIo& io) { return runRenderBench(*options, io); }};
}

} // namespace interleave::cli
