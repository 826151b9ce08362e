#include "startupmarks.h"

#include "trace/clock.h"

#include <QCoreApplication>
#include <QEvent>
#include <QObject>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <utility>

namespace interleave {
namespace {

const char* marksSetting()
{
    const char* value = std::getenv("INTERLEAVE_STARTUP_MARKS");
    return value != nullptr && *value != '\0' ? value : nullptr;
}

class FrameWatch : public QObject {
public:
    FrameWatch(QWidget* widget, const char* what, std::function<bool()> ready, std::function<void()> then)
        : QObject(widget)
        , m_what(what)
        , m_ready(std::move(ready))
        , m_then(std::move(then))
    {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_seen && (!m_ready || m_ready())) {
            m_seen = true;
            watched->removeEventFilter(this);
            QTimer::singleShot(0, this, [this] {
                StartupMarks::mark(m_what);
                if (m_then) {
                    m_then();
                    return;
                }
                const char* setting = marksSetting();
                if (setting != nullptr && (std::strcmp(setting, "quit") == 0 || std::strcmp(setting, "run") == 0))
                    QCoreApplication::quit();
            });
        }
        return false;
    }

private:
    const char* m_what;
    std::function<bool()> m_ready;
    std::function<void()> m_then;
    bool m_seen = false;
};

} // namespace

bool StartupMarks::enabled()
{
    return marksSetting() != nullptr;
}

void StartupMarks::mark(const char* what)
{
    if (!enabled())
        return;
    std::fprintf(stderr, "interleave-startup %s %lld\n", what, static_cast<long long>(nowNs()));
    std::fflush(stderr);
}

bool StartupMarks::runsAfterFirstFrame()
{
    const char* setting = marksSetting();
    return setting != nullptr && std::strcmp(setting, "run") == 0;
}

void StartupMarks::watchFrame(
    QWidget* widget, const char* what, std::function<bool()> ready, std::function<void()> then)
{
    if (enabled())
        new FrameWatch(widget, what, std::move(ready), std::move(then));
}

void StartupMarks::watchFirstFrame(QWidget* window, std::function<void()> then)
{
    watchFrame(window, "first-frame", {}, std::move(then));
}

} // namespace interleave
