#include "teachviews/lessonmarkup.h"

#include <QRegularExpression>
#include <QStringList>

#include <string>

namespace interleave {
namespace {

// Code spans are cut out first and put back last, so nothing inside them is read as markup.
// The placeholder characters cannot occur in a lesson's text.
constexpr QChar kCodeOpen(0xE000);
constexpr QChar kCodeClose(0xE001);

// A word as long as "ThreadPoolExecutor(max_workers=4).map" is wider than a narrow panel, and
// a label that cannot break it grows past the panel's edge. Such words get a zero-width space
// after each of their punctuation marks: places to break that show nothing.
constexpr qsizetype kLongWord = 20;
constexpr QChar kBreak(0x200B);

QString breakLongWords(const QString& text)
{
    QString out;
    out.reserve(text.size());
    qsizetype wordStart = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i < text.size() && !text[i].isSpace())
            continue;
        const QStringView word = QStringView(text).mid(wordStart, i - wordStart);
        if (word.size() > kLongWord) {
            for (qsizetype k = 0; k < word.size(); ++k) {
                out += word[k];
                const bool mark = QStringLiteral(".(,=/").contains(word[k]);
                if (mark && k > 0 && k + 1 < word.size() && word[k + 1].isLetterOrNumber())
                    out += kBreak;
            }
        } else {
            out += word;
        }
        if (i < text.size())
            out += text[i];
        wordStart = i + 1;
    }
    return out;
}

QString inlineMarkup(const QString& text, QStringList& codes)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('`')) {
            const qsizetype end = text.indexOf(QLatin1Char('`'), i + 1);
            if (end > i + 1) {
                out += kCodeOpen + QString::number(codes.size()) + kCodeClose;
                codes.push_back(breakLongWords(text.mid(i + 1, end - i - 1)));
                i = end;
                continue;
            }
        }
        out += text[i];
    }
    out = breakLongWords(out).toHtmlEscaped();
    static const QRegularExpression bold(QStringLiteral("\\*\\*(?=\\S)(.+?)\\*\\*"));
    static const QRegularExpression emphasis(QStringLiteral("\\*(?=\\S)([^*]+?)\\*"));
    out.replace(bold, QStringLiteral("<b>\\1</b>"));
    out.replace(emphasis, QStringLiteral("<i>\\1</i>"));
    out.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return out;
}

} // namespace

QString lessonMarkupToHtml(const QString& markup)
{
    QStringList codes;
    QStringList paragraphs;
    static const QRegularExpression blankLine(QStringLiteral("\\n[ \\t]*\\n"));
    for (const QString& paragraph : markup.trimmed().split(blankLine, Qt::SkipEmptyParts))
        paragraphs.push_back(inlineMarkup(paragraph.trimmed(), codes));
    // One paragraph stays inline, so it can go into a sentence (a quiz answer in the verdict).
    QString html = paragraphs.size() == 1
        ? paragraphs.front()
        : QStringLiteral("<p>") + paragraphs.join(QStringLiteral("</p><p>")) + QStringLiteral("</p>");
    static const QRegularExpression placeholder(QString(kCodeOpen) + QStringLiteral("(\\d+)") + kCodeClose);
    QString result;
    qsizetype from = 0;
    for (auto it = placeholder.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        result += html.mid(from, m.capturedStart() - from);
        result += QStringLiteral("<code>") + codes[m.captured(1).toInt()].toHtmlEscaped() + QStringLiteral("</code>");
        from = m.capturedEnd();
    }
    result += html.mid(from);
    return result;
}

QString lessonMarkupToHtml(const std::string& markup)
{
    return lessonMarkupToHtml(QString::fromStdString(markup));
}

} // namespace interleave
