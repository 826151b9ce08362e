#include "run/pythonstartprobe.h"

#include "pytrace/python_session.h"

#include <QCoreApplication>

#include <chrono>

namespace interleave {

PythonStartProbe::PythonStartProbe(QObject* parent)
    : QObject(parent)
{
    const std::string bootstrap = pytrace::findBootstrapDir(QCoreApplication::applicationDirPath().toStdString());
    if (bootstrap.empty() || pytrace::findExecutable("python3").empty())
        return;
    const std::string cacheFile = pytrace::defaultStartCostCacheFile();
    m_result = std::async(std::launch::async, [bootstrap, cacheFile] {
        std::string error;
        return pytrace::pythonStartCost("python3", bootstrap, cacheFile, error);
    });
    m_poller.watch([this] { return m_result.wait_for(std::chrono::seconds(0)) == std::future_status::ready; },
        {.finished = [this] { collect(); }});
}

// A measurement still running is waited for (it ends within its own time limit).
PythonStartProbe::~PythonStartProbe() = default;

void PythonStartProbe::collect()
{
    if (const auto cost = m_result.get())
        emit measured(cost->ms, QString::fromStdString(cost->python), cost->cached);
}

} // namespace interleave
