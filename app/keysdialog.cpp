#include "keysdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

namespace interleave {

namespace {

// "&Play replay…" as a person reads it: "Play replay".
QString plainText(QString text)
{
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    return text;
}

} // namespace

std::vector<KeyEntry> keyEntriesOf(const QMenuBar* menuBar)
{
    std::vector<KeyEntry> entries;
    const std::function<void(const QMenu*, const QString&)> collect = [&](const QMenu* menu, const QString& top) {
        for (const QAction* action : menu->actions()) {
            if (action->menu() != nullptr) {
                collect(action->menu(), top);
                continue;
            }
            QStringList keys;
            for (const QKeySequence& key : action->shortcuts())
                keys << key.toString(QKeySequence::NativeText);
            if (!keys.isEmpty())
                entries.push_back({top, keys.join(QStringLiteral(", ")), plainText(action->text())});
        }
    };
    for (const QAction* top : menuBar->actions()) {
        if (top->menu() != nullptr)
            collect(top->menu(), plainText(top->text()));
    }
    return entries;
}

KeysDialog::KeysDialog(const QMenuBar* menuBar, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    const std::vector<KeyEntry> entries = keyEntriesOf(menuBar);
    auto* table = new QTableWidget(static_cast<int>(entries.size()), 3, this);
    table->setObjectName(QStringLiteral("keysTable"));
    table->setHorizontalHeaderLabels({tr("Key"), tr("Does"), tr("Menu")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    for (int row = 0; row < static_cast<int>(entries.size()); ++row) {
        const KeyEntry& e = entries[static_cast<std::size_t>(row)];
        table->setItem(row, 0, new QTableWidgetItem(e.keys));
        table->setItem(row, 1, new QTableWidgetItem(e.action));
        table->setItem(row, 2, new QTableWidgetItem(e.menu));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(560, 560);
}

} // namespace interleave
