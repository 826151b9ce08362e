#pragma once

#include <QLabel>

namespace interleave {

// Python shown as it is written: monospaced, each line whole (a wrapped line of Python reads
// as two). Where the column is narrower than the longest line (beside the Lessons dock, in
// classroom type) the code is drawn smaller to fit, down to kMinScale of its size; the label
// asks for no less width than that, so it never needs sideways scrolling. The font itself is
// left alone: classroom mode scales it and gives it back.
class FittedCodeLabel : public QLabel {
    Q_OBJECT

public:
    static constexpr double kMinScale = 0.6;

    explicit FittedCodeLabel(QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

    // How much smaller than its font the code is drawn at the present width: 1 when it fits.
    double scale() const { return scaleFor(width()); }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    // The text's size in the label's font, and what the frame and margins add around it.
    QSize textSize() const;
    QSize around() const;
    double scaleFor(int width) const;
};

} // namespace interleave
