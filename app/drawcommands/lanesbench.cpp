#include "analysis/repeat_stats.h"
#include "cli/commandline.h"
#include "cli/commands.h"
#include "drawcommands/drawingcommands.h"
#include "drawcommands/offscreenapp.h"
#include "drawcommands/quietqt.h"
#include "panels/lanelistview.h"
#include "trace/clock.h"
#include "trace/recorder.h"

#include <QImage>
#include <QPainter>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace interleave::cli {
namespace {

struct LanesBenchOptions {
    int lanes = 10'000;
    int updates = 120;
    bool json = false;
};

constexpr int kThreads = 100;
constexpr int kWidth = 1280;
constexpr int kHeight = 720;

// The calling thread's CPU time in ms (core's threadCpuNs()).
double threadCpuMs()
{
    return static_cast<double>(threadCpuNs()) / 1e6;
}

// `interleave bench lanes`: the Lanes tab during a live run of many lanes. A recorder grows to
// `lanes` lanes over the first half of `updates` snapshots (one process, a hundred threads,
// the rest coroutines under them) while every lane keeps changing state; each snapshot is
// handed to the table as the window does, and what it costs to update and paint the table is
// timed. Offscreen, no display needed.
int runLanesBench(const LanesBenchOptions& options, CommandIo& io)
{
    const QuietQt quiet;
    const std::unique_ptr<QGuiApplication> app = ensureOffscreenWidgetApplication();

    Recorder recorder;
    std::vector<LaneWriter> lanes;
    LaneWriter process = recorder.addLane({.kind = LaneKind::Process, .pid = 1, .tid = 1, .name = "MainProcess"});
    process.recordAt(0, State::Running);
    lanes.push_back(process);
    std::vector<LaneId> threads;

    LaneListView view;
    view.resize(kWidth, kHeight);
    view.show();
    QImage frame(view.size(), QImage::Format_ARGB32_Premultiplied);

    const int total = std::max(options.lanes, 2);
    const int growth = std::max(1, options.updates / 2); // updates over which lanes appear
    std::vector<double> updateMs;
    std::vector<double> cpuMs; // of this thread: on a shared machine, wall time includes waiting for a core
    updateMs.reserve(static_cast<std::size_t>(options.updates));
    cpuMs.reserve(static_cast<std::size_t>(options.updates));
    TimeNs now = 0;
    for (int update = 0; update < options.updates; ++update) {
        now += 16'000'000; // a snapshot per frame at 60 Hz
        // New lanes: threads first, then coroutines spread over the threads.
        const int target = std::min(total, static_cast<int>(static_cast<long long>(total) * (update + 1) / growth));
        while (static_cast<int>(lanes.size()) < target) {
            const int n = static_cast<int>(lanes.size());
            const bool thread = static_cast<int>(threads.size()) < kThreads;
            LaneInfo info {.parent = thread ? process.id() : threads[static_cast<std::size_t>(n) % threads.size()],
                .kind = thread ? LaneKind::Thread : LaneKind::Coroutine,
                .pid = 1,
                .tid = thread ? n + 1 : 0,
                .name = (thread ? "Thread-" : "Task-") + std::to_string(n)};
            LaneWriter lane = recorder.addLane(std::move(info));
            lane.recordAt(now - 8'000'000, thread ? State::Running : State::Suspended);
            if (thread)
                threads.push_back(lane.id());
            lanes.push_back(lane);
        }
        // Every tenth lane changes state each frame, as a busy run's do.
        for (std::size_t i = static_cast<std::size_t>(update % 10); i < lanes.size(); i += 10)
            lanes[i].recordAt(now - 1'000'000, (update / 10) % 2 ? State::Running : State::BlockedIo);

        const Trace trace = Trace::fromSnapshot(recorder.snapshot());
        const double cpuBegin = threadCpuMs();
        const auto begin = std::chrono::steady_clock::now();
        view.showTrace(trace);
        {
            // Laid out and painted as the window does on its next frame.
            QPainter painter(&frame);
            view.render(&painter);
        }
        updateMs.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count());
        cpuMs.push_back(threadCpuMs() - cpuBegin);
    }

    const double p50 = quantileOf(updateMs, 0.50);
    const double p95 = quantileOf(updateMs, 0.95);
    const double worst = quantileOf(updateMs, 1.0);
    const double cpuP50 = quantileOf(cpuMs, 0.50);
    const double cpuP95 = quantileOf(cpuMs, 0.95);
    std::ostream& out = io.out;
    out << std::fixed << std::setprecision(3);
    if (options.json) {
        out << "{\"lanes\": " << lanes.size() << ", \"updates\": " << options.updates << ", \"update_p50_ms\": " << p50
            << ", \"update_p95_ms\": " << p95 << ", \"update_max_ms\": " << worst << ", \"cpu_p50_ms\": " << cpuP50
            << ", \"cpu_p95_ms\": " << cpuP95 << "}\n";
    } else {
        out << "Lanes table, live run growing to " << lanes.size() << " lanes over " << growth << " of "
            << options.updates << " snapshots (" << kWidth << "x" << kHeight << ", offscreen):\n"
            << "  update and paint: p50 " << p50 << " ms, p95 " << p95 << " ms, max " << worst << " ms (CPU p50 "
            << cpuP50 << " ms, p95 " << cpuP95 << " ms)\n"
            << "  (a frame at 60 Hz is 16.7 ms)\n";
    }
    out.flush();
    return kExitOk;
}

} // namespace

Command addLanesBench(CLI::App& bench)
{
    CLI::App* lanes = bench.add_subcommand("lanes", "Time the Lanes table's updates during a live run of many lanes");
    auto lanesOptions = std::make_shared<LanesBenchOptions>();
    lanes->add_option("--lanes", lanesOptions->lanes, "How many lanes the run grows to")
        ->check(CLI::Range(2, 1'000'000))
        ->capture_default_str();
    lanes->add_option("--updates", lanesOptions->updates, "Snapshots handed to the table, one per frame")
        ->check(CLI::Range(1, 100'000))
        ->capture_default_str();
    lanes->add_flag("--json", lanesOptions->json, "Print one JSON object");
    return {lanes, [lanesOptions](CommandIo& io) { return runLanesBench(*lanesOptions, io); }};
}

} // namespace interleave::cli
