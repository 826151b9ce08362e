// What a finished comparison or sweep shows: the charts, the captions and the CSV export.
// Running them and the controls are compareview.cpp's.
#include "compare/compareview.h"
#include "qtext.h"
#include "io/output_file.h"
#include "export/savedialog.h"

#include "analysis/amdahl.h"
#include "analysis/csv.h"
#include "analysis/other_cpu_load.h"
#include "analysis/sweep.h"
#include "charts/comparechart.h"
#include "charts/cpuchart.h"
#include "charts/sweepchart.h"
#include "compare/comparecaptions.h"
#include "themepalette.h"
#include "trace/duration_text.h"

#include <QChart>
#include <QCheckBox>
#include <QLegend>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <array>
#include <algorithm>
#include <cmath>
#include <utility>

namespace interleave {

namespace {

QString name(Model m)
{
    return toQString(modelName(m));
}

QString seconds(TimeNs ns)
{
    return QString::fromStdString(ns >= 1000 * kNsPerMs ? secondsText(ns) : millisecondsText(ns, 0) + " ms");
}

// "2.1× (1.9–2.3)" for repeated runs, "2.1×" for one.
QString speedupWithRange(const MeasuredRun& run)
{
    if (run.wall.runs <= 1 || run.wall.speedupLow <= 0)
        return QStringLiteral("%1×").arg(run.speedup, 0, 'f', 1);
    return QStringLiteral("%1× (%2–%3)")
        .arg(run.speedup, 0, 'f', 1)
        .arg(run.wall.speedupLow, 0, 'f', 1)
        .arg(run.wall.speedupHigh, 0, 'f', 1);
}

// A model's name under its bars: a line per word of it ("thread<br>pool"), and soft hyphens
// where a word may be broken when the chart is narrow and the type large.
QString chartCategoryName(Model m)
{
    static const std::pair<const char*, const char*> breaks[] = {
        {"sequential", "sequen\u00adtial"}, {"processes", "pro\u00adcesses"}, {"process", "pro\u00adcess"},
        {"asyncio", "async\u00adio"}};
    QStringList words = name(m).split(QLatin1Char('_'));
    for (QString& word : words)
        for (const auto& [plain, breakable] : breaks)
            if (word == QLatin1String(plain))
                word = QString::fromUtf8(breakable);
    return words.join(QStringLiteral("<br>"));
}

// The workload kinds the shown comparison ran, as the charts' series and the captions name them.
struct ShownKind {
    WorkloadKind workload;
    QString label;
};

QList<ShownKind> shownKinds(const CompareView::CompareSettings& s)
{
    QList<ShownKind> kinds;
    if (s.io)
        kinds.append({WorkloadKind::Io, CompareView::tr("I/O-bound")});
    if (s.cpu)
        kinds.append({WorkloadKind::Cpu, CompareView::tr("CPU-bound")});
    return kinds;
}

} // namespace

void CompareView::showCompareRuns()
{
    QStringList categories;
    for (Model m : kAllModels)
        categories << chartCategoryName(m);

    const CompareSettings& s = m_shownSettings;
    const QList<ShownKind> kinds = shownKinds(s);

    QList<CompareChart::Series> wall, speedup;
    for (const ShownKind& kind : kinds) {
        const QList<double> none(categories.size(), 0.0);
        CompareChart::Series w {kind.label, none, none, none};
        CompareChart::Series x {kind.label, none, none, none};
        for (const MeasuredRun& run : m_compareRuns) {
            if (run.config.workload != kind.workload || run.result.cancelled)
                continue;
            const auto i = static_cast<qsizetype>(
                std::find(kAllModels.begin(), kAllModels.end(), run.config.model) - kAllModels.begin());
            w.values[i] = static_cast<double>(run.result.wallNs) / 1e6;
            x.values[i] = run.speedup;
            if (run.wall.runs > 1) {
                w.low[i] = static_cast<double>(run.wall.minNs) / 1e6;
                w.high[i] = static_cast<double>(run.wall.maxNs) / 1e6;
                x.low[i] = run.wall.speedupLow;
                x.high[i] = run.wall.speedupHigh;
            }
        }
        wall.append(w);
        speedup.append(x);
    }
    m_wallChart->setData(categories, wall);
    m_speedupChart->setData(categories, speedup);
    showCompareCaptions();
}

void CompareView::showCompareCaptions()
{
    const CompareSettings& s = m_shownSettings;
    const QList<ShownKind> kinds = shownKinds(s);
    // In the colours of the theme shown (the charts' blue and orange, lighter on dark).
    const QString warning = meaningColour(MeaningColour::Warning, palette()).name();

    // One block per model: its figures for each kind and why the bar is where it is.
    QString html;
    int repeats = 0;
    for (const MeasuredRun& run : m_compareRuns)
        repeats = std::max(repeats, run.wall.runs);
    // Once, above the figures: how busy the machine was at worst, and for how many results.
    double busiest = 0;
    int busyResults = 0;
    for (const MeasuredRun& run : m_compareRuns) {
        if (machineWasBusy(run.result.busyOtherCpu)) {
            busiest = std::max(busiest, *run.result.busyOtherCpu);
            ++busyResults;
        }
    }
    if (busyResults > 0)
        html += QStringLiteral("<p style='margin:0 0 8px 0; color:%1'><b>%2</b></p>")
                    .arg(warning,
                        tr("Careful, %1 (%2 of %3 results): those figures may be off.")
                            .arg(QString::fromStdString(busyMachineSentence(busiest))
                                     .replace(QStringLiteral(": "), QStringLiteral(": up to ")))
                            .arg(busyResults)
                            .arg(m_compareRuns.size())
                            .toHtmlEscaped());
    if (repeats > 1)
        html += tr("<p style='margin:0 0 8px 0'>Median of %1 runs per model, taken in turns; in "
                   "brackets the speedup's range from the fastest and the slowest run (the whiskers).</p>")
                    .arg(repeats);
    else if (!m_compareRuns.empty())
        html += tr("<p style='margin:0 0 8px 0'>One run per model: a busy moment can swing it. "
                   "Repeat 3× or more for a median and a range.</p>");
    for (Model m : kAllModels) {
        html += QStringLiteral("<p style='margin:0 0 8px 0'><b>%1</b>").arg(name(m));
        for (const ShownKind& kind : kinds) {
            QString figures = QStringLiteral("–");
            QString busy;
            for (const MeasuredRun& run : m_compareRuns) {
                if (run.config.model == m && run.config.workload == kind.workload) {
                    figures = run.result.cancelled
                        ? tr("stopped")
                        : tr("%1, %2").arg(seconds(run.result.wallNs), speedupWithRange(run));
                    if (!run.result.errors.empty())
                        figures += tr(" (errors)");
                    if (machineWasBusy(run.result.busyOtherCpu))
                        busy = tr("busy %1 %").arg(std::lround(*run.result.busyOtherCpu * 100.0));
                }
            }
            const QColor colour = meaningColour(
                kind.workload == WorkloadKind::Io ? MeaningColour::IoBound : MeaningColour::CpuBound,
                palette());
            html += QStringLiteral("<br><span style='color:%1'><b>%2 %3</b></span> %4")
                        .arg(colour.name(), kind.label.toHtmlEscaped(), figures.toHtmlEscaped(),
                            compareCaption(m, kind.workload, s.gil).toHtmlEscaped());
            if (!busy.isEmpty())
                html += QStringLiteral(" <span style='color:%1'><i>(%2)</i></span>")
                            .arg(warning, busy.toHtmlEscaped());
        }
        html += QStringLiteral("</p>");
    }
    m_captions->setText(html);
}

void CompareView::showSweepRuns()
{
    QList<SweepChart::Point> points;
    int repeats = 0;
    double busiest = 0;
    int busyPoints = 0;
    for (const MeasuredRun& run : m_sweepRuns) {
        repeats = std::max(repeats, run.wall.runs);
        if (run.speedup > 0) {
            const bool spread = run.wall.runs > 1;
            points.append({static_cast<double>(workersOf(run.config)), run.speedup,
                spread ? run.wall.speedupLow : 0.0, spread ? run.wall.speedupHigh : 0.0});
        }
        if (machineWasBusy(run.result.busyOtherCpu)) {
            busiest = std::max(busiest, *run.result.busyOtherCpu);
            ++busyPoints;
        }
    }
    const auto fit = fitAmdahl(speedupSamples(m_sweepRuns));
    m_fittedP = fit ? std::optional<double>(fit->parallelFraction) : std::nullopt;
    m_startupFit = m_sweepRuns.empty()
        ? std::nullopt
        : fitAmdahlWithStartup(timeSamples(m_sweepRuns), sweepCoreLimit(m_sweepRuns.front().config));
    QString label;
    if (!m_sweepRuns.empty()) {
        const RunConfig& c = m_sweepRuns.front().config;
        label = tr("%1, %2 %3 tasks")
                    .arg(name(c.model))
                    .arg(c.tasks)
                    .arg(c.workload == WorkloadKind::Cpu ? tr("CPU-bound") : tr("I/O-bound"));
        if (repeats > 1)
            label += tr(", median of %1").arg(repeats);
    }
    m_sweepChart->setMeasurements(label, points, m_startupFit, m_fittedP);
    const bool cpuBound = !m_sweepRuns.empty() && m_sweepRuns.front().config.workload == WorkloadKind::Cpu;
    QString caption;
    if (m_startupFit)
        caption = startupFitCaption(*m_startupFit);
    else if (fit)
        caption = amdahlCaption(fit->parallelFraction);
    if (!caption.isEmpty() && cpuBound)
        caption += tr(". This machine has %1 cores: past that, more workers only take turns.")
                       .arg(defaultProcessWorkers());
    else if (!caption.isEmpty())
        caption += tr(". Waiting needs no core: more workers, more waits at once.");
    else
        caption = tr("Runs one pool with more and more workers, the same tasks each time, and fits "
                     "T(n) = s·T1 + (1 − s)·T1/n + c·n to the times: s the serial fraction, c what "
                     "starting one more worker costs.");
    if (busyPoints > 0)
        caption += QStringLiteral("\n")
            + tr("Careful, %1 (%2 of %3 points): those speedups may be off.")
                  .arg(QString::fromStdString(busyMachineSentence(busiest))
                           .replace(QStringLiteral(": "), QStringLiteral(": up to ")))
                  .arg(busyPoints)
                  .arg(m_sweepRuns.size());
    m_sweepCaption->setText(caption);
}

bool CompareView::exportCsv(const QString& path, QString* error)
{
    std::vector<MeasuredRun> all = m_compareRuns;
    all.insert(all.end(), m_sweepRuns.begin(), m_sweepRuns.end());
    if (all.empty())
        return fail(tr("Nothing to export"), tr("Run the models or a sweep first"), error);
    const std::string text = measuredRunsCsv(all);
    try {
        writeOutputFile(QFile::encodeName(path).toStdString(), text);
    } catch (const OutputFileError& e) {
        return fail(tr("Cannot export"),
            tr("Cannot write %1: %2")
                .arg(QDir::toNativeSeparators(path), QString::fromStdString(outputErrorText(e.error()))),
            error);
    }
    m_progressLabel->setText(
        tr("Exported %1 runs to %2").arg(all.size()).arg(QDir::toNativeSeparators(path)));
    return true;
}

void CompareView::chooseCsvFile()
{
    const std::array kinds {SaveFileKind {tr("CSV files (*.csv)"), QStringLiteral("csv")}};
    const QString path = askSavePath(this, tr("Export results as CSV"),
        QDir::home().filePath(QStringLiteral("interleave-results.csv")), kinds);
    if (!path.isEmpty())
        exportCsv(path);
}

} // namespace interleave
