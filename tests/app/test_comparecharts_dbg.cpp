#include "charts/comparechart.h"
#include <QApplication>
#include <gtest/gtest.h>
TEST(Dbg, Labels)
{
    interleave::CompareChart c(interleave::CompareChart::Metric::Speedup);
    c.resize(qEnvironmentVariableIntValue("W"), 420);
    c.show();
    c.setData({"sequential", "threads", "thread<br>pool", "processes", "process<br>pool", "asyncio"},
        {{"I/O-bound", {1, 3.8, 4.2, 0.45, 0.58, 4.2}}, {"CPU-bound", {1, 1.36, 1.5, 0.59, 0.54, 0.74}}});
    for (int i = 0; i < 3; ++i)
        QApplication::processEvents();
    c.grab().save(QString("/tmp/shots/dbg%1.png").arg(qEnvironmentVariableIntValue("W")));
}
