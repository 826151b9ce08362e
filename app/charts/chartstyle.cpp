#include "charts/chartstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFont>
#include <QLegend>

namespace interleave::chartstyle {

void applyReadableStyle(QChart* chart)
{
    QFont title = chart->titleFont();
    title.setPointSizeF(13);
    title.setBold(true);
    chart->setTitleFont(title);

    QFont legend = chart->legend()->font();
    legend.setPointSizeF(11);
    chart->legend()->setFont(legend);

    for (QAbstractAxis* axis : chart->axes()) {
        QFont labels = axis->labelsFont();
        labels.setPointSizeF(11);
        axis->setLabelsFont(labels);
        QFont axisTitle = axis->titleFont();
        axisTitle.setPointSizeF(11);
        axisTitle.setBold(false);
        axis->setTitleFont(axisTitle);
    }
    chart->setMargins(QMargins(6, 6, 6, 6));
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
}

} // namespace interleave::chartstyle
