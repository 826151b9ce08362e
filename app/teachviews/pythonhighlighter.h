#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <vector>

namespace interleave {

// Colours Python the way an editor would, enough to read a snippet or a script at a glance:
// keywords, built-ins, strings (docstrings over several lines too), numbers, comments and
// decorators. Picks dark or light colours from the document's background so it stays readable
// in the high-contrast classroom palette too.
class PythonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT

public:
    explicit PythonHighlighter(QTextDocument* document, bool darkBackground = false);
    void setDarkBackground(bool dark);

protected:
    void highlightBlock(const QString& text) override;

private:
    // Block states: where a line ends, outside any string or inside a triple-quoted one.
    static constexpr int kOutside = 0;
    static constexpr int kInTripleDouble = 1;
    static constexpr int kInTripleSingle = 2;

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
