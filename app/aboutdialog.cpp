#include "aboutdialog.h"

#include "guiresources.h"
#include "interleave/version.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSvgWidget>
#include <QVBoxLayout>

namespace interleave {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    ensureGuiResources();
    setWindowTitle(tr("About Interleave"));

    auto* icon = new QSvgWidget(QStringLiteral(":/icons/interleave.svg"), this);
    icon->setObjectName(QStringLiteral("aboutIcon"));
    icon->setFixedSize(96, 96);

    auto* text = new QLabel(this);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setText(tr("<h2>Interleave %1</h2>"
                     "<p>See what threads, processes and coroutines really do: who runs, who waits "
                     "for the GIL, who waits for I/O, and where a race slips in.</p>")
                      .arg(QStringLiteral(INTERLEAVE_VERSION)));

    auto* top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addSpacing(16);
    top->addWidget(text, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(440);
}

} // namespace interleave
