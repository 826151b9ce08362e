#pragma once

#include <QDialog>

class QLineEdit;
class QListWidget;
class QTextBrowser;

namespace interleave {

// Help > Glossary: type to filter (terms that start with the text first, then terms that
// contain it, then definitions that mention it); the selected term's definition and its related
// terms, which are links.
class GlossaryDialog : public QDialog {
    Q_OBJECT

public:
    explicit GlossaryDialog(QWidget* parent = nullptr);

    void setQuery(const QString& query);
    // Shows a term (clearing the search); false when the glossary has no such term.
    bool showTerm(const QString& term);
    QStringList visibleTerms() const;
    QString currentTerm() const;
    QTextBrowser* definitionView() const { return m_definition; }

private:
    void refill();
    void showCurrent();

    QLineEdit* m_search = nullptr;
    QListWidget* m_terms = nullptr;
    QTextBrowser* m_definition = nullptr;
};

} // namespace interleave
