#include "screens.h"

#include "offscreenscreens.h"

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    testing::InitGoogleTest(&argc, argv);
    // The offscreen platform with one screen of each size a classroom has, side by side: a
    // window put on one of them is fitted, capped and laid out as on that projector.
    const QTemporaryDir dir;
    const QString platform = interleave::offscreenPlatformWithScreens(interleave::testing_screens::kSizes, dir.path());
    if (platform.isEmpty())
        return 1;
    qputenv("QT_QPA_PLATFORM", platform.toLocal8Bit());
    // Settings go to a directory of this process, never to the user's files.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
