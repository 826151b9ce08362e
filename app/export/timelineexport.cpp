#include "export/timelineexport.h"
#include "io/output_file.h"

#include "timeline/timelinecoordinates.h"
#include "timeline/timelinepainter.h"

#include <QBuffer>
#include <QFile>
#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

namespace interleave {
namespace {

// As the window leaves room for the start and end markers when it fits the whole trace.
constexpr double kFitMarginPx = 8;

QString shown(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

[[noreturn]] void fail(const QString& path, const QString& reason)
{
    throw TimelineExportError(QStringLiteral("cannot write %1: %2").arg(shown(path), reason).toStdString());
}

// Lays the painter out for a plot of width logical pixels showing the whole trace.
TimelineCoordinates fittedCoordinates(const TimelinePainter& painter, const Trace& trace, int width)
{
    TimelineCoordinates coords;
    coords.setWidth(width);
    painter.layout(coords);
    if (!trace.empty())
        coords.fitTo(trace.startTime(), trace.endTime(), kFitMarginPx);
    return coords;
}

QByteArray renderPng(const TimelinePainter& painter, const TimelineCoordinates& coords, QSize size, qreal scale)
{
    const QSize pixels(static_cast<int>(std::lround(size.width() * scale)),
                       static_cast<int>(std::lround(size.height() * scale)));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return {};
    image.setDevicePixelRatio(scale);
    image.fill(painter.palette().background());
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, false);
        painter.paint(p, coords, size.height());
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return {};
    return bytes;
}

QByteArray renderSvg(const TimelinePainter& painter, const TimelineCoordinates& coords, QSize size,
                     const QString& title)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setResolution(96); // so width and height come out as size in CSS pixels
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(title);
    generator.setDescription(QStringLiteral("Interleave timeline"));
    {
        QPainter p(&generator);
        p.fillRect(QRect(QPoint(0, 0), size), painter.palette().background());
        painter.paint(p, coords, size.height());
    }
    return bytes;
}

} // namespace

std::optional<std::string> exportPixelsProblem(QSize size, qreal scale)
{
    const double pixels = std::round(size.width() * scale) * std::round(size.height() * scale);
    if (pixels <= kMaxExportPixels)
        return std::nullopt;
    char text[200];
    std::snprintf(text, sizeof text,
        "%dx%d at scale %g is %.0f megapixels; the most a picture may have is %.0f megapixels "
        "(%.0f MB in memory): make it smaller or lower the scale",
        size.width(), size.height(), scale, pixels / 1e6, kMaxExportPixels / 1e6, kMaxExportPixels * 4 / 1e6);
    return std::string(text);
}

std::optional<ExportFormat> exportFormatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return ExportFormat::Png;
    if (suffix == QLatin1String("svg"))
        return ExportFormat::Svg;
    return std::nullopt;
}

void exportTimeline(const Trace& trace, const QString& path, QSize size, qreal scale, TimelineTheme theme,
                    int coreCount)
{
    // "-" is standard output, as a PNG.
    const std::optional<ExportFormat> format
        = path == QLatin1String("-") ? std::optional(ExportFormat::Png) : exportFormatForPath(path);
    if (!format)
        fail(path, QStringLiteral("unknown image type; the name must end in .png or .svg"));
    if (size.width() <= 0 || size.height() <= 0)
        fail(path, QStringLiteral("the size %1x%2 is empty").arg(size.width()).arg(size.height()));
    if (!(scale > 0 && scale <= kMaxExportScale))
        fail(path, QStringLiteral("the scale %1 is not in (0, %2]").arg(scale).arg(kMaxExportScale));
    if (*format == ExportFormat::Png) {
        if (const auto problem = exportPixelsProblem(size, scale))
            fail(path, QString::fromStdString(*problem));
    }

    TimelinePainter painter(theme);
    painter.setTrace(trace);
    // One picture, drawn once: the exact strip is worth building even for a large trace.
    if (!painter.parallelism())
        painter.setParallelism(std::make_shared<const ParallelismProfile>(trace));
    painter.setCoreCount(coreCount > 0 ? coreCount
                                       : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    const TimelineCoordinates coords = fittedCoordinates(painter, trace, size.width());

    const QByteArray bytes = *format == ExportFormat::Png
        ? renderPng(painter, coords, size, scale)
        : renderSvg(painter, coords, size, QFileInfo(path).completeBaseName());
    if (bytes.isEmpty())
        fail(path, QStringLiteral("the image could not be drawn (too large?)"));

    // Rendered in memory first, so a failed write leaves no half-drawn file: a regular file is
    // replaced by rename or left as it was, a device or FIFO written in place (io/output_file.h).
    try {
        writeOutputFile(path == QLatin1String("-") ? std::string("-") : QFile::encodeName(path).toStdString(),
            std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    } catch (const OutputFileError& e) {
        fail(path, QString::fromStdString(outputErrorText(e.error())));
    }
}

} // namespace interleave
