#include "charts/readablechartview.h"

#include "charts/chartstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QEvent>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>

#include <algorithm>
#include <cmath>

namespace interleave {
namespace {

// In points whether the font was given in points or in pixels.
double pointSizeOf(const QWidget& widget)
{
    return QFontInfo(widget.font()).pointSizeF();
}

QFont withPoints(QFont font, double points)
{
    font.setPointSizeF(points);
    return font;
}

// QtCharts' room around a text: the document margin of its text items and the padding of an
// axis title, with a pixel or two for rounding.
constexpr double kTextSlack = 8;

} // namespace

ReadableChartView::ReadableChartView(QWidget* parent)
    : QChartView(parent)
    , m_builtPointSize(pointSizeOf(*this))
{
    connect(chart(), &QChart::plotAreaChanged, this, [this] { fitTexts(); });
}

double ReadableChartView::typeScale() const
{
    return m_builtPointSize > 0 ? pointSizeOf(*this) / m_builtPointSize : 1.0;
}

double ReadableChartView::fittedPoints(double points, double width, double room, double floorPoints)
{
    if (width <= room || width <= 0)
        return points;
    if (room <= 0)
        return std::min(points, floorPoints);
    // Widths grow with the point size; the half point less leaves hinting its slack.
    return std::min(points, std::max(floorPoints, std::floor(points * room / width * 2) / 2 - 0.5));
}

void ReadableChartView::applyType(double scale)
{
    chartstyle::applyReadableStyle(chart(), scale);
    fitTexts();
}

void ReadableChartView::fitTexts()
{
    QChart* c = chart();
    const double scale = typeScale();
    const auto fitted = [&](const QFont& font, double ordinaryPoints, const QString& text, double room) {
        const double wanted = ordinaryPoints * scale;
        const double width = QFontMetricsF(withPoints(font, wanted)).horizontalAdvance(text) + kTextSlack;
        return withPoints(font, fittedPoints(wanted, width, room, std::min(wanted, ordinaryPoints)));
    };
    const auto set = [](const QFont& now, const QFont& fitted, const auto& apply) {
        if (now != fitted)
            apply(fitted);
    };
    // The chart's margins, and the layout's own few pixels inside them.
    const double across = c->size().width() - c->margins().left() - c->margins().right() - 2 * kTextSlack;
    if (!c->title().isEmpty() && across > 0)
        set(c->titleFont(), fitted(c->titleFont(), chartstyle::kTitlePoints, c->title(), across),
            [c](const QFont& f) { c->setTitleFont(f); });

    QLegend* legend = c->legend();
    if (legend->isVisible() && (legend->alignment() & (Qt::AlignTop | Qt::AlignBottom)) && across > 0) {
        // In a row: each entry its marker (about a line high), a gap and its label.
        QString row;
        int entries = 0;
        for (const QLegendMarker* marker : legend->markers())
            if (marker->isVisible()) {
                row += marker->label();
                ++entries;
            }
        const double perEntry = QFontMetricsF(withPoints(legend->font(), chartstyle::kTextPoints * scale)).height() * 1.6 + 12;
        set(legend->font(), fitted(legend->font(), chartstyle::kTextPoints, row, across - entries * perEntry),
            [legend](const QFont& f) { legend->setFont(f); });
    }

    const QRectF plot = c->plotArea();
    if (plot.isEmpty())
        return;
    for (QAbstractAxis* axis : c->axes()) {
        if (axis->titleText().isEmpty() || !axis->isTitleVisible())
            continue;
        const double along = axis->orientation() == Qt::Vertical ? plot.height() : plot.width();
        set(axis->titleFont(), fitted(axis->titleFont(), chartstyle::kTextPoints, axis->titleText(), along),
            [axis](const QFont& f) { axis->setTitleFont(f); });
    }
}

void ReadableChartView::applyColours()
{
    chartstyle::applyPaletteColours(chart(), palette());
}

void ReadableChartView::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        restyle();
    else if (event->type() == QEvent::PaletteChange)
        applyColours();
}

void ReadableChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    fitTexts();
}

} // namespace interleave
