#include "foldingrowlayout.h"
#include "wraplayout.h"

#include <QApplication>
#include <QWidget>

#include <gtest/gtest.h>

#include <vector>

namespace interleave {
namespace {

// A part of fixed size, as a button or a field is at its hint.
QWidget* part(QWidget* parent, int width, int height = 20)
{
    auto* w = new QWidget(parent);
    w->setFixedSize(width, height);
    return w;
}

void layOut(QWidget& host, int width)
{
    host.resize(width, 400);
    host.layout()->activate();
    host.layout()->setGeometry(QRect(0, 0, width, 400));
}

struct WrapCase {
    int width;
    std::vector<int> rowOfEach; // which row each of the five 100 px parts lands on
    int height;                 // heightForWidth
};

class WrapLayoutAt : public testing::TestWithParam<WrapCase> {};

// Five parts of 100 px, 10 px apart (rows too, spacing() being set): as many on a row as fit, never fewer
// than one; the height follows.
TEST_P(WrapLayoutAt, PutsOnEachRowWhatFits)
{
    QWidget host;
    auto* layout = new WrapLayout(&host);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    std::vector<QWidget*> parts;
    for (int i = 0; i < 5; ++i) {
        parts.push_back(part(&host, 100));
        layout->addWidget(parts.back());
    }
    EXPECT_EQ(layout->minimumSize().width(), 100) << "its widest part's";
    EXPECT_EQ(layout->sizeHint().width(), 5 * 100 + 4 * 10) << "all on one row";
    layOut(host, GetParam().width);
    for (std::size_t i = 0; i < parts.size(); ++i)
        EXPECT_EQ(parts[i]->y() / (20 + 10), GetParam().rowOfEach[i]) << "part " << i;
    EXPECT_EQ(layout->heightForWidth(GetParam().width), GetParam().height);
}

INSTANTIATE_TEST_SUITE_P(Widths, WrapLayoutAt,
    testing::Values(WrapCase {540, {0, 0, 0, 0, 0}, 20}, WrapCase {539, {0, 0, 0, 0, 1}, 50},
        WrapCase {320, {0, 0, 0, 1, 1}, 50}, WrapCase {210, {0, 0, 1, 1, 2}, 80},
        WrapCase {100, {0, 1, 2, 3, 4}, 140}, WrapCase {60, {0, 1, 2, 3, 4}, 140}));

// A stretch pushes what follows it on its row to the right end, as in a QHBoxLayout, and a
// stretch that falls at the start of a row pushes nothing.
TEST(WrapLayout, AStretchPushesTheRestOfItsRowRight)
{
    QWidget host;
    auto* layout = new WrapLayout(&host);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    QWidget* first = part(&host, 100);
    QWidget* last = part(&host, 50);
    layout->addWidget(first);
    layout->addStretch();
    layout->addWidget(last);
    layOut(host, 400);
    EXPECT_EQ(first->x(), 0);
    EXPECT_EQ(last->geometry().right(), 399);
    layOut(host, 120); // the stretch and the last part go to the second row
    EXPECT_EQ(last->x(), 0);
    EXPECT_EQ(last->y(), first->y() + 20 + 10);
}

// Side by side where the width holds both minimums, else one above the other; its minimum is
// the column's.
TEST(FoldingRowLayout, FoldsIntoAColumnWhereTheRowDoesNotFit)
{
    QWidget host;
    auto* layout = new FoldingRowLayout(&host);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    QWidget* left = part(&host, 200, 50);
    QWidget* right = part(&host, 150, 50);
    layout->addWidget(left);
    layout->addWidget(right);
    EXPECT_EQ(layout->sideBySideWidth(), 360);
    EXPECT_EQ(layout->minimumSize().width(), 200);
    layOut(host, 360);
    EXPECT_FALSE(layout->isFolded());
    EXPECT_EQ(left->y(), right->y());
    layOut(host, 359);
    EXPECT_TRUE(layout->isFolded());
    EXPECT_GE(right->y(), left->y() + 50);
}

} // namespace
} // namespace interleave
