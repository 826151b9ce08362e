#include "window/keyhintlabel.h"

#include <QEvent>
#include <QFontMetrics>
#include <QSizeGrip>
#include <QStatusBar>

namespace interleave {
namespace {

// Where QStatusBar draws its message: from 6 px in to 12 px short of its right end, or to
// 2 px short of the first permanent widget. Between two of its widgets it leaves a few pixels
// more than its spacing; counted generously, so a message judged to fit is never cut.
constexpr int kMessageMargins = 6 + 12;
constexpr int kWidgetSpacing = 12;

} // namespace

KeyHintLabel::KeyHintLabel(QStatusBar* bar)
    : QLabel(bar)
    , m_bar(bar)
{
    setObjectName(QStringLiteral("keyHint"));
    connect(bar, &QStatusBar::messageChanged, this, &KeyHintLabel::giveWayIfNeeded);
    // A resize or new type (classroom mode) changes what fits.
    bar->installEventFilter(this);
}

void KeyHintLabel::setHint(const QString& hint)
{
    setText(hint);
    giveWayIfNeeded();
}

bool KeyHintLabel::messageFitsBeside() const
{
    const QString message = m_bar->currentMessage();
    if (message.isEmpty())
        return true;
    int needed = m_bar->fontMetrics().horizontalAdvance(message) + kMessageMargins;
    needed += sizeHint().width() + kWidgetSpacing;
    // The bar's other permanent widgets (the run's progress) stay where they are.
    for (const QWidget* other : m_bar->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
        if (other != this && !other->isHidden() && qobject_cast<const QSizeGrip*>(other) == nullptr)
            needed += other->width() + kWidgetSpacing;
    }
    return needed <= m_bar->width();
}

bool KeyHintLabel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_bar && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange))
        giveWayIfNeeded();
    return QLabel::eventFilter(watched, event);
}

void KeyHintLabel::giveWayIfNeeded()
{
    setVisible(messageFitsBeside());
}

} // namespace interleave
