#include "teachviews/explanationpanel.h"

#include "teachviews/pythonhighlighter.h"

#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

#include <gtest/gtest.h>

namespace interleave {
namespace {

QString lineOf(const ExplanationPanel& panel, int line)
{
    return panel.codeView()->document()->findBlockByNumber(line).text();
}

TEST(ExplanationPanel, ShowsEveryModelAndLabTopic)
{
    ExplanationPanel panel;
    for (const std::string& topic : explanationTopics()) {
        SCOPED_TRACE(topic);
        ASSERT_TRUE(panel.setTopic(QString::fromStdString(topic)));
        EXPECT_FALSE(panel.textView()->toPlainText().isEmpty());
        EXPECT_FALSE(panel.codeView()->toPlainText().isEmpty());
        EXPECT_FALSE(panel.codeView()->toPlainText().contains(QStringLiteral("@state:")));
    }
}

TEST(ExplanationPanel, RefusesAnUnknownTopicAndKeepsTheShownOne)
{
    ExplanationPanel panel;
    ASSERT_TRUE(panel.setTopic(QStringLiteral("threads")));
    EXPECT_FALSE(panel.setTopic(QStringLiteral("greenlets")));
    EXPECT_EQ(panel.topic(), QStringLiteral("threads"));
}

TEST(ExplanationPanel, HighlightsTheLineOfAState)
{
    ExplanationPanel panel;
    ASSERT_TRUE(panel.setTopic(QStringLiteral("threads")));
    ASSERT_TRUE(panel.highlightState(State::BlockedIo));
    EXPECT_TRUE(lineOf(panel, panel.highlightedLine()).contains(QStringLiteral("time.sleep")));
    EXPECT_EQ(panel.codeView()->extraSelections().size(), 1);
    ASSERT_TRUE(panel.highlightState(State::Running));
    EXPECT_TRUE(lineOf(panel, panel.highlightedLine()).contains(QStringLiteral("sum(")));
    // A state the snippet has no line for clears the highlight.
    EXPECT_FALSE(panel.highlightState(State::Suspended));
    EXPECT_EQ(panel.highlightedLine(), -1);
    EXPECT_TRUE(panel.codeView()->extraSelections().isEmpty());
}

TEST(ExplanationPanel, HighlightsTheRaceDemosStore)
{
    ExplanationPanel panel;
    ASSERT_TRUE(panel.setTopic(QStringLiteral("race")));
    ASSERT_TRUE(panel.highlightTag(QStringLiteral("step:store")));
    EXPECT_TRUE(lineOf(panel, panel.highlightedLine()).contains(QStringLiteral("counter = value")));
}

TEST(PythonHighlighter, ColoursKeywordsStringsAndComments)
{
    QTextDocument document;
    document.setPlainText(QStringLiteral("with lock:  # note\nx = \"# not a comment\"\n"));
    PythonHighlighter highlighter(&document);
    highlighter.rehighlight();
    const auto formats = document.firstBlock().layout()->formats();
    ASSERT_FALSE(formats.isEmpty());
    bool keyword = false;
    bool comment = false;
    for (const auto& range : formats) {
        keyword
            = keyword || (range.start == 0 && range.length == 4 && range.format.fontWeight() == QFont::Bold);
        comment = comment || (range.start == 12 && range.format.fontItalic());
    }
    EXPECT_TRUE(keyword);
    EXPECT_TRUE(comment);
    // On the second line the '#' is inside a string: no italic comment format anywhere.
    for (const auto& range : document.firstBlock().next().layout()->formats())
        EXPECT_FALSE(range.format.fontItalic());
}

TEST(PythonHighlighter, ADocstringOverSeveralLinesIsOneString)
{
    QTextDocument document;
    document.setPlainText(QStringLiteral("\"\"\"Two threads\nwhile one waits, for ever\nend.\"\"\" # c\nwhile x:\n"));
    PythonHighlighter highlighter(&document);
    highlighter.rehighlight();
    const auto formatAt = [&](int line, int column) {
        const QTextBlock block = document.findBlockByNumber(line);
        for (const auto& range : block.layout()->formats()) {
            if (column >= range.start && column < range.start + range.length)
                return range.format;
        }
        return QTextCharFormat();
    };
    const QColor string = formatAt(0, 0).foreground().color();
    // "while" and "for" inside the docstring are words of the string, not keywords.
    EXPECT_EQ(formatAt(1, 0).foreground().color(), string);
    EXPECT_NE(formatAt(1, 0).fontWeight(), QFont::Bold);
    EXPECT_EQ(formatAt(1, 16).foreground().color(), string);
    EXPECT_EQ(formatAt(2, 5).foreground().color(), string) << "the closing quotes";
    EXPECT_TRUE(formatAt(2, 9).fontItalic()) << "a comment after the docstring";
    EXPECT_EQ(formatAt(3, 0).fontWeight(), QFont::Bold) << "code again after it";
}

} // namespace
} // namespace interleave
