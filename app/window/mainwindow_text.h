#pragma once

// What more than one part of the window says or keys on (the run's result strip, an opened
// trace, a lesson's baseline).

#include "engine/engine.h"

#include <QString>

#include <string>

namespace interleave::mainwindow_text {

// Runs of the same workload are comparable; the model and its worker counts are what differ.
inline std::string workloadKey(const RunConfig& c)
{
    RunConfig key = c;
    key.model = Model::Sequential;
    key.threadWorkers = 0;
    key.processWorkers = 0;
    key.processStart = ProcessStart::Python;
    return std::string(workloadName(key.workload)) + "/" + std::to_string(key.tasks) + "/"
        + std::to_string(key.latencyMs) + "/" + std::to_string(key.workMs) + "/" + std::to_string(key.mixedRounds)
        + "/" + (key.gil ? "gil" : "nogil") + "/" + std::to_string(key.switchIntervalMs);
}

inline QString ms(TimeNs ns)
{
    return QString::number(static_cast<double>(ns) / 1e6, 'f', 1) + QStringLiteral(" ms");
}

} // namespace interleave::mainwindow_text
