#include "teachviews/glossarydialog.h"

#include "teach/glossary.h"

#include <QTextBrowser>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(GlossaryDialog, ListsEveryTermAndFiltersAsOneTypes)
{
    GlossaryDialog dialog;
    EXPECT_EQ(dialog.visibleTerms().size(), static_cast<qsizetype>(glossary().size()));
    dialog.setQuery(QStringLiteral("gil"));
    const QStringList terms = dialog.visibleTerms();
    ASSERT_FALSE(terms.isEmpty());
    EXPECT_EQ(terms.front(), QStringLiteral("GIL"));
    EXPECT_LT(terms.size(), static_cast<qsizetype>(glossary().size()));
    EXPECT_TRUE(dialog.definitionView()->toPlainText().contains(QStringLiteral("interpreter lock")));
}

TEST(GlossaryDialog, NoMatchSaysSo)
{
    GlossaryDialog dialog;
    dialog.setQuery(QStringLiteral("xyzzy"));
    EXPECT_TRUE(dialog.visibleTerms().isEmpty());
    EXPECT_TRUE(dialog.definitionView()->toPlainText().contains(QStringLiteral("No term matches")));
}

TEST(GlossaryDialog, ShowTermSelectsItAndLinksRelatedTerms)
{
    GlossaryDialog dialog;
    ASSERT_TRUE(dialog.showTerm(QStringLiteral("deadlock")));
    EXPECT_EQ(dialog.currentTerm(), QStringLiteral("deadlock"));
    EXPECT_TRUE(dialog.definitionView()->toHtml().contains(QStringLiteral("term:wait-for")));
    EXPECT_FALSE(dialog.showTerm(QStringLiteral("no such term")));
    EXPECT_EQ(dialog.currentTerm(), QStringLiteral("deadlock"));
}

} // namespace
} // namespace interleave
