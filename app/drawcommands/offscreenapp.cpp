#include "drawcommands/offscreenapp.h"

#include "offscreenscreens.h"

#include <QApplication>
#include <QTemporaryDir>

#include <array>
#include <stdexcept>
#include <string>

namespace interleave::cli {
namespace {

// A new application of type App on the offscreen platform, whatever QT_QPA_PLATFORM and
// DISPLAY say: "-platform" on the command line wins over the environment, and a platform
// that needs a display (xcb, wayland) would abort the program when there is none. Qt keeps
// references to argc and argv for the application's lifetime, hence the static storage (one
// application a process).
template <typename App> std::unique_ptr<QGuiApplication> makeOffscreenApplication(const QString& platform)
{
    static std::string platformArgument;
    platformArgument = platform.toStdString();
    static int argc = 3;
    static char name[] = "interleave";
    static char platformFlag[] = "-platform";
    static char* argv[] = {name, platformFlag, platformArgument.data(), nullptr};
    argv[2] = platformArgument.data();
    return std::make_unique<App>(argc, argv);
}

} // namespace

std::unique_ptr<QGuiApplication> ensureOffscreenApplication()
{
    if (QCoreApplication::instance() != nullptr)
        return nullptr;
    return makeOffscreenApplication<QGuiApplication>(QStringLiteral("offscreen"));
}

std::unique_ptr<QGuiApplication> ensureOffscreenWidgetApplication()
{
    if (QCoreApplication::instance() != nullptr) {
        if (qobject_cast<QApplication*>(QCoreApplication::instance()) == nullptr)
            throw std::runtime_error("drawing a view needs a widget application");
        return nullptr;
    }
    return makeOffscreenApplication<QApplication>(QStringLiteral("offscreen"));
}

std::unique_ptr<QGuiApplication> ensureOffscreenWidgetApplication(QSize screen)
{
    if (QCoreApplication::instance() != nullptr)
        return ensureOffscreenWidgetApplication();
    // The platform reads its screens' file when the application is made; the folder may go then.
    const QTemporaryDir folder;
    const std::array sizes {screen};
    const QString platform = offscreenPlatformWithScreens(sizes, folder.path());
    if (platform.isEmpty())
        throw std::runtime_error("cannot make a screen of " + offscreenScreenName(screen).toStdString()
            + " to draw on: the temporary folder cannot be written");
    return makeOffscreenApplication<QApplication>(platform);
}

} // namespace interleave::cli
