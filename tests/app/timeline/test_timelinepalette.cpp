#include "timeline/timelinepalette.h"

#include "../contrast_testing.h"

#include <gtest/gtest.h>

#include <set>

namespace interleave {
namespace {

using wcag::contrast;

TEST(TimelinePalette, StatesFollowOkabeIto)
{
    const TimelinePalette palette(TimelineTheme::Light);
    EXPECT_EQ(palette.stateColor(State::Running), QColor("#009E73"));
    EXPECT_EQ(palette.stateColor(State::WaitingGil), QColor("#E69F00"));
    EXPECT_EQ(palette.stateColor(State::BlockedIo), QColor("#56B4E9"));
    EXPECT_EQ(palette.stateColor(State::WaitingLock), QColor("#D55E00"));
    EXPECT_EQ(palette.stateColor(State::Suspended), QColor("#CC79A7"));
}

TEST(TimelinePalette, EveryWaitingStateHasItsOwnHatch)
{
    std::set<Qt::BrushStyle> styles;
    for (State s :
        {State::WaitingGil, State::WaitingLock, State::BlockedIo, State::Ready, State::Suspended}) {
        const Qt::BrushStyle style = TimelinePalette::hatchStyle(s);
        EXPECT_NE(style, Qt::NoBrush) << stateName(s);
        styles.insert(style);
    }
    EXPECT_EQ(styles.size(), 5U);
    EXPECT_EQ(TimelinePalette::hatchStyle(State::Running), Qt::NoBrush);
}

TEST(TimelinePalette, StoppedIsAGreyMarkNotAFailure)
{
    for (TimelineTheme theme : {TimelineTheme::Light, TimelineTheme::Dark}) {
        const TimelinePalette palette(theme);
        const QColor stopped = palette.stateColor(State::Stopped);
        EXPECT_EQ(stopped.red(), stopped.green());
        EXPECT_EQ(stopped.green(), stopped.blue());
        EXPECT_NE(stopped, palette.stateColor(State::Failed));
        EXPECT_NE(stopped, palette.stateColor(State::Starting)); // a bar's grey, not the mark's
        // A 3 px mark must stand out from the plot's background.
        EXPECT_GE(contrast(stopped, palette.background()), 3.0);
        EXPECT_EQ(TimelinePalette::hatchStyle(State::Stopped), Qt::NoBrush);
    }
}

TEST(TimelinePalette, TextIsReadableInBothThemes)
{
    for (TimelineTheme theme : {TimelineTheme::Light, TimelineTheme::Dark}) {
        const TimelinePalette palette(theme);
        EXPECT_GE(contrast(palette.text(), palette.background()), 7.0);
        EXPECT_GE(contrast(palette.text(), palette.gutterBackground()), 7.0);
        EXPECT_GE(contrast(palette.mutedText(), palette.background()), 4.5);
    }
}

TEST(TimelinePalette, BrushesAreBuiltOnce)
{
    const TimelinePalette palette(TimelineTheme::Dark);
    // The same object each time: painting takes references, never builds a brush per span.
    EXPECT_EQ(&palette.stateBrush(State::Running), &palette.stateBrush(State::Running));
    EXPECT_EQ(palette.stateBrush(State::Running).color(), palette.stateColor(State::Running));
}

} // namespace
} // namespace interleave
