#include "export/framedtimeline.h"

#include "timeline/replayoverlay.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <thread>

namespace interleave {
namespace {

// As the window leaves room for the start and end markers when it fits the whole trace.
constexpr double kFitMarginPx = 8;
constexpr int kBandPadding = 10;

// The core count of the machine that made the run, as its trace says (the engine writes it);
// this machine's for a trace that does not say.
int coresOf(const Trace& trace)
{
    const auto it = trace.metadata().find("cores");
    if (it != trace.metadata().end()) {
        int cores = 0;
        const char* end = it->second.data() + it->second.size();
        const auto [ptr, ec] = std::from_chars(it->second.data(), end, cores);
        if (ec == std::errc() && ptr == end && cores >= 1 && cores <= 65'536)
            return cores;
    }
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

} // namespace

FramedTimeline::FramedTimeline(
    const Trace& trace, const TimelineFraming& framing, QSize size, TimelineTheme theme, int coreCount)
    : m_painter(theme)
    , m_framing(framing)
    , m_window(framedWindow(trace, framing))
    , m_size(size)
{
    m_painter.setTrace(trace);
    // One picture, drawn once: the exact strip is worth building even for a large trace.
    if (!m_painter.parallelism())
        m_painter.setParallelism(std::make_shared<const ParallelismProfile>(trace));
    m_painter.setCoreCount(coreCount > 0 ? coreCount : coresOf(trace));
    m_painter.setLegendShown(framing.legend);
    if (!framing.lanes.empty()) {
        if (auto lanes = framedLanes(trace, framing, nullptr))
            m_painter.setShownLanes(std::move(*lanes));
    }

    m_titleFont = m_painter.font();
    m_titleFont.setBold(true);
    m_titleFont.setPointSizeF(m_painter.font().pointSizeF() * 1.45);
    m_captionFont = m_painter.font();
    const int textWidth = std::max(1, size.width() - 2 * kBandPadding);
    if (!framing.title.isEmpty()) {
        const QFontMetricsF metrics(m_titleFont);
        const QRectF box = metrics.boundingRect(
            QRectF(0, 0, textWidth, 1e6), Qt::AlignLeft | Qt::TextWordWrap, framing.title);
        m_titleHeight = static_cast<int>(std::ceil(box.height())) + 2 * kBandPadding;
    }
    if (!framing.caption.isEmpty()) {
        const QFontMetricsF metrics(m_captionFont);
        const QRectF box = metrics.boundingRect(
            QRectF(0, 0, textWidth, 1e6), Qt::AlignLeft | Qt::TextWordWrap, framing.caption);
        m_captionHeight = static_cast<int>(std::ceil(box.height())) + 2 * kBandPadding;
    }
    // The bands never take the whole picture: the timeline keeps at least half of it.
    const int maxBands = size.height() / 2;
    if (m_titleHeight + m_captionHeight > maxBands) {
        const double share = static_cast<double>(maxBands) / (m_titleHeight + m_captionHeight);
        m_titleHeight = static_cast<int>(m_titleHeight * share);
        m_captionHeight = static_cast<int>(m_captionHeight * share);
    }

    m_coords.setWidth(size.width());
    m_painter.layout(m_coords);
    if (!trace.empty() || m_window.explicitStart || m_window.explicitEnd) {
        // An explicit edge is drawn exactly there; a trace's own edge with the margin that keeps
        // its markers whole.
        const double margin = m_window.explicitStart || m_window.explicitEnd ? 0 : kFitMarginPx;
        if (m_window.end > m_window.start)
            m_coords.fitTo(m_window.start, m_window.end, margin);
    }
}

void FramedTimeline::paint(QPainter& painter) const
{
    const TimelinePalette& palette = m_painter.palette();
    painter.save();
    painter.fillRect(QRect(QPoint(0, 0), m_size), palette.background());
    const int textWidth = std::max(1, m_size.width() - 2 * kBandPadding);
    if (m_titleHeight > 0) {
        painter.setFont(m_titleFont);
        painter.setPen(palette.text());
        painter.drawText(QRectF(kBandPadding, kBandPadding, textWidth, m_titleHeight - 2 * kBandPadding),
            Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, m_framing.title);
    }
    painter.save();
    painter.translate(0, m_titleHeight);
    painter.setClipRect(QRect(0, 0, m_size.width(), timelineHeight()));
    m_painter.paint(painter, m_coords, timelineHeight());
    painter.restore();
    if (m_captionHeight > 0) {
        const int top = m_size.height() - m_captionHeight;
        painter.setPen(palette.separatorPen());
        painter.drawLine(QPointF(0, top + 0.5), QPointF(m_size.width(), top + 0.5));
        painter.setFont(m_captionFont);
        painter.setPen(palette.text());
        painter.drawText(QRectF(kBandPadding, top + kBandPadding, textWidth, m_captionHeight - 2 * kBandPadding),
            Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, m_framing.caption);
    }
    painter.restore();
}

void FramedTimeline::paintPlayhead(QPainter& painter, TimeNs t) const
{
    painter.save();
    painter.translate(0, m_titleHeight);
    painter.setClipRect(QRect(0, 0, m_size.width(), timelineHeight()));
    // Where the window's timeline puts it: the handle on the axis's ticks, the veil from the
    // parallelism strip down.
    const int stripTop = m_painter.stripTop(m_coords);
    interleave::paintPlayhead(painter, m_coords, m_painter.palette(), t, stripTop - 11, stripTop, timelineHeight());
    painter.restore();
}

} // namespace interleave
