#include "offscreenscreens.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScreen>

namespace interleave {

QString offscreenScreenName(QSize size)
{
    return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
}

QString offscreenPlatformWithScreens(std::span<const QSize> sizes, const QString& folder)
{
    QJsonArray screens;
    int x = 0;
    for (const QSize size : sizes) {
        screens.append(QJsonObject {{"name", offscreenScreenName(size)}, {"x", x}, {"y", 0}, {"width", size.width()},
            {"height", size.height()}, {"logicalDpi", 96}, {"dpr", 1}});
        x += size.width();
    }
    const QString path = QDir(folder).filePath(QStringLiteral("screens.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(QJsonObject {{"screens", screens}}).toJson()) < 0 || !file.flush())
        return {};
    return QStringLiteral("offscreen:configfile=%1").arg(path);
}

QScreen* offscreenScreenOfSize(QSize size)
{
    for (QScreen* screen : QGuiApplication::screens())
        if (screen->name() == offscreenScreenName(size))
            return screen;
    return nullptr;
}

} // namespace interleave
