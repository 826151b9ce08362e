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

namespace interleave {
namespace {

const char* marksSetting()
{
    const char* value = std::getenv("INTERLEAVE_STARTUP_MARKS");
    return value != nullptr && *value != '\0' ? value : nullptr;
}

class FirstFrameWatch : public QObject {
public:
    explicit FirstFrameWatch(QWidget* window) : QObject(window) { window->installEventFilter(this); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            watched->removeEventFilter(this);
            QTimer::singleShot(0, this, [] {
                StartupMarks::mark("first-frame");
                const char* setting = marksSetting();
                if (setting != nullptr && std::strcmp(setting, "quit") == 0)
                    QCoreApplication::quit();
            });
        }
        return false;
    }

private:
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

void StartupMarks::watchFirstFrame(QWidget* window)
{
    if (enabled())
        new FirstFrameWatch(window);
}

} // namespace interleave
