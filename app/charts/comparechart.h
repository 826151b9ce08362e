#pragma once

#include "charts/readablechartview.h"

#include <QFont>
#include <QList>
#include <QString>
#include <QStringList>

class QBarCategoryAxis;
class QGraphicsSimpleTextItem;
class QBarSeries;
class QLineSeries;
class QValueAxis;

namespace interleave {

// Grouped bars, one group per model, one bar per workload kind (I/O-bound beside CPU-bound):
// either wall time or speedup over sequential. The speedup chart draws the 1x line across
// ("as fast as sequential"), so bars under it read as slower at a glance.
class CompareChart : public ReadableChartView {
    Q_OBJECT

public:
    enum class Metric { WallTime, Speedup };

    struct Series {
        QString name; // e.g. "I/O-bound"
        QList<double> values; // one per category; 0 or less: not measured (no bar)
        // The spread of repeated runs, one per category (empty, or 0: no whisker): a whisker
        // from low to high across the bar, so a class sees how far one run can be trusted.
        QList<double> low = {};
        QList<double> high = {};
    };

    explicit CompareChart(Metric metric, QWidget* parent = nullptr);

    Metric metric() const noexcept { return m_metric; }
    // Categories may hold "<br>" for a second line ("thread<br>pool") and soft hyphens
    // (U+00AD) where a word may be broken ("sequen\u00adtial"). QtCharts cuts a name wider than
    // its category short ("sequen..."): the names' type is made smaller instead, as little as
    // it must, and where that would cost much of it a word is broken at a soft hyphen.
    void setData(const QStringList& categories, const QList<Series>& series);
    void clear() { setData({}, {}); }

    qsizetype categoryCount() const;
    qsizetype seriesCount() const;
    // The value axis' top: the tallest bar with headroom, never below 1x for speedups.
    double axisMax() const;
    // Wall time: "s" or "ms", chosen so the numbers stay short.
    QString unit() const { return m_unit; }
    // How many whiskers (error bars) are drawn.
    qsizetype whiskerCount() const { return m_whiskers.size(); }

    // The names' type and the names as drawn ("sequen-<br>tial" where broken).
    QFont categoryFont() const;
    QStringList categoryLabels() const;

protected:
    void applyType(double scale) override;
    void fitTexts() override;
    void applyColours() override;

private:
    // Six categories share the width: a point smaller than the axes' other type keeps
    // "sequential" whole in the ordinary type.
    static constexpr double kCategoryPoints = 10.5;
    static constexpr double kBarLabelPoints = 10;
    static constexpr double kMinCategoryPoints = 8;
    // The six names at kMinCategoryPoints under a plot beside the value axis, in the ordinary
    // type (at 360 px nothing fitted and QtCharts cut every name); in a larger type, this
    // much for each point of type.
    static constexpr int kMinimumWidth = 540;
    static constexpr int kMinimumWidthPerScale = 360;
    static constexpr int kMinimumHeight = 260;

    QFont barLabelFont() const;
    void fitCategoryLabels();
    void addWhiskers(qsizetype categories, const QList<Series>& series, double scale);
    void placeLabels();

    Metric m_metric;
    QBarSeries* m_bars = nullptr;
    QLineSeries* m_oneTimes = nullptr;
    QList<QLineSeries*> m_whiskers; // one per bar with a spread
    // With whiskers the bars' own labels would sit under the upper caps: each label is then
    // drawn above its whisker instead, at (category position, top) in chart values.
    struct BarLabel {
        QGraphicsSimpleTextItem* item = nullptr;
        QPointF anchor;
    };
    QList<BarLabel> m_labels;
    QBarCategoryAxis* m_categoryAxis = nullptr;
    QStringList m_names; // as given to setData, soft hyphens and all
    QValueAxis* m_valueAxis = nullptr;
    QString m_unit;
};

} // namespace interleave
