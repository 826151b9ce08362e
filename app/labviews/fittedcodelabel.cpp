#include "labviews/fittedcodelabel.h"

#include <QPainter>
#include <QStyle>
#include <QStyleOption>

#include <algorithm>
#include <cmath>

namespace interleave {

FittedCodeLabel::FittedCodeLabel(QWidget* parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

QSize FittedCodeLabel::textSize() const
{
    return fontMetrics().size(0, text());
}

QSize FittedCodeLabel::around() const
{
    const QMargins frame = contentsMargins();
    return {frame.left() + frame.right() + 2 * margin(), frame.top() + frame.bottom() + 2 * margin()};
}

double FittedCodeLabel::scaleFor(int width) const
{
    const int text = textSize().width();
    const int room = width - around().width();
    if (text <= 0 || room >= text)
        return 1;
    return std::max(kMinScale, static_cast<double>(room) / text);
}

QSize FittedCodeLabel::sizeHint() const
{
    return textSize() + around();
}

QSize FittedCodeLabel::minimumSizeHint() const
{
    const QSize text = textSize();
    return QSize(static_cast<int>(std::ceil(text.width() * kMinScale)), static_cast<int>(std::ceil(text.height() * kMinScale)))
        + around();
}

int FittedCodeLabel::heightForWidth(int width) const
{
    return static_cast<int>(std::ceil(textSize().height() * scaleFor(width))) + around().height();
}

void FittedCodeLabel::paintEvent(QPaintEvent* event)
{
    const double factor = scale();
    if (factor >= 1) {
        QLabel::paintEvent(event); // the label's own painting, with its selection
        return;
    }
    // The frame as QFrame draws it, then the text drawn smaller inside it.
    QFrame::paintEvent(event);
    QPainter painter(this);
    const QRect inside = contentsRect().adjusted(margin(), margin(), -margin(), -margin());
    painter.translate(inside.topLeft());
    painter.scale(factor, factor);
    painter.setPen(palette().color(foregroundRole()));
    painter.setFont(font());
    painter.drawText(QRectF(0, 0, inside.width() / factor, inside.height() / factor),
        static_cast<int>(alignment()), text());
}

} // namespace interleave
