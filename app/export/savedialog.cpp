#include "export/savedialog.h"

#include <QFileDialog>
#include <QStringList>

#include <vector>

namespace interleave {

std::unique_ptr<QFileDialog> makeSaveDialog(
    QWidget* parent, const QString& title, const QString& suggestedPath, std::span<const SaveFileKind> kinds)
{
    auto dialog = std::make_unique<QFileDialog>(parent, title);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    QStringList filters;
    for (const SaveFileKind& kind : kinds)
        filters << kind.filter;
    dialog->setNameFilters(filters);
    if (!kinds.empty()) {
        dialog->selectNameFilter(kinds.front().filter);
        dialog->setDefaultSuffix(kinds.front().suffix);
    }
    // The kinds live as long as the dialog only in the caller's frame: copied into the slot.
    QObject::connect(dialog.get(), &QFileDialog::filterSelected, dialog.get(),
        [d = dialog.get(), copy = std::vector<SaveFileKind>(kinds.begin(), kinds.end())](const QString& filter) {
            for (const SaveFileKind& kind : copy) {
                if (kind.filter == filter)
                    d->setDefaultSuffix(kind.suffix);
            }
        });
    if (!suggestedPath.isEmpty())
        dialog->selectFile(suggestedPath);
    return dialog;
}

QString askSavePath(
    QWidget* parent, const QString& title, const QString& suggestedPath, std::span<const SaveFileKind> kinds)
{
    const std::unique_ptr<QFileDialog> dialog = makeSaveDialog(parent, title, suggestedPath, kinds);
    if (dialog->exec() != QDialog::Accepted)
        return {};
    const QStringList files = dialog->selectedFiles();
    return files.isEmpty() ? QString() : files.front();
}

} // namespace interleave
