#include "drawcommands/offscreenapp.h"

#include <QApplication>

#include <stdexcept>

namespace interleave::cli {
namespace {

// A new application of type App on the offscreen platform, whatever QT_QPA_PLATFORM and
// DISPLAY say: "-platform" on the command line wins over the environment, and a platform
// that needs a display (xcb, wayland) would abort the program when there is none. Qt keeps
// references to argc and argv for the application's lifetime.
template <typename App> std::unique_ptr<QGuiApplication> makeOffscreenApplication()
{
    static int argc = 3;
    static char name[] = "interleave";
    static char platformFlag[] = "-platform";
    static char platform[] = "offscreen";
    static char* argv[] = {name, platformFlag, platform, nullptr};
    return std::make_unique<App>(argc, argv);
}

} // namespace

std::unique_ptr<QGuiApplication> ensureOffscreenApplication()
{
    if (QCoreApplication::instance() != nullptr)
        return nullptr;
    return makeOffscreenApplication<QGuiApplication>();
}

std::unique_ptr<QGuiApplication> ensureOffscreenWidgetApplication()
{
    if (QCoreApplication::instance() != nullptr) {
        if (qobject_cast<QApplication*>(QCoreApplication::instance()) == nullptr)
            throw std::runtime_error("drawing a view needs a widget application");
        return nullptr;
    }
    return makeOffscreenApplication<QApplication>();
}

} // namespace interleave::cli
