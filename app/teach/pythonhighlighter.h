#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

namespace interleave {

// Colours Python the way an editor would, enough to read a snippet at a glance: keywords,
// built-ins, strings, numbers, comments and decorators. Picks dark or light colours from the
// document's background so it stays readable in the high-contrast classroom palette too.
class PythonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT

public:
    explicit PythonHighlighter(QTextDocument* document, bool darkBackground = false);
    void setDarkBackground(bool dark);

protected:
    void highlightBlock(const QString& text) override;

private:
    struct Rule {
        QRegularExpression pattern;
        QTextCharFormat format;
    };
    void buildRules();

    bool m_dark = false;
    std::vector<Rule> m_rules;
    QTextCharFormat m_stringFormat;
    QTextCharFormat m_commentFormat;
};

} // namespace interleave
