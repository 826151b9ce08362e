#include "teachviews/glossarydialog.h"

#include "teach/glossary.h"
#include "teachviews/lessonmarkup.h"
#include "qtext.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace interleave {

GlossaryDialog::GlossaryDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Glossary"));
    setObjectName(QStringLiteral("glossaryDialog"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("glossarySearch"));
    m_search->setPlaceholderText(tr("Search: GIL, lock, race…"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &GlossaryDialog::refill);

    m_terms = new QListWidget(this);
    m_terms->setObjectName(QStringLiteral("glossaryTerms"));
    m_terms->setMinimumWidth(220);
    connect(m_terms, &QListWidget::currentRowChanged, this, &GlossaryDialog::showCurrent);

    m_definition = new QTextBrowser(this);
    m_definition->setObjectName(QStringLiteral("glossaryDefinition"));
    m_definition->setOpenLinks(false);
    connect(m_definition, &QTextBrowser::anchorClicked, this,
        [this](const QUrl& url) { showTerm(url.toString(QUrl::FullyDecoded).mid(5)); });

    auto* left = new QVBoxLayout;
    left->addWidget(m_search);
    left->addWidget(m_terms, 1);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 0);
    columns->addWidget(m_definition, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);

    refill();
    const QFontMetrics metrics(font());
    resize(metrics.averageCharWidth() * 130, metrics.lineSpacing() * 34);
}

void GlossaryDialog::setQuery(const QString& query)
{
    m_search->setText(query);
}

bool GlossaryDialog::showTerm(const QString& term)
{
    if (findGlossaryEntry(term.toStdString()) == nullptr)
        return false;
    m_search->clear();
    const auto matches = m_terms->findItems(term, Qt::MatchFixedString);
    if (!matches.isEmpty())
        m_terms->setCurrentItem(matches.front());
    return true;
}

QStringList GlossaryDialog::visibleTerms() const
{
    QStringList terms;
    for (int i = 0; i < m_terms->count(); ++i)
        terms << m_terms->item(i)->text();
    return terms;
}

QString GlossaryDialog::currentTerm() const
{
    const QListWidgetItem* item = m_terms->currentItem();
    return item != nullptr ? item->text() : QString();
}

void GlossaryDialog::refill()
{
    const QString previous = currentTerm();
    m_terms->clear();
    for (const GlossaryEntry* entry : searchGlossary(m_search->text().trimmed().toStdString()))
        m_terms->addItem(toQString(entry->term));
    const auto again = m_terms->findItems(previous, Qt::MatchFixedString);
    if (!again.isEmpty() && m_search->text().isEmpty())
        m_terms->setCurrentItem(again.front());
    else if (m_terms->count() > 0)
        m_terms->setCurrentRow(0);
    else
        m_definition->setHtml(tr("<p>No term matches <b>%1</b>.</p>").arg(m_search->text().toHtmlEscaped()));
}

void GlossaryDialog::showCurrent()
{
    const GlossaryEntry* entry = findGlossaryEntry(currentTerm().toStdString());
    if (entry == nullptr)
        return;
    QString html = QStringLiteral("<h2>%1</h2><p>%2</p>")
                       .arg(toQString(entry->term).toHtmlEscaped(), lessonMarkupToHtml(toQString(entry->definition)));
    if (!entry->related.empty()) {
        QStringList links;
        for (std::string_view related : entry->related)
            links << QStringLiteral("<a href=\"term:%1\">%2</a>")
                         .arg(QString::fromUtf8(QUrl::toPercentEncoding(toQString(related))),
                             toQString(related).toHtmlEscaped());
        html += tr("<p><i>See also:</i> %1</p>").arg(links.join(QStringLiteral(", ")));
    }
    m_definition->setHtml(html);
}

} // namespace interleave
