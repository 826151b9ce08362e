#include "teachviews/classroommode.h"

#include "teach/lesson.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QSettings>
#include <QSignalSpy>
#include <QLabel>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace interleave {
namespace {

class ClassroomModeTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        // The remembered scale goes to a folder of the test's own, not the user's settings.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        QSettings().remove(QStringLiteral("classroom"));
    }

    QTemporaryDir m_settings;
};

TEST_F(ClassroomModeTest, TurningItOnScalesTheFontAndOffRestoresIt)
{
    QMainWindow window;
    ClassroomMode mode(&window);
    const QFont before = QApplication::font();
    const QPalette paletteBefore = QApplication::palette();
    mode.setFontScale(1.5);
    mode.setEnabled(true);
    EXPECT_TRUE(mode.isEnabled());
    EXPECT_DOUBLE_EQ(QApplication::font().pointSizeF(), before.pointSizeF() * 1.5);
    EXPECT_TRUE(window.windowState() & Qt::WindowFullScreen);
    EXPECT_EQ(QApplication::palette().color(QPalette::Window), QColor(Qt::white));
    EXPECT_EQ(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));

    mode.setFontScale(2.0); // takes effect at once, from the original size
    EXPECT_DOUBLE_EQ(QApplication::font().pointSizeF(), before.pointSizeF() * 2.0);

    mode.setEnabled(false);
    EXPECT_EQ(QApplication::font(), before);
    EXPECT_EQ(QApplication::palette().color(QPalette::Window), paletteBefore.color(QPalette::Window));
    EXPECT_FALSE(window.windowState() & Qt::WindowFullScreen);
}

TEST_F(ClassroomModeTest, WidgetsWithTheirOwnTypeSizeAreScaledTooAndPutBack)
{
    // A results strip or a lab view's big figures set their own size, which the
    // application's font does not reach.
    QMainWindow window;
    auto* own = new QLabel(QStringLiteral("wall 102.8 ms"), &window);
    QFont big = own->font();
    big.setPointSizeF(13.0);
    own->setFont(big);
    ClassroomMode mode(&window);
    mode.setFontScale(1.5);
    mode.setEnabled(true);
    EXPECT_DOUBLE_EQ(own->font().pointSizeF(), 13.0 * 1.5);

    mode.setFontScale(2.0); // from the widget's own size, not from the scaled one
    EXPECT_DOUBLE_EQ(own->font().pointSizeF(), 13.0 * 2.0);

    mode.setEnabled(false);
    EXPECT_DOUBLE_EQ(own->font().pointSizeF(), 13.0);
}

TEST_F(ClassroomModeTest, TheScaleStaysBetween150And200PercentAndIsRemembered)
{
    QMainWindow window;
    {
        ClassroomMode mode(&window);
        EXPECT_DOUBLE_EQ(mode.fontScale(), ClassroomMode::kDefaultFontScale);
        mode.setFontScale(5);
        EXPECT_DOUBLE_EQ(mode.fontScale(), 2.0);
        mode.setFontScale(0.5);
        EXPECT_DOUBLE_EQ(mode.fontScale(), 1.5);
        mode.setFontScale(1.8);
    }
    ClassroomMode again(&window);
    EXPECT_DOUBLE_EQ(again.fontScale(), 1.8);
}

TEST_F(ClassroomModeTest, TheActionFollowsTheModeAndTogglesIt)
{
    QMainWindow window;
    ClassroomMode mode(&window);
    QSignalSpy spy(&mode, &ClassroomMode::enabledChanged);
    mode.toggleAction()->trigger();
    EXPECT_TRUE(mode.isEnabled());
    mode.setEnabled(false);
    EXPECT_FALSE(mode.toggleAction()->isChecked());
    EXPECT_EQ(spy.count(), 2);
}

TEST_F(ClassroomModeTest, LessonsReplayInSlowMotion)
{
    QMainWindow window;
    ClassroomMode mode(&window);
    Lesson lesson;
    EXPECT_LT(mode.replaySpeed(&lesson), 1.0);
    EXPECT_DOUBLE_EQ(mode.replaySpeed(), 1.0);
    mode.setEnabled(true);
    EXPECT_LT(mode.replaySpeed(), 1.0);
    mode.setEnabled(false);
}

TEST_F(ClassroomModeTest, DestroyingTheModeWhileOnRestoresTheApplication)
{
    const QFont before = QApplication::font();
    {
        QMainWindow window;
        ClassroomMode mode(&window);
        mode.setEnabled(true);
        EXPECT_NE(QApplication::font(), before);
    }
    EXPECT_EQ(QApplication::font(), before);
}

} // namespace
} // namespace interleave
