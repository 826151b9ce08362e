#include "teachviews/pythonhighlighter.h"

#include <QColor>

namespace interleave {

namespace {

QTextCharFormat charFormat(const QColor& colour, bool bold = false, bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(colour);
    if (bold)
        f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

} // namespace

PythonHighlighter::PythonHighlighter(QTextDocument* document, bool darkBackground)
    : QSyntaxHighlighter(document)
    , m_dark(darkBackground)
{
    buildRules();
}

void PythonHighlighter::setDarkBackground(bool dark)
{
    if (dark == m_dark)
        return;
    m_dark = dark;
    buildRules();
    rehighlight();
}

void PythonHighlighter::buildRules()
{
    // Strong colours with enough contrast on white (light) or near-black (dark) for a projector.
    const QColor keyword = m_dark ? QColor(0xff, 0x9e, 0x64) : QColor(0xa0, 0x30, 0x00);
    const QColor builtin = m_dark ? QColor(0x7d, 0xcf, 0xff) : QColor(0x00, 0x50, 0x9e);
    const QColor number = m_dark ? QColor(0xe0, 0xaf, 0x68) : QColor(0x7a, 0x3e, 0x9d);
    const QColor decorator = m_dark ? QColor(0xbb, 0x9a, 0xf7) : QColor(0x6a, 0x1b, 0x9a);
    const QColor string = m_dark ? QColor(0x9e, 0xce, 0x6a) : QColor(0x1b, 0x6e, 0x20);
    const QColor comment = m_dark ? QColor(0xa9, 0xb1, 0xd6) : QColor(0x5f, 0x63, 0x68);

    m_rules.clear();
    const QStringList keywords {"and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "None",
        "True", "False"};
    m_rules.push_back({QRegularExpression(
                           QStringLiteral("\\b(") + keywords.join(QLatin1Char('|')) + QStringLiteral(")\\b")),
        charFormat(keyword, true)});
    const QStringList builtins {"print", "range", "len", "list", "sum", "open", "super", "self", "__name__"};
    m_rules.push_back({QRegularExpression(
                           QStringLiteral("\\b(") + builtins.join(QLatin1Char('|')) + QStringLiteral(")\\b")),
        charFormat(builtin)});
    m_rules.push_back(
        {QRegularExpression(QStringLiteral("\\b[0-9][0-9_]*(\\.[0-9_]+)?\\b")), charFormat(number)});
    m_rules.push_back(
        {QRegularExpression(QStringLiteral("^\\s*@[A-Za-z_][A-Za-z0-9_.]*")), charFormat(decorator)});
    m_stringFormat = charFormat(string);
    m_commentFormat = charFormat(comment, false, true);
}

void PythonHighlighter::highlightBlock(const QString& text)
{
    for (const Rule& rule : m_rules) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto match = it.next();
            setFormat(static_cast<int>(match.capturedStart()), static_cast<int>(match.capturedLength()),
                rule.format);
        }
    }
    // Strings and comments last, scanning left to right so that a '#' inside a string is not a
    // comment and quotes inside a comment are not strings. A triple-quoted string (a docstring)
    // may run over several lines: the block's state says which quote it is still inside.
    setCurrentBlockState(kOutside);
    int from = 0;
    if (previousBlockState() == kInTripleDouble || previousBlockState() == kInTripleSingle) {
        const QString close(3, previousBlockState() == kInTripleDouble ? QLatin1Char('"') : QLatin1Char('\''));
        const int end = static_cast<int>(text.indexOf(close));
        if (end < 0) {
            setFormat(0, static_cast<int>(text.size()), m_stringFormat);
            setCurrentBlockState(previousBlockState());
            return;
        }
        setFormat(0, end + 3, m_stringFormat);
        from = end + 3;
    }
    QChar quote;
    int stringStart = -1;
    for (int i = from; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (stringStart >= 0) {
            if (c == QLatin1Char('\\')) {
                ++i;
            } else if (c == quote) {
                setFormat(stringStart, i - stringStart + 1, m_stringFormat);
                stringStart = -1;
            }
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            int start = i;
            // An f-string's prefix belongs to the string.
            if (i > 0 && (text.at(i - 1) == QLatin1Char('f') || text.at(i - 1) == QLatin1Char('r'))
                && (i == 1 || !text.at(i - 2).isLetterOrNumber()))
                --start;
            const QString triple(3, c);
            if (text.mid(i, 3) == triple) {
                const int end = static_cast<int>(text.indexOf(triple, i + 3));
                if (end < 0) {
                    setFormat(start, static_cast<int>(text.size()) - start, m_stringFormat);
                    setCurrentBlockState(c == QLatin1Char('"') ? kInTripleDouble : kInTripleSingle);
                    return;
                }
                setFormat(start, end + 3 - start, m_stringFormat);
                i = end + 2;
                continue;
            }
            quote = c;
            stringStart = start;
        } else if (c == QLatin1Char('#')) {
            setFormat(i, static_cast<int>(text.size()) - i, m_commentFormat);
            break;
        }
    }
    if (stringStart >= 0)
        setFormat(stringStart, static_cast<int>(text.size()) - stringStart, m_stringFormat);
}

} // namespace interleave
