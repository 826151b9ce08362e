#include "teachviews/lessonmarkup.h"
#include "teachviews/lessonpanel.h"
#include "teachviews/teachresources.h"

#include <QFontMetricsF>
#include <QLabel>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>

#include <gtest/gtest.h>

namespace interleave {
namespace {

// Whether the rich text, as Qt reads it, shows `fragment` in a fixed-pitch font.
bool lessonMarkupShowsAsCode(const QString& html, const QString& fragment)
{
    QTextDocument document;
    document.setHtml(html);
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            if (f.text().contains(fragment)) {
                // Fixed pitch as drawn: an 'i' as wide as an 'M'.
                const QFontMetricsF metrics(f.charFormat().font());
                return metrics.horizontalAdvance(QLatin1Char('i')) == metrics.horizontalAdvance(QLatin1Char('M'));
            }
        }
    }
    return false;
}

TEST(LessonMarkup, BackticksBecomeCode)
{
    EXPECT_EQ(lessonMarkupToHtml(QStringLiteral("run `counter += 1` twice")),
        QStringLiteral("run <code>counter += 1</code> twice"));
    EXPECT_TRUE(lessonMarkupShowsAsCode(lessonMarkupToHtml(QStringLiteral("run `counter += 1` twice")),
        QStringLiteral("counter += 1")));
    EXPECT_FALSE(lessonMarkupShowsAsCode(lessonMarkupToHtml(QStringLiteral("run `counter += 1` twice")),
        QStringLiteral("twice")));
}

TEST(LessonMarkup, CodeIsTakenLiterally)
{
    // Stars inside code are not emphasis; angle brackets and ampersands are escaped.
    EXPECT_EQ(lessonMarkupToHtml(QStringLiteral("`a * b * c` and `x<y && z`")),
        QStringLiteral("<code>a * b * c</code> and <code>x&lt;y &amp;&amp; z</code>"));
}

TEST(LessonMarkup, BoldEmphasisAndParagraphs)
{
    EXPECT_EQ(lessonMarkupToHtml(QStringLiteral("**Watch:** the *Running* bars")),
        QStringLiteral("<b>Watch:</b> the <i>Running</i> bars"));
    EXPECT_EQ(lessonMarkupToHtml(QStringLiteral("one\n\ntwo\nthree")), QStringLiteral("<p>one</p><p>two<br>three</p>"));
    EXPECT_EQ(lessonMarkupToHtml(QStringLiteral("a < b & c")), QStringLiteral("a &lt; b &amp; c"));
    // A lone backtick or star stays as it is.
    EXPECT_EQ(lessonMarkupToHtml(QStringLiteral("it`s 2 * 3")), QStringLiteral("it`s 2 * 3"));
}

TEST(LessonMarkup, TheLessonPanelShowsCodeInMonospace)
{
    // Lesson 8 ("A race condition") puts `counter += 1` in its text and its question.
    LessonPanel panel;
    int race = -1;
    for (int i = 0; i < static_cast<int>(panel.lessons().size()); ++i) {
        panel.setCurrentIndex(i);
        if (panel.findChild<QLabel*>(QStringLiteral("lessonText"))->text().contains(QStringLiteral("<code>")))
            race = i;
    }
    ASSERT_GE(race, 0) << "some lesson marks code";
    panel.setCurrentIndex(race);
    const auto* text = panel.findChild<QLabel*>(QStringLiteral("lessonText"));
    EXPECT_EQ(text->textFormat(), Qt::RichText);
    EXPECT_FALSE(text->text().contains(QLatin1Char('`'))) << text->text().toStdString();
}

TEST(LessonMarkup, LongWordsGetPlacesToBreak)
{
    const QString zwsp(QChar(0x200B));
    EXPECT_EQ(lessonMarkupToHtml(QStringLiteral("ThreadPoolExecutor(max_workers=4).map for threads")),
        QStringLiteral("ThreadPoolExecutor(") + zwsp + QStringLiteral("max_workers=") + zwsp + QStringLiteral("4).")
            + zwsp + QStringLiteral("map for threads"));
    // In code too; short words and their punctuation are left alone.
    EXPECT_EQ(lessonMarkupToHtml(QStringLiteral("`concurrent.futures.ThreadPoolExecutor` or `Pool().map`")),
        QStringLiteral("<code>concurrent.") + zwsp + QStringLiteral("futures.") + zwsp
            + QStringLiteral("ThreadPoolExecutor</code> or <code>Pool().map</code>"));
}

TEST(LessonMarkup, EveryLessonsTextFitsANarrowPanel)
{
    // A word no label can break makes the label's minimum wider than the panel, and the text
    // runs off its right edge: every lesson's text, question and answers fit 200 pixels.
    LessonPanel panel;
    for (int i = 0; i < static_cast<int>(panel.lessons().size()); ++i) {
        panel.setCurrentIndex(i);
        for (const QLabel* label : panel.findChildren<QLabel*>()) {
            if (label->wordWrap() && !label->text().isEmpty()) {
                EXPECT_LE(label->minimumSizeHint().width(), 200)
                    << panel.lessons()[static_cast<std::size_t>(i)].id << ": " << label->text().toStdString();
            }
        }
    }
}

} // namespace
} // namespace interleave
