#pragma once

// What more than one part of the window says or keys on (the run's result strip, an opened
// trace, a lesson's baseline).

#include "engine/engine.h"
#include "engine/run_fields.h"
#include "qtext.h"

#include <QString>

#include <string>

namespace interleave::mainwindow_text {

// Runs of the same workload are comparable; the model, its worker counts and how much of the
// run is kept are what differ.
inline std::string workloadKey(const RunConfig& c)
{
    RunConfig key = c;
    key.model = Model::Sequential;
    key.threadWorkers = 0;
    key.processWorkers = 0;
    key.processStart = ProcessStart::Python;
    key.processStartMs = RunConfig{}.processStartMs;
    key.maxSpans = 0;
    return std::string(workloadName(key.workload)) + " " + runFieldsText(key);
}

// A duration in the status bar's figures: "120.0 ms".
inline QString ms(TimeNs ns)
{
    return toQString(millisecondsText(ns, 1)) + QStringLiteral(" ms");
}

} // namespace interleave::mainwindow_text
