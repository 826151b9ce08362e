#pragma once

#include <QtGlobal>

namespace interleave::cli {

// Qt's start-up chatter (e.g. "XDG_RUNTIME_DIR not set") would break the reports of the
// commands that draw (screenshot, tour); while it draws, only Qt's critical and fatal messages get through.
class QuietQt {
public:
    QuietQt()
        : m_previous(qInstallMessageHandler(&QuietQt::handle))
    {
    }
    ~QuietQt() { qInstallMessageHandler(m_previous); }
    QuietQt(const QuietQt&) = delete;
    QuietQt& operator=(const QuietQt&) = delete;

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        if (type == QtCriticalMsg || type == QtFatalMsg)
            qt_message_output(type, context, message);
    }

    QtMessageHandler m_previous;
};

} // namespace interleave::cli
