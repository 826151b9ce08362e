#include "lazytab.h"

#include <utility>

namespace interleave {

LazyTab::LazyTab(Factory factory, QWidget* parent)
    : QScrollArea(parent)
    , m_factory(std::move(factory))
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
}

QWidget* LazyTab::content()
{
    if (!m_built) {
        m_built = true; // first: a factory that asks for the content must not build it twice
        QWidget* built = std::exchange(m_factory, nullptr)(this);
        setWidget(built);
        // Built while this page is being shown: its children were shown already.
        if (isVisible())
            built->show();
    }
    return widget();
}

void LazyTab::showEvent(QShowEvent* event)
{
    content();
    QScrollArea::showEvent(event);
}

} // namespace interleave
