#include "cli/commandline.h"
#include "cli/commands.h"
#include "cli/importbench.h"
#include "cli/interruptstop.h"
#include "cli/lanesbench.h"
#include "cli/pytracebench.h"
#include "cli/startupbench.h"
#include "cli/tracesave.h"

#include "io/output_file.h"

#include "analysis/repeat_stats.h"
#include "timeline/lodtable.h"
#include "timeline/timelinecoordinates.h"
#include "timeline/timelinepainter.h"
#include "trace/clock.h"
#include "trace/parallelism.h"
#include "trace/trace.h"

#include "cli/offscreenapp.h"
#include "cli/quietqt.h"
#include <QCoreApplication>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <thread>

#include <vector>

namespace interleave::cli {
namespace {

constexpr int kLanes = 64;
constexpr int kProcesses = 4; // each with a process lane and 15 threads
constexpr int kWidth = 1600;
constexpr int kHeight = 900;

struct BenchOptions {
    std::int64_t spans = 1'000'000;
    int frames = 60;
    bool json = false;
};

// A trace shaped like a busy GIL run: per lane, 5 ms Running slices handed over through
// WaitingGil, short I/O waits and lock waits in between, and bursts of very short spans (the
// case that needs merging). Fixed seed: every run draws the same trace.
Trace syntheticTrace(std::int64_t spans)
{
    TraceBuilder builder;
    std::vector<LaneId> lanes;
    const int threadsPerProcess = kLanes / kProcesses - 1;
    for (int p = 0; p < kProcesses; ++p) {
        const std::int32_t pid = 1000 + p;
        const LaneId process = builder.addLane(
            {.kind = LaneKind::Process, .pid = pid, .tid = pid, .name = "python " + std::to_string(p + 1)});
        lanes.push_back(process);
        for (int t = 0; t < threadsPerProcess; ++t) {
            lanes.push_back(builder.addLane({.parent = process,
                .kind = LaneKind::Thread,
                .pid = pid,
                .tid = pid + t + 1,
                .name = "Thread-" + std::to_string(t + 1)}));
        }
    }
    std::mt19937_64 random(20261122);
    std::uniform_int_distribution<int> percent(0, 99);
    std::uniform_int_distribution<TimeNs> shortSpan(2'000, 200'000);
    std::uniform_int_distribution<TimeNs> ioWait(200'000, 3 * kNsPerMs);
    const TimeNs origin = 1'000'000 * kNsPerMs;
    for (std::size_t lane = 0; lane < lanes.size(); ++lane) {
        const std::int64_t count
            = spans / kLanes + (static_cast<std::int64_t>(lane) < spans % kLanes ? 1 : 0);
        TimeNs t = origin + static_cast<TimeNs>(lane) * 37'000;
        for (std::int64_t i = 0; i < count; ++i) {
            const int roll = percent(random);
            State state;
            TimeNs duration;
            if (roll < 20) {
                state = State::Running;
                duration = 5 * kNsPerMs; // a whole switch interval
            } else if (roll < 35) {
                state = State::WaitingGil;
                duration = shortSpan(random) * 10;
            } else if (roll < 45) {
                state = State::BlockedIo;
                duration = ioWait(random);
            } else if (roll < 50) {
                state = State::WaitingLock;
                duration = shortSpan(random);
            } else {
                state = roll % 2 == 0 ? State::Running : State::WaitingGil;
                duration = shortSpan(random) / 10;
            }
            builder.append(lanes[lane], {.time = t, .task = static_cast<std::int32_t>(lane), .state = state});
            t += duration;
        }
        builder.setLaneEnd(lanes[lane], t);
    }
    return builder.build();
}

struct FrameTimes {
    double p50 = 0;
    double p95 = 0;
    // CPU time of the painting thread, median: on a shared machine the wall-clock figures
    // include time spent waiting for a core, this one does not.
    double cpuP50 = 0;
};

// The calling thread's CPU time in ms (core's threadCpuNs()).
double threadCpuMs()
{
    return static_cast<double>(threadCpuNs()) / 1e6;
}

FrameTimes percentiles(const std::vector<double>& ms)
{
    return {quantileOf(ms, 0.50), quantileOf(ms, 0.95)};
}

// Paints the whole static layer each frame: what a repaint costs when the cache is invalid.
template <typename Advance>
FrameTimes measure(const TimelinePainter& painter, TimelineCoordinates coords, int frames, Advance advance)
{
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> times;
    std::vector<double> cpu;
    times.reserve(static_cast<std::size_t>(frames));
    cpu.reserve(static_cast<std::size_t>(frames));
    for (int frame = -2; frame < frames; ++frame) { // two warm-up frames (font caches)
        const double cpuBegin = threadCpuMs();
        const auto begin = std::chrono::steady_clock::now();
        {
            QPainter p(&image);
            painter.paint(p, coords, kHeight);
        }
        const auto elapsed = std::chrono::steady_clock::now() - begin;
        if (frame >= 0) {
            times.push_back(std::chrono::duration<double, std::milli>(elapsed).count());
            cpu.push_back(threadCpuMs() - cpuBegin);
        }
        advance(coords);
    }
    FrameTimes result = percentiles(times);
    result.cpuP50 = percentiles(cpu).p50;
    return result;
}

int runRenderBench(const BenchOptions& options, CommandIo& io)
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
    const double profileCpuBegin = threadCpuMs();
    const ParallelismProfile profile(trace);
    const double profileCpuMs = threadCpuMs() - profileCpuBegin;
    painter.setCoreCount(static_cast<int>(std::thread::hardware_concurrency()));
    TimelineCoordinates coords;
    coords.setWidth(kWidth);
    painter.layout(coords);

    coords.fitTo(trace.startTime(), trace.endTime());
    const FrameTimes fit = measure(painter, coords, options.frames, [](TimelineCoordinates&) {});

    // A hundredth of the trace, starting a third of the way in, dragged a few pixels a frame.
    const TimeNs window = std::max<TimeNs>(trace.duration() / 100, TimelineCoordinates::kMinWindowNs);
    const TimeNs start = trace.startTime() + trace.duration() / 3;
    coords.setWindow(start, start + window);
    const FrameTimes zoom
        = measure(painter, coords, options.frames, [](TimelineCoordinates& c) { c.panByPixels(-7); });

    std::ostream& out = io.out;
    out << std::fixed << std::setprecision(3);
    if (options.json) {
        out << "{\"spans\": " << trace.totalSpanCount() << ", \"fit_p50_ms\": " << fit.p50
            << ", \"fit_p95_ms\": " << fit.p95 << ", \"zoom_p50_ms\": " << zoom.p50
            << ", \"zoom_p95_ms\": " << zoom.p95 << "}\n";
    } else {
        out << "Timeline render, " << trace.totalSpanCount() << " spans over " << trace.laneCount()
            << " lanes, " << kWidth << "x" << kHeight << ", " << options.frames << " frames each, no cache:\n"
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

struct TraceWriteOptions {
    std::int64_t spans = 5'000'000;
    std::string path;
};

// Writes the synthetic trace as a run's --trace does (interruptible, with progress on a
// terminal) and reports how fast.
int runTraceWriteBench(const TraceWriteOptions& options, CommandIo& io)
{
    const Trace trace = syntheticTrace(options.spans);
    InterruptStop interrupt;
    const auto begin = std::chrono::steady_clock::now();
    const int status = saveCommandTrace(trace, options.path, interrupt, "bench trace-write", io.err);
    if (status != kExitOk)
        return status;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::error_code ec;
    const auto bytes = options.path == "-" ? 0 : std::filesystem::file_size(options.path, ec);
    std::ostream& out = options.path == "-" ? io.err : io.out;
    out << std::fixed << std::setprecision(2) << "Wrote " << trace.totalSpanCount() << " spans";
    if (!ec && bytes > 0)
        out << ", " << static_cast<double>(bytes) / 1e6 << " MB, in " << seconds << " s ("
            << static_cast<double>(bytes) / 1e6 / seconds << " MB/s)";
    else
        out << " in " << seconds << " s";
    out << "\n" << std::flush;
    return kExitOk;
}

} // namespace

Command addBenchCommand(CLI::App& parser)
{
    CLI::App* bench = parser.add_subcommand("bench", "Measure how fast parts of Interleave are");
    bench->require_subcommand(1);
    CLI::App* render
        = bench->add_subcommand("render", "Time painting the timeline of a large synthetic trace");
    auto options = std::make_shared<BenchOptions>();
    render->add_option("--spans", options->spans, "How many spans the trace has (over 64 lanes)")
        ->check(CLI::Range(std::int64_t {64}, std::int64_t {100'000'000}))
        ->capture_default_str();
    render->add_option("--frames", options->frames, "Frames timed per case")
        ->check(CLI::Range(1, 10'000))
        ->capture_default_str();
    render->add_flag("--json", options->json, "Print one JSON object");

    CLI::App* pytrace = bench->add_subcommand(
        "pytrace", "Measure what tracing a real CPython costs and how right its picture is");
    auto py = std::make_shared<PytraceBenchOptions>();
    pytrace->add_option("--python", py->python, "The Python to trace")->capture_default_str();
    pytrace->add_option("--repeat", py->repeat, "Rounds; medians are reported")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    pytrace->add_option("--sample-hz", py->sampleHz, "How often the sampler reads the threads")
        ->check(CLI::Range(1, 5000))
        ->capture_default_str();
    pytrace->add_flag("--json", py->json, "Print one JSON object");
    pytrace->add_flag("--calls", py->calls, "Trace with function calls recorded, as trace --calls does");

    CLI::App* lanes = bench->add_subcommand("lanes", "Time the Lanes table's updates during a live run of many lanes");
    auto lanesOptions = std::make_shared<LanesBenchOptions>();
    lanes->add_option("--lanes", lanesOptions->lanes, "How many lanes the run grows to")
        ->check(CLI::Range(2, 1'000'000))
        ->capture_default_str();
    lanes->add_option("--updates", lanesOptions->updates, "Snapshots handed to the table, one per frame")
        ->check(CLI::Range(1, 100'000))
        ->capture_default_str();
    lanes->add_flag("--json", lanesOptions->json, "Print one JSON object");

    CLI::App* startup = bench->add_subcommand(
        "startup", "Time from starting the program to its window's first painted frame (offscreen)");
    auto start = std::make_shared<StartupBenchOptions>();
    startup->add_option("--runs", start->runs, "Starts timed; the median is reported")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    startup->add_flag("--json", start->json, "Print one JSON object");


    CLI::App* import = bench->add_subcommand("import",
        "Peak memory of reading two hostile traces made on the fly (many threads; a sea of whitespace)");
    auto imports = std::make_shared<ImportBenchOptions>();
    import->add_option("--lanes", imports->lanes, "Distinct thread ids of the first input")
        ->check(CLI::Range(1, 10'000'000))
        ->capture_default_str();
    import->add_option("--whitespace-mb", imports->whitespaceMb, "Megabytes of whitespace in the second input")
        ->check(CLI::Range(1, 100'000))
        ->capture_default_str();
    import->add_flag("--json", imports->json, "Print one JSON object");

    CLI::App* traceWrite = bench->add_subcommand("trace-write",
        "Time writing a large synthetic trace as --trace does (Ctrl+C stops it, leaving the target as it was)");
    auto writes = std::make_shared<TraceWriteOptions>();
    traceWrite->add_option("--spans", writes->spans, "How many spans the trace has (over 64 lanes)")
        ->check(CLI::Range(std::int64_t {64}, std::int64_t {100'000'000}))
        ->capture_default_str();
    traceWrite->add_option("--trace", writes->path, "Where to write it ('-': standard output)")->required();

    return {bench, [options, py, pytrace, lanes, lanesOptions, start, startup, import, imports, traceWrite,
                       writes](CommandIo& io) {
                if (lanes->parsed())
                    return runLanesBench(*lanesOptions, io);
                if (startup->parsed())
                    return runStartupBench(*start, io);
                if (import->parsed())
                    return runImportBench(*imports, io);
                if (traceWrite->parsed()) {
                    if (auto problem = outputPathProblem(writes->path)) {
                        io.err << "interleave bench trace-write: --trace: " << *problem << std::endl;
                        return kExitFailure;
                    }
                    return runTraceWriteBench(*writes, io);
                }
                return pytrace->parsed() ? runPytraceBench(*py, io) : runRenderBench(*options, io);
            }};
}

} // namespace interleave::cli
