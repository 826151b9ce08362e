#include "trace/duration_text.h"

#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace interleave {

namespace {

constexpr std::uint64_t kPowersOfTen[] = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000};

int checkedDecimals(int decimals)
{
    if (decimals < 0 || decimals > 6)
        throw std::invalid_argument("decimals must be 0 to 6");
    return decimals;
}

// `scaled` counts units of the last digit shown: 43 with one decimal is "4.3".
std::string scaledText(bool negative, std::uint64_t scaled, int decimals)
{
    const std::uint64_t power = kPowersOfTen[decimals];
    std::string text = negative ? "-" : "";
    text += std::to_string(scaled / power);
    if (decimals > 0) {
        std::string fraction = std::to_string(scaled % power);
        text += '.';
        text.append(static_cast<std::size_t>(decimals) - fraction.size(), '0');
        text += fraction;
    }
    return text;
}

} // namespace

std::string fixedText(TimeNs ns, TimeNs unit, int decimals)
{
    const std::uint64_t power = kPowersOfTen[checkedDecimals(decimals)];
    if (unit <= 0 || static_cast<std::uint64_t>(unit) % power != 0)
        throw std::invalid_argument("the unit must be a positive multiple of 10^decimals");
    const std::uint64_t step = static_cast<std::uint64_t>(unit) / power;
    // The magnitude as unsigned: -INT64_MIN does not fit a TimeNs, and adding half a step
    // cannot overflow 64 unsigned bits.
    const std::uint64_t magnitude
        = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    return scaledText(ns < 0, (magnitude + step / 2) / step, decimals);
}

std::string millisecondsText(TimeNs ns, int decimals)
{
    return fixedText(ns, kNsPerMs, decimals);
}

std::string durationText(TimeNs ns)
{
    const bool small = ns > -10 * kNsPerMs && ns < 10 * kNsPerMs;
    return millisecondsText(ns, small ? 1 : 0) + " ms";
}

std::string secondsText(TimeNs ns)
{
    return fixedText(ns, 1000 * kNsPerMs, 2) + " s";
}

std::string percentText(double share, int decimals)
{
    const double power = static_cast<double>(kPowersOfTen[checkedDecimals(decimals)]);
    const double scaled = std::round(std::abs(share) * 100.0 * power);
    if (std::isnan(scaled))
        return "nan%";
    if (scaled >= 1e18) // infinity, or a share no one writes as a percentage
        return share < 0 ? "-inf%" : "inf%";
    return scaledText(share < 0, static_cast<std::uint64_t>(scaled), decimals) + "%";
}

} // namespace interleave
