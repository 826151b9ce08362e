// The save dialogs add a typed name's extension before they ask whether to replace a file, so
// the file they ask about is the file that is written.

#include "export/savedialog.h"

#include <QComboBox>
#include <QFileDialog>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <array>
#include <memory>

namespace interleave {
namespace {

const std::array kSaveDialogKinds {SaveFileKind {QStringLiteral("PNG image (*.png)"), QStringLiteral("png")},
    SaveFileKind {QStringLiteral("SVG drawing (*.svg)"), QStringLiteral("svg")}};

std::unique_ptr<QFileDialog> saveDialogIn(const QTemporaryDir& dir)
{
    auto dialog = makeSaveDialog(nullptr, QStringLiteral("Export"), dir.filePath(QStringLiteral("timeline.png")),
        kSaveDialogKinds);
    // The dialog whose line edit a test can type into (the platform's own may have none).
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    return dialog;
}

TEST(SaveDialog, ANameTypedWithoutAnExtensionIsTheNameWithTheChosenKindsExtension)
{
    const QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto dialog = saveDialogIn(dir);
    dialog->selectFile(dir.filePath(QStringLiteral("full")));
    ASSERT_EQ(dialog->selectedFiles().size(), 1);
    // What the dialog checks for replacing, and what the window writes: full.png, not full.
    EXPECT_EQ(dialog->selectedFiles().front().toStdString(), dir.filePath(QStringLiteral("full.png")).toStdString());
}

TEST(SaveDialog, AnExtensionTypedIsKept)
{
    const QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto dialog = saveDialogIn(dir);
    dialog->selectFile(dir.filePath(QStringLiteral("picture.svg")));
    ASSERT_EQ(dialog->selectedFiles().size(), 1);
    EXPECT_EQ(dialog->selectedFiles().front().toStdString(), dir.filePath(QStringLiteral("picture.svg")).toStdString());
}

TEST(SaveDialog, ChoosingAnotherKindChangesTheExtensionAdded)
{
    const QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto dialog = saveDialogIn(dir);
    auto* kinds = dialog->findChild<QComboBox*>(QStringLiteral("fileTypeCombo"));
    ASSERT_NE(kinds, nullptr);
    ASSERT_EQ(kinds->count(), 2);
    // As a user's pick in the list: the combo's activation, which the dialog turns into filterSelected.
    kinds->setCurrentIndex(1);
    emit kinds->activated(1);
    emit kinds->textActivated(kinds->itemText(1));
    dialog->selectFile(dir.filePath(QStringLiteral("drawing")));
    ASSERT_EQ(dialog->selectedFiles().size(), 1);
    EXPECT_EQ(dialog->selectedFiles().front().toStdString(), dir.filePath(QStringLiteral("drawing.svg")).toStdString());
}

} // namespace
} // namespace interleave
