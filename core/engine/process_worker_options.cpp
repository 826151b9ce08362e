#include "engine/process_worker_options.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace interleave {

namespace {

std::string formatDouble(double v)
{
    // Shortest form that reads back to the same double: the child's work matches exactly.
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

[[noreturn]] void bad(std::string_view option, std::string_view value, std::string_view why)
{
    throw std::invalid_argument("--" + std::string(option) + " " + std::string(value) + ": "
                                + std::string(why));
}

template <typename T>
T parseInteger(std::string_view option, std::string_view value, T min, T max)
{
    T v{};
    const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
    if (r.ec == std::errc::result_out_of_range)
        bad(option, value, "out of range");
    if (r.ec != std::errc{} || r.ptr != value.data() + value.size())
        bad(option, value, "not an integer");
    if (v < min || v > max)
        bad(option, value, "out of range");
    return v;
}

double parseDouble(std::string_view option, std::string_view value)
{
    double v = 0;
    const auto r = std::from_chars(value.data(), value.data() + value.size(), v);
    if (r.ec != std::errc{} || r.ptr != value.data() + value.size() || !std::isfinite(v) || v < 0)
        bad(option, value, "not a non-negative number");
    return v;
}

} // namespace

std::vector<std::string> toWorkerArguments(const ProcessWorkerOptions& o)
{
    return {
        "--mode",
        o.mode == ProcessWorkerOptions::Mode::Pool ? "pool" : "single",
        "--index",
        std::to_string(o.index),
        "--task",
        std::to_string(o.task),
        "--workload",
        std::string(workloadName(o.spec.kind)),
        "--work-iterations",
        std::to_string(o.spec.workIterations),
        "--latency-ns",
        std::to_string(o.spec.latencyNs),
        "--rounds",
        std::to_string(o.spec.rounds),
        "--gil",
        o.gil ? "on" : "off",
        "--switch-interval-ns",
        std::to_string(o.switchIntervalNs),
        "--start",
        std::string(processStartName(o.start)),
        "--start-iterations",
        std::to_string(o.startIterations),
        "--iterations-per-ms",
        formatDouble(o.iterationsPerMs),
        "--records-fd",
        std::to_string(o.recordsFd),
        "--commands-fd",
        std::to_string(o.commandsFd),
    };
}

ProcessWorkerOptions parseWorkerArguments(const std::vector<std::string>& args)
{
    constexpr auto kMaxI64 = std::numeric_limits<std::int64_t>::max();
    constexpr auto kMaxU64 = std::numeric_limits<std::uint64_t>::max();
    ProcessWorkerOptions o;
    for (std::size_t i = 0; i < args.size(); i += 2) {
        std::string_view arg = args[i];
        if (!arg.starts_with("--"))
            throw std::invalid_argument("unexpected argument '" + args[i] + "'");
        const std::string_view name = arg.substr(2);
        if (i + 1 >= args.size())
            throw std::invalid_argument("--" + std::string(name) + " needs a value");
        const std::string_view value = args[i + 1];

        if (name == "mode") {
            if (value == "single")
                o.mode = ProcessWorkerOptions::Mode::Single;
            else if (value == "pool")
                o.mode = ProcessWorkerOptions::Mode::Pool;
            else
                bad(name, value, "expected single or pool");
        } else if (name == "index") {
            o.index = parseInteger<int>(name, value, 1, 1 << 20);
        } else if (name == "task") {
            o.task = parseInteger<std::int32_t>(name, value, 0, std::numeric_limits<std::int32_t>::max());
        } else if (name == "workload") {
            const auto w = workloadFromName(value);
            if (!w)
                bad(name, value, "unknown workload");
            o.spec.kind = *w;
        } else if (name == "work-iterations") {
            o.spec.workIterations = parseInteger<std::uint64_t>(name, value, 0, kMaxU64);
        } else if (name == "latency-ns") {
            o.spec.latencyNs = parseInteger<std::int64_t>(name, value, 0, kMaxI64);
        } else if (name == "rounds") {
            o.spec.rounds = parseInteger<int>(name, value, 1, 1 << 20);
        } else if (name == "gil") {
            if (value == "on")
                o.gil = true;
            else if (value == "off")
                o.gil = false;
            else
                bad(name, value, "expected on or off");
        } else if (name == "switch-interval-ns") {
            o.switchIntervalNs = parseInteger<std::int64_t>(name, value, 1, kMaxI64);
        } else if (name == "start") {
            const auto s = processStartFromName(value);
            if (!s)
                bad(name, value, "expected native or python");
            o.start = *s;
        } else if (name == "start-iterations") {
            o.startIterations = parseInteger<std::uint64_t>(name, value, 0, kMaxU64);
        } else if (name == "iterations-per-ms") {
            o.iterationsPerMs = parseDouble(name, value);
        } else if (name == "records-fd") {
            o.recordsFd = parseInteger<int>(name, value, 0, 1 << 20);
        } else if (name == "commands-fd") {
            o.commandsFd = parseInteger<int>(name, value, 0, 1 << 20);
        } else {
            throw std::invalid_argument("unknown option --" + std::string(name));
        }
    }
    return o;
}

} // namespace interleave
