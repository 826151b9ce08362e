#include "charts/comparechart.h"

#include "charts/chartstyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFontMetricsF>
#include <QTextDocument>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace interleave {

namespace {

QColor colourFor(const QString& name, int index)
{
    if (name.contains(QStringLiteral("I/O")))
        return chartstyle::ioColor();
    if (name.contains(QStringLiteral("CPU")))
        return chartstyle::cpuColor();
    static const QColor others[] = {QColor(0x05, 0x96, 0x69), QColor(0x7c, 0x3a, 0xed)};
    return others[index % 2];
}

constexpr QChar kSoftHyphen(0x00ad);
const QString kLineBreak = QStringLiteral("<br>");

// The names as drawn whole: soft hyphens out.
QStringList withoutBreaks(QStringList names)
{
    for (QString& name : names)
        name.remove(kSoftHyphen);
    return names;
}

// How wide QtCharts takes a line of a name to be when it decides whether to cut it: the width
// of a text item's document (ChartPresenter::textBoundingRect), its margins included. The
// font's advance alone left it 5 px short, and QtCharts cut names ("seque...") this said fit.
double drawnWidth(const QFont& font, const QString& line)
{
    QTextDocument document;
    document.setDefaultFont(font);
    document.setHtml(line);
    return document.size().width();
}

// A line that is too wide for `room`, broken at its soft hyphens into lines that fit, each
// but the last ending in a hyphen; nullopt when no breaking makes it fit.
std::optional<QStringList> brokenAtHyphens(const QString& line, const QFont& font, double room)
{
    const QString whole = QString(line).remove(kSoftHyphen);
    if (drawnWidth(font, whole) <= room)
        return QStringList {whole};
    // The longest first part that fits, then the rest the same way.
    for (qsizetype at = line.lastIndexOf(kSoftHyphen); at > 0; at = line.lastIndexOf(kSoftHyphen, at - 1)) {
        const QString head = QString(line.left(at)).remove(kSoftHyphen) + QLatin1Char('-');
        if (drawnWidth(font, head) > room)
            continue;
        if (auto rest = brokenAtHyphens(line.mid(at + 1), font, room)) {
            rest->prepend(head);
            return rest;
        }
    }
    return std::nullopt;
}

// Every name fitting `room` on its lines ("<br>" between them), broken at soft hyphens where
// breakWords allows; nullopt when one does not fit. Three lines at most.
std::optional<QStringList> namesFitting(const QStringList& names, const QFont& font, double room, bool breakWords)
{
    constexpr qsizetype kMaxLines = 3;
    QStringList drawn;
    for (const QString& name : names) {
        QStringList lines;
        for (const QString& line : name.split(kLineBreak)) {
            const QString whole = QString(line).remove(kSoftHyphen);
            if (drawnWidth(font, whole) <= room) {
                lines << whole;
                continue;
            }
            const auto broken = breakWords ? brokenAtHyphens(line, font, room) : std::nullopt;
            if (!broken)
                return std::nullopt;
            lines << *broken;
        }
        if (lines.size() > kMaxLines)
            return std::nullopt;
        drawn << lines.join(kLineBreak);
    }
    return drawn;
}

struct NiceScale {
    double top;
    double step;
    int ticks;
};

// The smallest 1-2-5 step that covers `max` in at most five steps.
NiceScale niceScale(double max)
{
    double magnitude = std::pow(10.0, std::floor(std::log10(max / 5.0)));
    for (;;) {
        for (double m : {1.0, 2.0, 5.0}) {
            const double step = m * magnitude;
            const double steps = std::ceil(max / step - 1e-9);
            if (steps <= 5)
                return {steps * step, step, static_cast<int>(steps) + 1};
        }
        magnitude *= 10;
    }
}

} // namespace

CompareChart::CompareChart(Metric metric, QWidget* parent)
    : ReadableChartView(parent)
    , m_metric(metric)
{
    // The view made a chart of its own; setChart() would release that one without deleting it.
    QChart* chart = this->chart();
    chart->setTitle(metric == Metric::WallTime ? tr("Wall time (lower is better)")
                                               : tr("Speedup over sequential (higher is better)"));
    chart->legend()->setAlignment(Qt::AlignBottom);

    m_bars = new QBarSeries(chart);
    m_bars->setLabelsVisible(true);
    m_bars->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_bars->setLabelsPrecision(3);
    // Wide bars leave room for the labels above them: "0.5×" beside "0.6×" must not collide.
    m_bars->setBarWidth(0.8);
    m_bars->setLabelsFormat(metric == Metric::Speedup ? QStringLiteral("@value×") : QStringLiteral("@value"));
    chart->addSeries(m_bars);

    m_categoryAxis = new QBarCategoryAxis(chart);
    chart->addAxis(m_categoryAxis, Qt::AlignBottom);
    m_bars->attachAxis(m_categoryAxis);

    m_valueAxis = new QValueAxis(chart);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_bars->attachAxis(m_valueAxis);

    if (metric == Metric::Speedup) {
        m_valueAxis->setLabelFormat(QStringLiteral("%.0fx")); // QtCharts reads the format as Latin-1: no ×
        m_valueAxis->setTitleText(tr("× sequential"));
        m_oneTimes = new QLineSeries(chart);
        m_oneTimes->setName(tr("1× = as fast as sequential"));
        QPen pen(chartstyle::referenceColor(palette()));
        pen.setWidthF(2.5);
        pen.setStyle(Qt::DashLine);
        m_oneTimes->setPen(pen);
        chart->addSeries(m_oneTimes);
        m_oneTimes->attachAxis(m_categoryAxis);
        m_oneTimes->attachAxis(m_valueAxis);
    }
    setRenderHint(QPainter::Antialiasing);
    // After the names are fitted (ReadableChartView::fitTexts, connected first).
    connect(chart, &QChart::plotAreaChanged, this, &CompareChart::placeLabels);
    setData({}, {});
    restyle();
}

void CompareChart::applyType(double scale)
{
    // Six names under their bars need room in proportion to their type: in classroom type
    // the chart takes the width of the tab rather than a narrow column beside its captions
    // (which then fold under it), and the names stay large. The title, the legend and names
    // on two lines take more of its height: half as much more again keeps the plot readable.
    setMinimumSize(std::max(kMinimumWidth, static_cast<int>(kMinimumWidthPerScale * scale)),
        static_cast<int>(kMinimumHeight * (1 + scale) / 2));
    ReadableChartView::applyType(scale);
    for (QBarSet* set : m_bars->barSets())
        set->setLabelFont(barLabelFont());
    for (const BarLabel& label : m_labels)
        label.item->setFont(barLabelFont());
    placeLabels();
}

void CompareChart::fitTexts()
{
    ReadableChartView::fitTexts();
    fitCategoryLabels();
}

QFont CompareChart::barLabelFont() const
{
    QFont font = m_bars->barSets().isEmpty() ? chart()->font() : m_bars->barSets().front()->labelFont();
    font.setPointSizeF(kBarLabelPoints * typeScale());
    return font;
}

void CompareChart::setData(const QStringList& categories, const QList<Series>& series)
{
    m_bars->clear();
    for (QLineSeries* whisker : m_whiskers) {
        chart()->removeSeries(whisker);
        delete whisker;
    }
    m_whiskers.clear();
    for (const BarLabel& label : m_labels)
        delete label.item;
    m_labels.clear();
    m_names = categories;
    m_categoryAxis->clear();
    m_categoryAxis->append(categories.isEmpty() ? QStringList {QString()} : withoutBreaks(categories));

    double top = 0;
    for (const Series& s : series) {
        for (double v : s.values)
            top = std::max(top, v);
        for (double v : s.high)
            top = std::max(top, v);
    }

    m_unit.clear();
    double scale = 1;
    if (m_metric == Metric::WallTime) {
        // Values arrive in milliseconds; past two seconds they read better as seconds.
        if (top >= 2000) {
            m_unit = QStringLiteral("s");
            scale = 1e-3;
        } else {
            m_unit = QStringLiteral("ms");
        }
        m_valueAxis->setTitleText(tr("wall time (%1)").arg(m_unit));
    }

    int index = 0;
    for (const Series& s : series) {
        auto* set = new QBarSet(s.name);
        set->setColor(colourFor(s.name, index));
        set->setBorderColor(colourFor(s.name, index).darker(130));
        set->setLabelColor(chartstyle::inkColor(palette()));
        set->setLabelFont(barLabelFont());
        for (qsizetype i = 0; i < categories.size(); ++i) {
            const double v = i < s.values.size() ? s.values[i] : 0.0;
            // A bar of 0 draws nothing; its label would print "0", so no label either way.
            // Short labels that do not collide: speedups to one decimal, times to three figures.
            const double shown = m_metric == Metric::Speedup ? std::round(v * 10.0) / 10.0
                                                             : std::round(v * scale * 100.0) / 100.0;
            *set << (v > 0 ? shown : 0.0);
        }
        m_bars->append(set);
        ++index;
    }
    addWhiskers(categories.size(), series, scale);

    // A round top with room for the labels above the bars, and at most five steps, so the
    // scale stays legible on a short chart. Speedups always show 1x.
    double axisTop = top * scale * 1.15;
    if (m_metric == Metric::Speedup)
        axisTop = std::max(axisTop, 1.5);
    const NiceScale nice = niceScale(axisTop > 0 ? axisTop : 1.0);
    m_valueAxis->setRange(0.0, nice.top);
    m_valueAxis->setTickCount(nice.ticks);
    if (m_metric == Metric::Speedup)
        m_valueAxis->setLabelFormat(nice.step < 1 ? QStringLiteral("%.1fx") : QStringLiteral("%.0fx"));
    else
        m_valueAxis->setLabelFormat(nice.step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));

    if (m_oneTimes) {
        // Across the whole plot: categories sit at 0..n-1, so -0.5..n-0.5 spans edge to edge.
        const double n = static_cast<double>(std::max<qsizetype>(categories.size(), 1));
        m_oneTimes->replace(QList<QPointF> {{-0.5, 1.0}, {n - 0.5, 1.0}});
    }
    fitCategoryLabels(); // other names, or as many
}

void CompareChart::addWhiskers(qsizetype categories, const QList<Series>& series, double scale)
{
    // QBarSeries centres its group of bars on the category: with k sets sharing barWidth of
    // the category's width, set j sits at i - barWidth/2 + (j + 0.5) * barWidth / k.
    const double groupWidth = m_bars->barWidth();
    const auto sets = static_cast<double>(std::max<qsizetype>(series.size(), 1));
    const double barWidth = groupWidth / sets;
    const double cap = barWidth * 0.22;
    for (qsizetype j = 0; j < series.size(); ++j) {
        const Series& s = series[j];
        for (qsizetype i = 0; i < categories; ++i) {
            if (i >= s.low.size() || i >= s.high.size() || i >= s.values.size() || s.values[i] <= 0
                || s.low[i] <= 0 || s.high[i] <= 0 || s.high[i] < s.low[i])
                continue;
            const double x = static_cast<double>(i) - groupWidth / 2 + (static_cast<double>(j) + 0.5) * barWidth;
            const double lo = s.low[i] * scale, hi = s.high[i] * scale;
            // The label above the upper cap, as the bar's own would read.
            const double shown = m_metric == Metric::Speedup ? std::round(s.values[i] * 10.0) / 10.0
                                                             : std::round(s.values[i] * scale * 100.0) / 100.0;
            auto* text = new QGraphicsSimpleTextItem(
                m_metric == Metric::Speedup ? QStringLiteral("%1×").arg(shown) : QString::number(shown), chart());
            text->setFont(barLabelFont());
            text->setBrush(chartstyle::inkColor(palette()));
            text->setZValue(10);
            m_labels.append({text, QPointF(x, hi)});
            auto* whisker = new QLineSeries(chart());
            // One polyline: the lower cap, up the stem, the upper cap.
            whisker->append({{x - cap, lo}, {x + cap, lo}, {x, lo}, {x, hi}, {x - cap, hi}, {x + cap, hi}});
            QPen pen(chartstyle::inkColor(palette()));
            pen.setWidthF(2);
            whisker->setPen(pen);
            chart()->addSeries(whisker);
            whisker->attachAxis(m_categoryAxis);
            whisker->attachAxis(m_valueAxis);
            for (QLegendMarker* marker : chart()->legend()->markers(whisker))
                marker->setVisible(false);
            m_whiskers.append(whisker);
        }
    }
    // Bars without a whisker keep no label of their own once any has one: one style per chart.
    m_bars->setLabelsVisible(m_whiskers.isEmpty());
    placeLabels();
}

void CompareChart::applyColours()
{
    ReadableChartView::applyColours();
    const QColor ink = chartstyle::inkColor(palette());
    const auto recolour = [](QLineSeries* series, const QColor& colour) {
        QPen pen = series->pen();
        pen.setColor(colour);
        series->setPen(pen);
    };
    if (m_oneTimes)
        recolour(m_oneTimes, chartstyle::referenceColor(palette()));
    for (QBarSet* set : m_bars->barSets())
        set->setLabelColor(ink);
    for (QLineSeries* whisker : m_whiskers)
        recolour(whisker, ink);
    for (const BarLabel& label : m_labels)
        label.item->setBrush(ink);
}

void CompareChart::placeLabels()
{
    if (m_whiskers.isEmpty())
        return;
    for (const BarLabel& label : m_labels) {
        const QPointF at = chart()->mapToPosition(label.anchor, m_whiskers.front());
        const QRectF box = label.item->boundingRect();
        label.item->setPos(at.x() - box.width() / 2, at.y() - box.height() - 2);
    }
}

QFont CompareChart::categoryFont() const
{
    return m_categoryAxis->labelsFont();
}

QStringList CompareChart::categoryLabels() const
{
    return m_categoryAxis->categories();
}

void CompareChart::fitCategoryLabels()
{
    if (m_names.isEmpty())
        return;
    const double plotWidth = chart()->plotArea().width();
    const double wanted = kCategoryPoints * typeScale();
    QFont font = m_categoryAxis->labelsFont();
    QStringList labels = withoutBreaks(m_names);
    if (plotWidth > 0) {
        // QtCharts gives each name the plot's width over one more than the categories, less
        // 4 px of padding on each side.
        const double room = plotWidth / static_cast<double>(m_names.size() + 1) - 8;
        const auto namesAt = [&](double points, bool breakWords) -> std::optional<QStringList> {
            font.setPointSizeF(points);
            return namesFitting(m_names, font, room, breakWords);
        };
        const auto largest = [&](bool breakWords) -> std::optional<std::pair<double, QStringList>> {
            for (double points = wanted; points >= kMinCategoryPoints - 1e-9; points -= 0.5)
                if (const auto names = namesAt(points, breakWords))
                    return std::pair {points, *names};
            return std::nullopt;
        };
        // Whole words unless breaking one at a hyphen keeps the names markedly larger.
        const auto whole = largest(false);
        const auto broken = whole && whole->first >= wanted * 0.85 ? std::nullopt : largest(true);
        if (broken && (!whole || broken->first >= whole->first + 1.5)) {
            font.setPointSizeF(broken->first);
            labels = broken->second;
        } else if (whole) {
            font.setPointSizeF(whole->first);
            labels = whole->second;
        } else {
            font.setPointSizeF(kMinCategoryPoints); // QtCharts cuts them: nothing fits
        }
    } else {
        font.setPointSizeF(wanted);
    }
    if (font != m_categoryAxis->labelsFont())
        m_categoryAxis->setLabelsFont(font);
    if (labels != m_categoryAxis->categories())
        m_categoryAxis->setCategories(labels);
}

qsizetype CompareChart::categoryCount() const
{
    const QStringList c = m_categoryAxis->categories();
    return c.size() == 1 && c.front().isEmpty() ? 0 : c.size();
}

qsizetype CompareChart::seriesCount() const
{
    return m_bars->count();
}

double CompareChart::axisMax() const
{
    return m_valueAxis->max();
}

} // namespace interleave
