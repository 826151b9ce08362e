#pragma once

#include <QScrollArea>

#include <functional>

namespace interleave {

// A tab page, scrolled, whose content is built the first time it is shown or asked for. The
// window's tabs beside the timeline (the lab views, the comparison with its charts) are most
// of what building the window costs, and a session opens few of them: built on demand, the
// window is on screen sooner.
//
// Scrolled because the views want more room than a 1280x800 window (or a projector's
// classroom type) leaves them, and their minimum sizes must not push the window's up. The
// factory gets this page as the content's parent; whatever the content must be wired to
// (signals, the theme) is done there, once, when it is built.
class LazyTab : public QScrollArea {
    Q_OBJECT

public:
    using Factory = std::function<QWidget*(QWidget* parent)>;

    explicit LazyTab(Factory factory, QWidget* parent = nullptr);

    // The content, built now if it was not yet.
    QWidget* content();
    bool isBuilt() const noexcept { return m_built; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    Factory m_factory;
    bool m_built = false;
};

} // namespace interleave
