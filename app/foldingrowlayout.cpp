#include "foldingrowlayout.h"

#include <QWidget>

#include <algorithm>

namespace interleave {

FoldingRowLayout::FoldingRowLayout(QWidget* parent)
    : QBoxLayout(QBoxLayout::LeftToRight, parent)
{
}

int FoldingRowLayout::sideBySideWidth() const
{
    int width = 0;
    int shown = 0;
    for (int i = 0; i < count(); ++i) {
        QLayoutItem* item = itemAt(i);
        if (item->isEmpty() || item->spacerItem() != nullptr)
            continue;
        width += item->minimumSize().width();
        ++shown;
    }
    const int gap = std::max(0, spacing());
    const QMargins m = contentsMargins();
    return width + std::max(0, shown - 1) * gap + m.left() + m.right();
}

QSize FoldingRowLayout::minimumSize() const
{
    // As narrow as the column; as tall as the arrangement the present width has.
    int width = 0;
    for (int i = 0; i < count(); ++i)
        if (!itemAt(i)->isEmpty())
            width = std::max(width, itemAt(i)->minimumSize().width());
    const QMargins m = contentsMargins();
    return {width + m.left() + m.right(), QBoxLayout::minimumSize().height()};
}

void FoldingRowLayout::setGeometry(const QRect& rect)
{
    // Changing direction invalidates the layout; it is then laid out again, in the new one,
    // and the parent learns the new height.
    const Direction wanted = rect.width() >= sideBySideWidth() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (direction() != wanted)
        setDirection(wanted);
    QBoxLayout::setGeometry(rect);
}

} // namespace interleave
