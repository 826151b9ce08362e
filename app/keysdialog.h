#pragma once

#include <QDialog>
#include <QString>

#include <vector>

class QMenuBar;

namespace interleave {

// One key and what it does, under the menu that holds it.
struct KeyEntry {
    QString menu;   // "Replay"
    QString keys;   // "Space" or "Ctrl+R, F5"
    QString action; // "Play replay"
};

// Every action of the menus that has a key, in menu order: the same list the menus show, so it
// cannot drift from what the keys do.
std::vector<KeyEntry> keyEntriesOf(const QMenuBar* menuBar);

// Help > Keyboard shortcuts: keyEntriesOf() as a table, readable at a projector.
class KeysDialog : public QDialog {
    Q_OBJECT

public:
    explicit KeysDialog(const QMenuBar* menuBar, QWidget* parent = nullptr);
};

} // namespace interleave
