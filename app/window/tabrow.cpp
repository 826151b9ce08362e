#include "window/tabrow.h"

#include "wraplayout.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

namespace interleave {

TabRow::TabRow(QTabWidget* tabs, QWidget* parent)
    : QWidget(parent)
    , m_tabs(tabs)
    , m_buttons(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("tabRow"));
    auto* layout = new WrapLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    for (int i = 0; i < tabs->count(); ++i) {
        auto* button = new QToolButton(this);
        button->setObjectName(QStringLiteral("tab_%1").arg(tabs->widget(i)->objectName()));
        button->setText(tabs->tabText(i));
        button->setToolTip(tabs->tabToolTip(i));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_buttons->addButton(button, i);
        layout->addWidget(button);
    }
    m_tabs->tabBar()->hide();
    connect(m_buttons, &QButtonGroup::idClicked, m_tabs, &QTabWidget::setCurrentIndex);
    connect(m_tabs, &QTabWidget::currentChanged, this, &TabRow::showCurrent);
    showCurrent(m_tabs->currentIndex());
}

void TabRow::showCurrent(int index)
{
    if (QAbstractButton* button = m_buttons->button(index))
        button->setChecked(true);
}

} // namespace interleave
