#pragma once

#include <optional>
#include <string>

namespace interleave::pytrace {

// What starting a process costs a real CPython on this machine: multiprocessing's spawn, from
// Process.start() until the child runs its target (resources/python/bench/spawn_start.py,
// median of three). The engine's emulated interpreter start-up (--process-start python) is
// calibrated from it instead of a fixed figure.
struct PythonStartCost {
    double ms = 0;
    std::string python; // the interpreter measured, its real path
    bool cached = false; // read from the cache rather than measured now
};

// Runs the measurement (about half a second); on failure nullopt and `error` says why.
std::optional<PythonStartCost> measurePythonStartCost(const std::string& python, const std::string& bootstrapDir,
                                                      std::string& error);

// The measurement cached in cacheFile for this interpreter (same real path, size and
// modification time), else a new one, stored there. A cache that cannot be read or written
// only costs a measurement.
std::optional<PythonStartCost> pythonStartCost(const std::string& python, const std::string& bootstrapDir,
                                               const std::string& cacheFile, std::string& error);

// $XDG_CACHE_HOME/interleave/python-start.json, else ~/.cache/interleave/python-start.json;
// empty when neither variable is set.
std::string defaultStartCostCacheFile();

} // namespace interleave::pytrace
