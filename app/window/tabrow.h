#pragma once

#include <QWidget>

class QButtonGroup;
class QTabWidget;

namespace interleave {

// The tabs of a QTabWidget as a row of buttons that wraps onto a second row where the row is
// narrow (a 1024 px screen with both docks open, classroom mode's type), instead of hiding
// tabs behind scroll arrows. It takes the place of the tab widget's own bar, which it hides;
// the tab widget still holds the pages and the current index, and a button's "&" makes the
// same Alt shortcut a tab's would.
class TabRow : public QWidget {
    Q_OBJECT

public:
    // Makes a button for each tab the widget has now.
    explicit TabRow(QTabWidget* tabs, QWidget* parent = nullptr);

private:
    void showCurrent(int index);

    QTabWidget* m_tabs;
    QButtonGroup* m_buttons;
};

} // namespace interleave
