#include "pytrace/process_start.h"

#include "engine/child_process.h"
#include "io/output_file.h"
#include "pytrace/python_session.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <csignal>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace interleave::pytrace {
namespace {

constexpr int kMeasureTimeoutMs = 30'000;

struct Identity {
    std::string path;
    std::uint64_t size = 0;
    std::int64_t mtimeNs = 0;
};

std::optional<Identity> identify(const std::string& python)
{
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::canonical(python, ec);
    if (ec)
        return std::nullopt;
    struct stat st {};
    if (::stat(real.c_str(), &st) != 0)
        return std::nullopt;
    return Identity{real.string(), static_cast<std::uint64_t>(st.st_size),
                    static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

// The child's standard output, read to its end or until the deadline.
std::optional<std::string> readAll(ChildProcess& child, std::size_t channel, int timeoutMs)
{
    std::string out;
    const TimeNs deadline = nowNs() + static_cast<TimeNs>(timeoutMs) * 1'000'000;
    for (;;) {
        const TimeNs left = deadline - nowNs();
        if (left <= 0)
            return std::nullopt;
        pollfd p{child.channelFd(channel), POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left / 1'000'000) + 1);
        if (ready < 0 && errno != EINTR)
            return std::nullopt;
        if (ready <= 0)
            continue;
        char buffer[512];
        const ssize_t n = ::read(p.fd, buffer, sizeof buffer);
        if (n == 0)
            return out;
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            return std::nullopt;
        }
        out.append(buffer, static_cast<std::size_t>(n));
        if (out.size() > 4096)
            return std::nullopt;
    }
}

// How the cached figure was measured: a figure measured another way (the median of three,
// which a busy moment inflated to ten times the quiet cost) is measured again.
constexpr const char* kStartCostMethod = "fastest of 5 spawns";

} // namespace

std::optional<PythonStartCost> measurePythonStartCost(const std::string& python, const std::string& bootstrapDir,
                                                      std::string& error)
{
    const std::string interpreter = findExecutable(python);
    if (interpreter.empty()) {
        error = "no Python found as '" + python + "'";
        return std::nullopt;
    }
    const std::string script = bootstrapDir + "/bench/spawn_start.py";
    if (::access(script.c_str(), R_OK) != 0) {
        error = "the measuring program " + script + " is missing";
        return std::nullopt;
    }
    SpawnOptions spawn;
    spawn.path = interpreter;
    spawn.args = {"-I", script}; // isolated: no user site, no PYTHON* variables
    spawn.channels = {ChildChannel{.childFd = 1, .direction = ChildChannel::Direction::FromChild}};
    spawn.newProcessGroup = true;
    try {
        ChildProcess child = ChildProcess::spawn(spawn);
        const std::optional<std::string> out = readAll(child, 0, kMeasureTimeoutMs);
        if (!out) {
            child.signalGroup(SIGKILL);
            child.reap();
            error = "measuring Python's process start-up did not finish";
            return std::nullopt;
        }
        child.reap();
        child.signalGroup(SIGKILL); // anything of the group left behind
        double ms = 0;
        const char* first = out->data();
        const char* last = first + out->size();
        while (last > first && (last[-1] == '\n' || last[-1] == '\r' || last[-1] == ' '))
            --last;
        const auto [end, ec] = std::from_chars(first, last, ms);
        if (!child.status().succeeded() || ec != std::errc() || end != last || !(ms > 0) || ms > 60'000) {
            error = "measuring Python's process start-up failed (" + child.status().describe() + ")";
            return std::nullopt;
        }
        const auto id = identify(interpreter);
        return PythonStartCost{ms, id ? id->path : interpreter, false};
    } catch (const std::exception& e) {
        error = e.what();
        return std::nullopt;
    }
}

std::optional<PythonStartCost> pythonStartCost(const std::string& python, const std::string& bootstrapDir,
                                               const std::string& cacheFile, std::string& error)
{
    const std::string interpreter = findExecutable(python);
    const auto id = interpreter.empty() ? std::nullopt : identify(interpreter);
    if (id && !cacheFile.empty()) {
        std::ifstream in(cacheFile);
        const auto cache = nlohmann::json::parse(in, nullptr, false);
        if (!cache.is_discarded() && cache.is_object() && cache.value("python", "") == id->path
            && cache.value("size", std::uint64_t{0}) == id->size && cache.value("mtime_ns", std::int64_t{0}) == id->mtimeNs
            && cache.value("method", "") == kStartCostMethod && cache.contains("spawn_start_ms")
            && cache["spawn_start_ms"].is_number()) {
            const double ms = cache["spawn_start_ms"].get<double>();
            if (ms > 0 && ms <= 60'000)
                return PythonStartCost{ms, id->path, true};
        }
    }
    auto measured = measurePythonStartCost(python, bootstrapDir, error);
    if (measured && id && !cacheFile.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(cacheFile).parent_path(), ec);
        // A cache that cannot be written is only measured again next time.
        try {
            writeOutputFile(cacheFile,
                nlohmann::json{{"python", id->path}, {"size", id->size}, {"mtime_ns", id->mtimeNs},
                    {"method", kStartCostMethod}, {"spawn_start_ms", measured->ms}}.dump()
                    + "\n");
        } catch (const OutputFileError&) {
        }
    }
    return measured;
}

std::string defaultStartCostCacheFile()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/')
        return std::string(xdg) + "/interleave/python-start.json";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
        return std::string(home) + "/.cache/interleave/python-start.json";
    return {};
}

} // namespace interleave::pytrace
