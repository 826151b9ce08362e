#include "charts/chartstyle.h"

#include "themepalette.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFont>
#include <QLegend>
#include <QPalette>

namespace interleave::chartstyle {

void applyReadableStyle(QChart* chart, double typeScale)
{
    QFont title = chart->titleFont();
    title.setPointSizeF(kTitlePoints * typeScale);
    title.setBold(true);
    chart->setTitleFont(title);

    QFont legend = chart->legend()->font();
    legend.setPointSizeF(kTextPoints * typeScale);
    chart->legend()->setFont(legend);

    for (QAbstractAxis* axis : chart->axes()) {
        QFont labels = axis->labelsFont();
        labels.setPointSizeF(kTextPoints * typeScale);
        axis->setLabelsFont(labels);
        QFont axisTitle = axis->titleFont();
        axisTitle.setPointSizeF(kTextPoints * typeScale);
        axisTitle.setBold(false);
        axis->setTitleFont(axisTitle);
    }
    chart->setMargins(QMargins(6, 6, 6, 6));
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
}

QColor inkColor(const QPalette& palette)
{
    return palette.color(QPalette::Text);
}

QColor referenceColor(const QPalette& palette)
{
    return isDarkPalette(palette) ? QColor(0x94, 0xa3, 0xb8) : referenceColor();
}

void applyPaletteColours(QChart* chart, const QPalette& palette)
{
    const QColor ink = inkColor(palette);
    QColor grid = ink;
    grid.setAlphaF(isDarkPalette(palette) ? 0.22 : 0.15);
    QColor line = ink;
    line.setAlphaF(0.55);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setTitleBrush(ink);
    chart->legend()->setLabelColor(ink);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsColor(ink);
        axis->setTitleBrush(ink);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(line);
    }
}

} // namespace interleave::chartstyle
