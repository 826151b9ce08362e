#pragma once

#include <QChartView>
#include <QList>
#include <QString>

class QBarCategoryAxis;
class QBarSet;
class QValueAxis;

namespace interleave {

// Bars of how much faster each model ran than the sequential baseline. Empty until results
// arrive; a speed-up of 1 is "no faster".
class SpeedupChart : public QChartView {
    Q_OBJECT

public:
    struct Bar {
        QString model;
        double speedup = 1.0;
    };

    explicit SpeedupChart(QWidget* parent = nullptr);

    void setBars(const QList<Bar>& bars);
    void clear() { setBars({}); }
    qsizetype barCount() const;

    // The chart's own dark or light theme (QChart::ChartThemeDark / ChartThemeLight), to match
    // the window's.
    void setDarkTheme(bool dark);
    bool isDarkTheme() const;

private:
    QBarSet* m_set = nullptr;
    QBarCategoryAxis* m_modelAxis = nullptr;
    QValueAxis* m_speedupAxis = nullptr;
};

} // namespace interleave
