#include "teachviews/choicestyle.h"

#include <QPainter>
#include <QStyleOption>
#include <QWidget>

#include <algorithm>

namespace interleave {

int ChoiceStyle::pixelMetric(PixelMetric metric, const QStyleOption* option, const QWidget* widget) const
{
    if ((metric == PM_ExclusiveIndicatorWidth || metric == PM_ExclusiveIndicatorHeight) && widget != nullptr)
        return std::max(QProxyStyle::pixelMetric(metric, option, widget), widget->fontInfo().pixelSize() * 9 / 10);
    return QProxyStyle::pixelMetric(metric, option, widget);
}

QSize ChoiceStyle::sizeFromContents(
    ContentsType type, const QStyleOption* option, const QSize& contents, const QWidget* widget) const
{
    QSize size = QProxyStyle::sizeFromContents(type, option, contents, widget);
    if (type == CT_RadioButton)
        size.setHeight(std::max(contents.height(), pixelMetric(PM_ExclusiveIndicatorHeight, option, widget)));
    return size;
}

void ChoiceStyle::drawPrimitive(
    PrimitiveElement element, const QStyleOption* option, QPainter* painter, const QWidget* widget) const
{
    if (element != PE_IndicatorRadioButton) {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        return;
    }
    const bool enabled = option->state & State_Enabled;
    const QPalette::ColorGroup group = enabled ? QPalette::Active : QPalette::Disabled;
    const qreal side = std::min(option->rect.width(), option->rect.height());
    const qreal pen = std::max<qreal>(1.0, side / 10);
    const QRectF ring = QRectF(option->rect.x(), option->rect.y(), side, side).adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(option->palette.color(group, QPalette::WindowText), pen));
    painter->setBrush(option->palette.color(group, QPalette::Base));
    painter->drawEllipse(ring);
    if (option->state & State_On) {
        const qreal inset = side * 0.27;
        painter->setPen(Qt::NoPen);
        painter->setBrush(option->palette.color(group, enabled ? QPalette::Highlight : QPalette::WindowText));
        painter->drawEllipse(ring.adjusted(inset, inset, -inset, -inset));
    }
    painter->restore();
}

} // namespace interleave
