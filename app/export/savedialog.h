#pragma once

#include <QString>

#include <memory>
#include <span>

class QFileDialog;
class QWidget;

namespace interleave {

// One kind of file a save dialog offers: its filter as shown ("PNG image (*.png)") and the
// extension a typed name without one takes while it is chosen ("png").
struct SaveFileKind {
    QString filter;
    QString suffix;
};

// A dialog that asks where to save, for kinds (the first chosen at first). The extension is
// added by the dialog before it asks whether to replace an existing file, so the file it asks
// about is the file that is written ("report" asks about report.csv, and never replaces
// "report" to write "report.csv" unasked). Choosing another kind changes the extension added.
std::unique_ptr<QFileDialog> makeSaveDialog(
    QWidget* parent, const QString& title, const QString& suggestedPath, std::span<const SaveFileKind> kinds);

// Shows makeSaveDialog and returns the path chosen, or an empty string when cancelled.
QString askSavePath(
    QWidget* parent, const QString& title, const QString& suggestedPath, std::span<const SaveFileKind> kinds);

} // namespace interleave
