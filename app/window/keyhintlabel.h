#pragma once

#include <QLabel>

class QStatusBar;

namespace interleave {

// The status bar's hint of what the keys do now ("Space: replay · ←/→: step"), at its right
// end. The bar's message (what just happened) comes first: where the two do not fit side by
// side (a long message, a 1024 px screen in classroom type), the hint steps aside while that
// message shows and comes back when it goes. The bar cuts a message short at the first
// permanent widget; it never cuts it for the hint.
class KeyHintLabel : public QLabel {
    Q_OBJECT

public:
    explicit KeyHintLabel(QStatusBar* bar);

    void setHint(const QString& hint);
    // The bar's present message fits beside the hint (an empty one always does).
    bool messageFitsBeside() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void giveWayIfNeeded();

    QStatusBar* m_bar;
};

} // namespace interleave
