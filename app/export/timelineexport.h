#pragma once

#include "export/timelineframing.h"
#include "timeline/timelinepalette.h"
#include "trace/trace.h"

#include <QSize>
#include <QString>

#include <optional>
#include <stdexcept>
#include <string>

namespace interleave {

enum class ExportFormat { Png, Svg };

// Thrown by exportTimeline; the message names the path and says what went wrong.
class TimelineExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The largest scale (device pixels per logical pixel) an export draws at.
inline constexpr double kMaxExportScale = 8;

// The most device pixels a PNG is drawn with: 64 megapixels, an image of 256 MB in memory (4
// bytes a pixel) before it is encoded. 3840x2160 at scale 2 (33 megapixels) fits;
// 16384x16384 at scale 2 (1074 megapixels, 4.3 GB) does not.
inline constexpr double kMaxExportPixels = 64e6;

// Why size logical pixels at scale cannot be drawn (more device pixels than kMaxExportPixels),
// in words; nullopt when they can.
std::optional<std::string> exportPixelsProblem(QSize size, qreal scale);

// The format a path's extension asks for (".png" or ".svg", any case); nullopt otherwise.
std::optional<ExportFormat> exportFormatForPath(const QString& path);

// Draws the whole trace, fitted, with the legend, the axis and the parallelism strip, exactly
// as the window's timeline draws it (the same TimelinePainter), into a file of size logical
// pixels. PNG: an image of size * scale device pixels with that device pixel ratio. SVG: a
// vector drawing with a view box of size. The format follows the extension.
//
// The file is written atomically: it is replaced whole or left alone, and nothing is left
// behind on failure. Throws TimelineExportError for an unknown extension, an empty size, a
// scale outside (0, 8] or a path that cannot be written. Needs a QGuiApplication (text).
// coreCount draws the parallelism strip's reference line; 0 or less: the trace's "cores"
// (the machine that ran it), else this machine's.
void exportTimeline(const Trace& trace, const QString& path, QSize size, qreal scale, TimelineTheme theme,
                    int coreCount = 0);
// The same, framed (export/timelineframing.h): a window of time, some lanes, a title and a
// caption in bands of their own within size, the legend or not. Throws TimelineExportError,
// with framingProblem()'s sentence, for a framing the trace refuses.
void exportTimeline(const Trace& trace, const QString& path, QSize size, qreal scale, TimelineTheme theme,
                    const TimelineFraming& framing, int coreCount = 0);

} // namespace interleave
