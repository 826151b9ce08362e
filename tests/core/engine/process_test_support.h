#pragma once

// Helpers shared by the child-process and process-model tests.

#include "trace/recorder.h"

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <functional>
#include <optional>
#include <poll.h>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace interleave::test {

// True once pid names no child of ours, live or zombie: the pid is gone, or already reused by
// an unrelated process.
inline bool processGone(int pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat)
        return true;
    std::string line;
    std::getline(stat, line);
    // "pid (comm) S ppid ...": the fields follow the last ')' (comm may contain one).
    const auto paren = line.rfind(')');
    if (paren == std::string::npos)
        return true;
    std::istringstream fields(line.substr(paren + 1));
    char state = '?';
    int ppid = 0;
    fields >> state >> ppid;
    return state != 'Z' && ppid != ::getpid();
}

// A compact dump of the recorder for failure messages: each lane and its states.
inline std::string describeRecorder(const RecorderSnapshot& snap)
{
    std::string out;
    for (const auto& lane : snap.lanes) {
        out += lane.info.name + " (pid " + std::to_string(lane.info.pid) + "):";
        for (std::size_t i = 0; i < lane.count; ++i) {
            const StateChange& r = lane.store->at(i);
            out += " " + std::string(stateName(r.state)) + "/" + std::to_string(r.task);
        }
        out += "\n";
    }
    return out;
}

// Reads a non-blocking fd until end of file, waiting with poll(); gives up after timeout.
inline std::string readToEnd(int fd, std::chrono::milliseconds timeout = std::chrono::seconds(10))
{
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buffer[4096];
    while (std::chrono::steady_clock::now() < deadline) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            out.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0)
            return out;
        if (errno != EAGAIN && errno != EINTR)
            return out;
        pollfd p{fd, POLLIN, 0};
        ::poll(&p, 1, 50);
    }
    return out;
}

inline bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

inline std::vector<StateChange> laneRecords(const RecorderSnapshot& snap, LaneId id)
{
    const auto& lane = snap.lanes.at(static_cast<std::size_t>(id));
    std::vector<StateChange> records;
    for (std::size_t i = 0; i < lane.count; ++i)
        records.push_back(lane.store->at(i));
    return records;
}

inline std::optional<LaneInfo> findLane(const RecorderSnapshot& snap, const std::string& name)
{
    for (const auto& lane : snap.lanes) {
        if (lane.info.name == name)
            return lane.info;
    }
    return std::nullopt;
}

} // namespace interleave::test
