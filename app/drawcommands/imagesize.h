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

// Why a picture of `size` logical pixels at `scale` is not drawn: more device pixels than
// export/timelineexport.h's kMaxExportPixels (64 megapixels). Checked before any run.
std::optional<std::string> imagePixelsProblem(QSize size, double scale);

} // namespace interleave::cli
