#include "windowgeometry.h"

#include "window/mainwindow.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QLabel>
#include <QLayout>
#include <QMainWindow>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSizeGrip>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QTabBar>
#include <QWidget>

#include <algorithm>

namespace interleave::testing_layout {
namespace {

QString describe(const QWidget* w)
{
    QString name = QString::fromLatin1(w->metaObject()->className());
    if (!w->objectName().isEmpty())
        name += QStringLiteral(" '%1'").arg(w->objectName());
    if (const auto* label = qobject_cast<const QLabel*>(w); label != nullptr && !label->text().isEmpty())
        name += QStringLiteral(" \"%1\"").arg(label->text().left(40));
    if (const auto* button = qobject_cast<const QAbstractButton*>(w); button != nullptr && !button->text().isEmpty())
        name += QStringLiteral(" \"%1\"").arg(button->text());
    for (const QWidget* p = w->parentWidget(); p != nullptr; p = p->parentWidget()) {
        if (!p->objectName().isEmpty() && !p->objectName().startsWith(QLatin1String("qt_"))) {
            name += QStringLiteral(" in '%1'").arg(p->objectName());
            break;
        }
    }
    return name;
}

// The size below which a layout would not shrink the widget (Qt's own rule, qSmartMinSize):
// what the widget asks for, by its size policy, or the size set on it.
QSize layoutMinimum(const QWidget* w)
{
    const QSize hint = w->sizeHint();
    const QSize minHint = w->minimumSizeHint();
    const QSizePolicy policy = w->sizePolicy();
    QSize s(0, 0);
    if (policy.horizontalPolicy() != QSizePolicy::Ignored)
        s.setWidth((policy.horizontalPolicy() & QSizePolicy::ShrinkFlag) ? minHint.width()
                                                                         : std::max(hint.width(), minHint.width()));
    if (policy.verticalPolicy() != QSizePolicy::Ignored)
        s.setHeight((policy.verticalPolicy() & QSizePolicy::ShrinkFlag) ? minHint.height()
                                                                        : std::max(hint.height(), minHint.height()));
    s = s.boundedTo(w->maximumSize());
    if (w->minimumWidth() > 0)
        s.setWidth(w->minimumWidth());
    if (w->minimumHeight() > 0)
        s.setHeight(w->minimumHeight());
    return s.expandedTo(QSize(0, 0));
}

// Inside a scroll area's viewport: there it may be scrolled out of sight, vertically.
bool scrolled(const QWidget* w, const QWidget* window)
{
    for (const QWidget* p = w->parentWidget(); p != nullptr && p != window; p = p->parentWidget()) {
        const auto* area = qobject_cast<const QAbstractScrollArea*>(p->parentWidget());
        if (area != nullptr && area->viewport() == p)
            return true;
    }
    return false;
}

bool managedByLayout(const QWidget* w)
{
    const QWidget* parent = w->parentWidget();
    return parent != nullptr && parent->layout() != nullptr && !w->isWindow();
}

void checkLabel(const QLabel* label, QStringList& problems)
{
    if (label->text().isEmpty() || label->width() <= 0)
        return;
    if (label->wordWrap()) {
        const int needed = label->heightForWidth(label->width());
        if (needed > label->height())
            problems << QStringLiteral("%1: wrapped text needs %2 px of height, has %3")
                            .arg(describe(label))
                            .arg(needed)
                            .arg(label->height());
        return;
    }
    // A label that does not wrap is as wide as its text at its minimum (QLabel never elides):
    // narrower, the text is cut, whatever minimum was set on the label.
    const int needed = label->minimumSizeHint().width();
    if (needed > label->width())
        problems << QStringLiteral("%1: text needs %2 px, has %3").arg(describe(label)).arg(needed).arg(label->width());
}

void checkCombo(const QComboBox* combo, QStringList& problems)
{
    // The width the combo box would ask for to show its present text whole: the text's ink and
    // what the style puts around it (as QComboBox measures its items).
    QStyleOptionComboBox option;
    option.initFrom(combo);
    option.editable = combo->isEditable();
    option.frame = combo->hasFrame();
    option.currentText = combo->currentText();
    const QSize text(combo->fontMetrics().boundingRect(combo->currentText()).width(), combo->fontMetrics().height());
    const int needed = combo->style()->sizeFromContents(QStyle::CT_ComboBox, &option, text, combo).width();
    if (needed > combo->width())
        problems << QStringLiteral("%1: \"%2\" needs %3 px, it has %4 (its minimum: %5)")
                        .arg(describe(combo), combo->currentText())
                        .arg(needed)
                        .arg(combo->width())
                        .arg(combo->minimumSizeHint().width());
}

void checkTabs(const QTabBar* bar, QStringList& problems)
{
    for (int i = 0; i < bar->count(); ++i) {
        const QRect tab = bar->tabRect(i);
        QString text = bar->tabText(i);
        text.remove(QLatin1Char('&'));
        const int needed = bar->fontMetrics().horizontalAdvance(text);
        if (!bar->rect().contains(tab) || tab.width() < needed)
            problems << QStringLiteral("tab \"%1\" of %2: at %3,%4 %5 px wide in a bar of %6 (text %7 px)")
                            .arg(text, describe(bar))
                            .arg(tab.x())
                            .arg(tab.y())
                            .arg(tab.width())
                            .arg(bar->width())
                            .arg(needed);
    }
}

void checkStatusBar(const QStatusBar* bar, QStringList& problems)
{
    const QString message = bar->currentMessage();
    if (message.isEmpty())
        return;
    // Where QStatusBar draws its message: from 6 px in to 12 px short of its right end, or to
    // 2 px short of the first of its permanent widgets shown (its other widgets hide while a
    // message shows). Past that the message is cut.
    int right = bar->width() - 12;
    for (const QWidget* w : bar->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
        if (w->isVisible() && qobject_cast<const QSizeGrip*>(w) == nullptr)
            right = std::min(right, w->x() - 2);
    const int room = right - 6;
    const int needed = bar->fontMetrics().horizontalAdvance(message);
    if (needed > room)
        problems << QStringLiteral("the status bar's message \"%1\" needs %2 px, has %3")
                        .arg(message.left(60))
                        .arg(needed)
                        .arg(room);
}

} // namespace

QStringList layoutProblems(const QWidget& window)
{
    QStringList problems;
    if (!window.isFullScreen()) {
        const QSize minimum = window.minimumSizeHint();
        if (minimum.width() > window.width() || minimum.height() > window.height())
            problems << QStringLiteral("the window's minimum %1 does not fit its size %2")
                            .arg(sizeText(minimum), sizeText(window.size()));
    }
    const QRect inside = window.rect();
    for (const QWidget* w : window.findChildren<QWidget*>()) {
        if (!w->isVisible() || w->isWindow())
            continue;
        const QRect at(w->mapTo(&window, QPoint(0, 0)), w->size());
        if (!scrolled(w, &window) && !inside.contains(at))
            problems << QStringLiteral("%1 at %2,%3 %4 reaches outside the window %5")
                            .arg(describe(w))
                            .arg(at.x())
                            .arg(at.y())
                            .arg(sizeText(at.size()), sizeText(inside.size()));
        if (const auto* area = qobject_cast<const QScrollArea*>(w);
            area != nullptr && area->horizontalScrollBar()->maximum() > 0)
            problems << QStringLiteral("%1 scrolls sideways: its content needs %2 px more")
                            .arg(describe(w))
                            .arg(area->horizontalScrollBar()->maximum());
        // A dock's title buttons are sized by its title bar's height, not by their hints.
        const bool dockTitleButton = w->inherits("QDockWidgetTitleButton");
        if (managedByLayout(w) && !dockTitleButton && qobject_cast<const QAbstractItemView*>(w->parentWidget()) == nullptr) {
            const QSize minimum = layoutMinimum(w);
            if (minimum.width() > w->width() || minimum.height() > w->height())
                problems << QStringLiteral("%1 is %2, less than its minimum %3")
                                .arg(describe(w), sizeText(w->size()), sizeText(minimum));
        }
        if (const auto* label = qobject_cast<const QLabel*>(w))
            checkLabel(label, problems);
        else if (const auto* combo = qobject_cast<const QComboBox*>(w))
            checkCombo(combo, problems);
        else if (const auto* bar = qobject_cast<const QTabBar*>(w))
            checkTabs(bar, problems);
        else if (const auto* status = qobject_cast<const QStatusBar*>(w))
            checkStatusBar(status, problems);
    }
    problems.removeDuplicates();
    return problems;
}

QString sizeText(QSize size)
{
    return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
}

QString minimumWidths(const QWidget& window)
{
    QString text = QStringLiteral("window %1").arg(window.minimumSizeHint().width());
    if (const auto* main = qobject_cast<const QMainWindow*>(&window); main != nullptr && main->centralWidget())
        text += QStringLiteral(", central %1").arg(main->centralWidget()->minimumSizeHint().width());
    return text;
}

void clearWindowSettings()
{
    QSettings(MainWindow::settingsOrganization(), MainWindow::settingsApplication()).clear();
}

} // namespace interleave::testing_layout
