#include "export/timelineexport.h"
#include "io/output_file.h"

#include "export/framedtimeline.h"

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

namespace interleave {
namespace {

QString shown(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

[[noreturn]] void fail(const QString& path, const QString& reason)
{
    throw TimelineExportError(QStringLiteral("cannot write %1: %2").arg(shown(path), reason).toStdString());
}

QByteArray renderPng(const FramedTimeline& framed, qreal scale)
{
    const QSize size = framed.size();
    const QSize pixels(static_cast<int>(std::lround(size.width() * scale)),
                       static_cast<int>(std::lround(size.height() * scale)));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return {};
    image.setDevicePixelRatio(scale);
    image.fill(framed.painter().palette().background());
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing, false);
        framed.paint(p);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return {};
    return bytes;
}

QByteArray renderSvg(const FramedTimeline& framed, const QString& title)
{
    const QSize size = framed.size();
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
        framed.paint(p);
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
    exportTimeline(trace, path, size, scale, theme, TimelineFraming {}, coreCount);
}

void exportTimeline(const Trace& trace, const QString& path, QSize size, qreal scale, TimelineTheme theme,
                    const TimelineFraming& framing, int coreCount)
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

    if (const auto problem = framingProblem(trace, framing))
        fail(path, QString::fromStdString(*problem));

    const FramedTimeline framed(trace, framing, size, theme, coreCount);
    const QByteArray bytes = *format == ExportFormat::Png
        ? renderPng(framed, scale)
        : renderSvg(framed, framing.title.isEmpty() ? QFileInfo(path).completeBaseName() : framing.title);
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
