#include "wraplayout.h"

#include <QSpacerItem>
#include <QStyle>
#include <QWidget>

#include <algorithm>
#include <vector>

namespace interleave {

WrapLayout::WrapLayout(QWidget* parent)
    : QLayout(parent)
{
}

WrapLayout::~WrapLayout()
{
    while (QLayoutItem* item = takeAt(0))
        delete item;
}

void WrapLayout::addItem(QLayoutItem* item)
{
    m_items.append(item);
    invalidate();
}

void WrapLayout::addLayout(QLayout* layout)
{
    addChildLayout(layout);
    addItem(layout);
}

void WrapLayout::addStretch()
{
    addItem(new QSpacerItem(0, 0, QSizePolicy::Expanding, QSizePolicy::Minimum));
}

int WrapLayout::count() const
{
    return static_cast<int>(m_items.size());
}

QLayoutItem* WrapLayout::itemAt(int index) const
{
    return m_items.value(index);
}

QLayoutItem* WrapLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    QLayoutItem* item = m_items.takeAt(index);
    invalidate();
    return item;
}

Qt::Orientations WrapLayout::expandingDirections() const
{
    return {};
}

int WrapLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

QSize WrapLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem* item : m_items)
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize WrapLayout::sizeHint() const
{
    // All on one row.
    int width = 0;
    int height = 0;
    int shown = 0;
    for (const QLayoutItem* item : m_items) {
        if (item->isEmpty())
            continue;
        width += item->sizeHint().width();
        height = std::max(height, item->sizeHint().height());
        ++shown;
    }
    width += std::max(0, shown - 1) * horizontalSpacing();
    const QMargins m = contentsMargins();
    return QSize(width + m.left() + m.right(), height + m.top() + m.bottom()).expandedTo(minimumSize());
}

void WrapLayout::setGeometry(const QRect& rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

namespace {

// The style's spacing for the layout's parent widget, as QBoxLayout takes it.
int styleSpacing(const QLayout& layout, QStyle::PixelMetric metric)
{
    const QObject* parent = layout.parent();
    if (parent == nullptr)
        return -1;
    if (parent->isWidgetType()) {
        const auto* widget = static_cast<const QWidget*>(parent);
        return widget->style()->pixelMetric(metric, nullptr, widget);
    }
    return static_cast<const QLayout*>(parent)->spacing();
}

} // namespace

int WrapLayout::horizontalSpacing() const
{
    return spacing() >= 0 ? spacing() : std::max(0, styleSpacing(*this, QStyle::PM_LayoutHorizontalSpacing));
}

int WrapLayout::verticalSpacing() const
{
    return spacing() >= 0 ? spacing() : std::max(0, styleSpacing(*this, QStyle::PM_LayoutVerticalSpacing));
}

int WrapLayout::arrange(const QRect& rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int gap = horizontalSpacing();
    struct Placed {
        QLayoutItem* item;
        int width;
    };
    std::vector<std::vector<Placed>> rows(1);
    int x = 0;
    for (QLayoutItem* item : m_items) {
        // Hidden widgets take no room; a stretch (a spacer, always "empty") takes what is left.
        if (item->isEmpty() && item->spacerItem() == nullptr)
            continue;
        // Never below its minimum, never wider than the row (a lone item wider than the row
        // has the row: the layout's minimum width is its widest item's).
        const int width = std::max(item->minimumSize().width(),
            std::min(item->sizeHint().width(), std::max(item->minimumSize().width(), area.width())));
        auto& row = rows.back();
        if (!row.empty() && x + gap + width > area.width()) {
            rows.emplace_back();
            x = 0;
        }
        auto& current = rows.back();
        // A stretch at the start of a row pushes nothing.
        if (current.empty() && item->spacerItem() != nullptr)
            continue;
        x += (current.empty() ? 0 : gap) + width;
        current.push_back({item, width});
    }

    int y = area.top();
    bool first = true;
    for (auto& row : rows) {
        if (row.empty())
            continue;
        if (!first)
            y += verticalSpacing();
        first = false;
        int used = -gap;
        int height = 0;
        int expanding = 0;
        for (const Placed& p : row) {
            used += gap + p.width;
            height = std::max(height,
                p.item->hasHeightForWidth() ? p.item->heightForWidth(p.width) : p.item->sizeHint().height());
            if (p.item->expandingDirections() & Qt::Horizontal)
                ++expanding;
        }
        if (apply) {
            int extra = std::max(0, area.width() - used);
            int left = area.left();
            for (const Placed& p : row) {
                int width = p.width;
                if (expanding > 0 && (p.item->expandingDirections() & Qt::Horizontal)) {
                    const int share = extra / expanding--;
                    width += share;
                    extra -= share;
                }
                const int itemHeight = (p.item->expandingDirections() & Qt::Vertical)
                    ? height
                    : std::min(height, std::max(p.item->minimumSize().height(),
                                           p.item->hasHeightForWidth() ? p.item->heightForWidth(width)
                                                                        : p.item->sizeHint().height()));
                p.item->setGeometry(QRect(left, y + (height - itemHeight) / 2, width, itemHeight));
                left += width + gap;
            }
        }
        y += height;
    }
    return y - area.top() + contentsMargins().top() + contentsMargins().bottom();
}

} // namespace interleave
