#include "aboutdialog.h"

#include <QLabel>
#include <QSvgRenderer>
#include <QSvgWidget>

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(AboutDialog, ShowsTheIconFromTheResources)
{
    AboutDialog dialog;
    const auto* icon = dialog.findChild<QSvgWidget*>("aboutIcon");
    ASSERT_NE(icon, nullptr);
    // Valid only if the compiled-in SVG was found and parsed.
    ASSERT_TRUE(icon->renderer()->isValid());
    EXPECT_FALSE(icon->renderer()->defaultSize().isEmpty());
}

TEST(AboutDialog, NamesTheVersion)
{
    AboutDialog dialog;
    EXPECT_EQ(dialog.windowTitle(), "About Interleave");
    const auto* text = dialog.findChild<QLabel*>("aboutText");
    ASSERT_NE(text, nullptr);
    EXPECT_TRUE(text->text().contains("Interleave 0.1.0")) << text->text().toStdString();
}

} // namespace
} // namespace interleave
