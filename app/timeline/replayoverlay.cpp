#include "timeline/replayoverlay.h"

#include <QPainter>
#include <QPolygonF>

#include <algorithm>

namespace interleave {

void paintPlayhead(QPainter& painter, const TimelineCoordinates& coords, const TimelinePalette& palette,
    TimeNs playhead, int lineTop, int veilTop, int height)
{
    const double x = coords.xForTime(playhead);
    const double left = coords.plotLeft();
    const double right = coords.plotRight();
    const double top = std::max(0, lineTop);
    const double veilFrom = std::max(top, static_cast<double>(veilTop));
    painter.save();
    painter.setClipRect(QRectF(left, top, right - left, std::max(0.0, height - top)));

    // The future: still there, but faint, so the eye follows the playhead.
    QColor veil = palette.background();
    veil.setAlpha(185);
    if (x < right) {
        const double from = std::max(left, x);
        painter.fillRect(QRectF(from, veilFrom, right - from, height - veilFrom), veil);
    }

    if (x >= left - 8 && x <= right + 8) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        QPen halo(palette.background(), 5);
        halo.setCapStyle(Qt::FlatCap);
        QPen line(palette.text(), 2);
        line.setCapStyle(Qt::FlatCap);
        painter.setPen(halo);
        painter.drawLine(QPointF(x, top), QPointF(x, height));
        painter.setPen(line);
        painter.drawLine(QPointF(x, top), QPointF(x, height));
        // A handle on the axis, pointing down at the instant.
        constexpr double kHalfWidth = 7;
        constexpr double kDepth = 11;
        const QPolygonF handle(
            {QPointF(x - kHalfWidth, top), QPointF(x + kHalfWidth, top), QPointF(x, top + kDepth)});
        painter.setPen(QPen(palette.background(), 1.5));
        painter.setBrush(palette.text());
        painter.drawPolygon(handle);
    }
    painter.restore();
}

} // namespace interleave
