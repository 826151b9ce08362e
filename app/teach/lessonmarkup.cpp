#include "teach/lessonmarkup.h"

#include <QRegularExpression>
#include <QStringList>

#include <string>

namespace interleave {
namespace {

// Code spans are cut out first and put back last, so nothing inside them is read as markup.
// The placeholder characters cannot occur in a lesson's text.
constexpr QChar kCodeOpen(0xE000);
constexpr QChar kCodeClose(0xE001);

QString inlineMarkup(const QString& text, QStringList& codes)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('`')) {
            const qsizetype end = text.indexOf(QLatin1Char('`'), i + 1);
            if (end > i + 1) {
                out += kCodeOpen + QString::number(codes.size()) + kCodeClose;
                codes.push_back(text.mid(i + 1, end - i - 1));
                i = end;
                continue;
            }
        }
        out += text[i];
    }
    out = out.toHtmlEscaped();
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
