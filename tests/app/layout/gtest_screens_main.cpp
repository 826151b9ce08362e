#include "screens.h"

#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    testing::InitGoogleTest(&argc, argv);
    // The offscreen platform with one screen of each size a classroom has, side by side: a
    // window put on one of them is fitted, capped and laid out as on that projector. The
    // platform reads its screens from a file named in its name.
    const QTemporaryDir dir;
    QJsonArray screens;
    int x = 0;
    for (const QSize size : interleave::testing_screens::kSizes) {
        screens.append(QJsonObject {{"name", interleave::testing_screens::nameOf(size)}, {"x", x}, {"y", 0},
            {"width", size.width()}, {"height", size.height()}, {"logicalDpi", 96}, {"dpr", 1}});
        x += size.width();
    }
    const QString config = dir.filePath(QStringLiteral("screens.json"));
    {
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        file.write(QJsonDocument(QJsonObject {{"screens", screens}}).toJson());
    }
    qputenv("QT_QPA_PLATFORM", QStringLiteral("offscreen:configfile=%1").arg(config).toLocal8Bit());
    // Settings go to a directory of this process, never to the user's files.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
