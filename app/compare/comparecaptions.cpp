#include "compare/comparecaptions.h"

#include <QCoreApplication>

namespace interleave {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("CompareCaptions", text);
}

QString ioCaption(Model model)
{
    switch (model) {
    case Model::Sequential:
        return tr("one task after another: every wait adds to the total");
    case Model::Threads:
        return tr("I/O waits overlap; the GIL is released while a thread is blocked");
    case Model::ThreadPool:
        return tr("waits overlap, as many at a time as the pool has threads");
    case Model::Processes:
        return tr("waits overlap too, but every process pays its start-up first");
    case Model::ProcessPool:
        return tr("one process per core: only that many waits overlap");
    case Model::Asyncio:
        return tr("one thread; each await parks a coroutine, so all the waits overlap");
    }
    return {};
}

QString cpuCaption(Model model, bool gil)
{
    switch (model) {
    case Model::Sequential:
        return tr("the baseline: one core busy from start to end");
    case Model::Threads:
        return gil ? tr("the GIL lets one thread compute at a time: no faster")
                   : tr("no GIL: the threads compute on every core at once");
    case Model::ThreadPool:
        return gil ? tr("same GIL, same turns: the pool's threads compute one at a time")
                   : tr("no GIL: the pool's threads share the cores");
    case Model::Processes:
        return tr("a GIL per process: every core computes, after each process starts");
    case Model::ProcessPool:
        return tr("one process per core, tasks handed out in chunks: the fix for CPU-bound work");
    case Model::Asyncio:
        return tr("computing never awaits: the coroutines run one after another");
    }
    return {};
}

} // namespace

QString compareCaption(Model model, WorkloadKind workload, bool gil)
{
    switch (workload) {
    case WorkloadKind::Io:
        return ioCaption(model);
    case WorkloadKind::Cpu:
        return cpuCaption(model, gil);
    case WorkloadKind::Mixed:
        return model == Model::Asyncio ? tr("the waits overlap, the computing does not")
                                       : cpuCaption(model, gil) + tr("; the waits overlap");
    }
    return {};
}

QString amdahlCaption(double p)
{
    const int percent = static_cast<int>(p * 100.0 + 0.5);
    if (p >= 0.9995)
        return tr("p = %1: all of the run is parallel; the speedup could grow with every worker")
            .arg(p, 0, 'f', 2);
    return tr("p = %1: %2% of the run is parallel; no number of workers makes it more than %3× as fast")
        .arg(p, 0, 'f', 2)
        .arg(percent)
        .arg(1.0 / (1.0 - p), 0, 'f', 1);
}

QString startupFitCaption(const StartupAmdahlFit& fit)
{
    const int largest = static_cast<int>(fit.largestWorkers);
    QString text = tr("Serial fraction %1 %; starting a worker costs %2 ms")
                       .arg(fit.serialFraction * 100.0, 0, 'f', 0)
                       .arg(fit.startupMsPerWorker, 0, 'f', fit.startupMsPerWorker < 10 ? 1 : 0);
    if (fit.startupMsAtLargest < 0.5 && fit.serialMsAtLargest < 0.5)
        return text + tr(". Neither holds the speedup back");
    if (fit.startupDominates())
        return text + tr(". At %1 workers the start-ups (%2 ms) cost more than the serial part (%3 ms): "
                         "they, not serial work, bend the curve down")
                          .arg(largest)
                          .arg(fit.startupMsAtLargest, 0, 'f', 0)
                          .arg(fit.serialMsAtLargest, 0, 'f', 0);
    return text + tr(". At %1 workers the serial part (%2 ms) costs more than the start-ups (%3 ms): "
                     "Amdahl's ceiling is %4×")
                      .arg(largest)
                      .arg(fit.serialMsAtLargest, 0, 'f', 0)
                      .arg(fit.startupMsAtLargest, 0, 'f', 0)
                      .arg(fit.serialFraction > 0 ? 1.0 / fit.serialFraction : 0.0, 0, 'f', 1);
}

} // namespace interleave
