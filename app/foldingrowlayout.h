#pragma once

#include <QBoxLayout>

namespace interleave {

// A row that folds into a column: its items side by side, as in a QHBoxLayout, where the width
// it is given holds all their minimums; else one above the other. Its minimum width is the
// column's (its widest item's), so a view made of parts side by side (an explanation beside a
// timeline, a graph beside its program) never makes a tab scroll sideways at a narrow width
// (beside a lesson at 1024 pixels, classroom mode's type): it grows taller instead, and the
// tab's page scrolls vertically.
class FoldingRowLayout : public QBoxLayout {
public:
    explicit FoldingRowLayout(QWidget* parent = nullptr);

    // The width the items need side by side: their minimums, the spacing and the margins.
    int sideBySideWidth() const;
    bool isFolded() const { return direction() == QBoxLayout::TopToBottom; }

    QSize minimumSize() const override;
    void setGeometry(const QRect& rect) override;
};

} // namespace interleave
