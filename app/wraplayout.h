#pragma once

#include <QLayout>
#include <QList>

namespace interleave {

// A row of controls that wraps: items are laid out left to right at their preferred widths, and
// the next row starts where the next item would not fit. Its minimum width is its widest item's,
// so a row of controls never makes a window (a lab tab beside a lesson, classroom mode's large
// type) wider than the screen; its height follows from the width (heightForWidth).
//
// A group that must stay together (a label and its field) goes in as one nested layout
// (addLayout). Within a row, what is left over goes to the items that expand horizontally,
// shared equally: addStretch() pushes whatever follows it on its row to the right end, as in a
// QHBoxLayout, and does nothing at the start of a row.
class WrapLayout : public QLayout {
public:
    explicit WrapLayout(QWidget* parent = nullptr);
    ~WrapLayout() override;

    void addItem(QLayoutItem* item) override;
    void addLayout(QLayout* layout);
    void addStretch();

    int count() const override;
    QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;

    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    int horizontalSpacing() const;
    int verticalSpacing() const;
    // Lays the items out in rect (only measures when apply is false); returns the height used.
    int arrange(const QRect& rect, bool apply) const;

    QList<QLayoutItem*> m_items;
};

} // namespace interleave
