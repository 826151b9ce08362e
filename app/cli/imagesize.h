#pragma once

#include <QSize>

#include <optional>
#include <string>

namespace interleave::cli {

// The largest side a command draws, in logical pixels.
inline constexpr int kMaxImageSide = 16'384;

// "1600x900" -> 1600 by 900; nullopt unless both sides are whole numbers in [1, kMaxImageSide].
// The --size option of the commands that draw (screenshot, tour).
std::optional<QSize> parseImageSize(const std::string& text);

} // namespace interleave::cli
