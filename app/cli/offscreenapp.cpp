#include "cli/offscreenapp.h"

#include <QApplication>

#include <stdexcept>

namespace interleave::cli {
namespace {

// A new application of type App on the offscreen platform (unless QT_QPA_PLATFORM names
// another). Qt keeps references to argc and argv for the application's lifetime.
template <typename App> std::unique_ptr<QGuiApplication> makeOffscreenApplication()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "interleave";
    static char* argv[] = {name, nullptr};
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
