#include "charts/chartstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFont>
#include <QLegend>

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

} // namespace interleave::chartstyle
