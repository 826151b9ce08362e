#pragma once

#include "pytrace/process_start.h"
#include "run/jobpoller.h"

#include <QObject>
#include <QString>

#include <future>
#include <optional>

namespace interleave {

// Finds out, off the GUI thread, what starting a Python process costs this machine (once per
// interpreter, then cached: pytrace/process_start.h) and reports it. The measuring thread
// never touches Qt; a JobPoller collects its result. Without python3 nothing is reported.
class PythonStartProbe : public QObject {
    Q_OBJECT

public:
    explicit PythonStartProbe(QObject* parent = nullptr);
    ~PythonStartProbe() override;

signals:
    void measured(double ms, const QString& python, bool cached);

private:
    void collect();

    std::future<std::optional<pytrace::PythonStartCost>> m_result;
    JobPoller m_poller; // after m_result: destroyed first, so no tick reaches a spent future
};

} // namespace interleave
