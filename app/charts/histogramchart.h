#pragma once

#include "charts/readablechartview.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <map>
#include <optional>

class QBarCategoryAxis;
class QBarSet;
class QValueAxis;

namespace interleave {

// How often each value occurred (final counters over repeated runs, or over every schedule),
// as bars. Values are bucketed so there are never more than a few dozen bars, whatever the
// spread: QtCharts slows down with many points and a projector shows few bars well. The
// bucket holding the expected value is drawn in its own colour. Its type follows the window's
// (classroom mode), its colours the window's theme, and it asks for the width its title, legend
// and axis title need, so a row of panels folds before the chart would cut them.
class HistogramChart : public ReadableChartView {
    Q_OBJECT

public:
    using Counts = std::map<std::int64_t, std::uint64_t>;

    // [low, high], both included.
    struct Bucket {
        std::int64_t low = 0;
        std::int64_t high = 0;
        std::uint64_t count = 0;

        friend bool operator==(const Bucket&, const Bucket&) = default;
    };

    static constexpr int kMaxBars = 20;

    // Equal-width buckets over [smallest, largest] value, at most maxBars of them, empty ones
    // included (a gap in a histogram is information). One bucket per value when they fit.
    static QList<Bucket> bucketize(const Counts& counts, int maxBars = kMaxBars);

    explicit HistogramChart(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setAxisTitles(const QString& valueTitle, const QString& countTitle);
    void setCounts(const Counts& counts, std::optional<std::int64_t> expected = std::nullopt);
    // Applies from the next setCounts().
    void setMaxBars(int bars);
    void clear() { setCounts({}); }

    qsizetype barCount() const;
    // The width its title, legend and value axis's title need in the ordinary type: its
    // minimum width (QChartView sets the view's minimum size itself, so a hint would lose).
    int textsWidth() const;
    // The labels under the bars: each bucket's lowest value, digits grouped.
    QStringList valueLabels() const;
    const QList<Bucket>& buckets() const noexcept { return m_buckets; }

protected:
    void applyType(double scale) override;
    void fitTexts() override;

private:
    void fitLabels();
    void fitMinimumWidth();

    QList<Bucket> m_buckets;
    int m_maxBars = kMaxBars;
    QString m_valueTitle;
    QBarSet* m_exact = nullptr;
    QBarSet* m_other = nullptr;
    QBarCategoryAxis* m_valueAxis = nullptr;
    QValueAxis* m_countAxis = nullptr;
};

} // namespace interleave
