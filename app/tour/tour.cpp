#include "tour/tour.h"
#include "io/output_file.h"

#include "charts/chartstyle.h"
#include "charts/cpuchart.h"
#include "io/program_dir.h"
#include "charts/histogramchart.h"
#include "compare/compareview.h"
#include "export/timelineanimation.h"
#include "export/timelineexport.h"
#include "labviews/deadlockview.h"
#include "labviews/lockview.h"
#include "labviews/lockview_support.h"
#include "labviews/raceview.h"
#include "panels/lanelistview.h"
#include "python/pythonview.h"
#include "pytrace/python_examples.h"
#include "pytrace/python_session.h"
#include "teachviews/explanationpanel.h"
#include "teachviews/lablessonresult.h"
#include "teach/lesson_run.h"
#include "teachviews/lessonmarkup.h"
#include "teachviews/lessonpanel.h"
#include "themepalette.h"
#include "timeline/timelinewidget.h"

#include <QAbstractBarSeries>
#include <QAction>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QBuffer>
#include <QByteArray>
#include <QFile>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <variant>

namespace interleave {

namespace {

// Body text of the panels, as large as the lab views' (kLabBodyPt): readable when a 1600x900
// picture is shown at half size in a tutorial.
constexpr qreal kPanelPt = kLabBodyPt;
// The lesson panel is a page to read: a column of about 75 characters a line, in the middle of
// a wide picture, in type a little larger than the views'.
constexpr int kLessonColumnWidth = 1040;
constexpr qreal kLessonPt = 15;
// The lane list has a few rows and many columns: large type fills the picture best.
constexpr qreal kLanesPt = 15;

constexpr int kCompareTimeoutMs = 180'000;
constexpr int kRaceTimeoutMs = 60'000;

// Thrown when stop was requested mid-picture; runTour turns it into TourOutcome::stopped.
struct Stopped { };

// The app's palette for the theme while the tour draws, the previous one after.
class ThemePalette {
public:
    explicit ThemePalette(TimelineTheme theme)
        : m_saved(QApplication::palette())
    {
        QApplication::setPalette(themePalette(theme));
    }
    ~ThemePalette() { QApplication::setPalette(m_saved); }
    ThemePalette(const ThemePalette&) = delete;
    ThemePalette& operator=(const ThemePalette&) = delete;

private:
    QPalette m_saved;
};

// QtCharts draws in its own light theme whatever the palette: on a dark picture, the charts
// take the palette's colours (keeping their fonts and series colours).
void themeCharts(QWidget& root, TimelineTheme theme)
{
    if (theme != TimelineTheme::Dark)
        return;
    const QPalette palette = root.palette();
    const QColor ink = chartstyle::inkColor(palette);
    for (QChartView* view : root.findChildren<QChartView*>()) {
        QChart* chart = view->chart();
        view->setBackgroundBrush(palette.color(QPalette::Base));
        chartstyle::applyPaletteColours(chart, palette);
        for (QAbstractSeries* series : chart->series()) {
            if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
                for (QBarSet* set : bars->barSets())
                    set->setLabelColor(ink);
            }
        }
    }
}

void checkStop(std::stop_token stop)
{
    if (stop.stop_requested())
        throw Stopped {};
}

// Runs an event loop (the views' own timers poll their jobs) until done(), checking every
// 10 ms whether the time is up or a stop was asked for, and then stopping the job (stopJob).
template <typename Done, typename StopJob>
bool waitWhileRunning(Done done, StopJob stopJob, int timeoutMs, std::stop_token stop)
{
    QElapsedTimer clock;
    clock.start();
    bool stopSent = false;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            loop.quit();
            return;
        }
        if ((stop.stop_requested() || clock.elapsed() > timeoutMs) && !stopSent) {
            stopJob();
            stopSent = true;
        }
    });
    if (!done()) {
        poll.start();
        loop.exec();
    }
    checkStop(stop);
    return !stopSent;
}

void saveImage(const QImage& image, const QString& path)
{
    // Encoded in memory, then written whole (io/output_file.h): a failed write keeps the old file.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG"))
        throw std::runtime_error("cannot write " + QDir::toNativeSeparators(path).toStdString()
            + ": the picture could not be encoded as PNG");
    writeOutputFile(QFile::encodeName(path).toStdString(),
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

class Renderer {
public:
    Renderer(const std::vector<Lesson>& lessons, const TourSettings& settings, std::stop_token stop)
        : m_lessons(lessons)
        , m_settings(settings)
        , m_stop(std::move(stop))
    {
    }

    // The lesson's run and its lab demo, each made once for all its pictures: the lesson panel
    // explains the very runs its views show.
    void startLesson(std::size_t index)
    {
        m_index = index;
        m_run.reset();
        m_race.reset();
        m_deadlock.reset();
        m_labOutcome.reset();
        const Lesson& lesson = m_lessons[index];
        if (lesson.scenario.run) {
            m_run = runLessonScenario(lesson, m_settings.workerPath, m_stop);
            checkStop(m_stop);
            if (m_run->result.cancelled)
                throw Stopped {};
            if (!m_run->result.errors.empty())
                throw std::runtime_error("the run failed: " + m_run->result.errors.front());
        }
        if (lesson.scenario.lab)
            runLessonLab();
    }

    // The speed of the last animation drawn.
    double replaySpeed() const noexcept { return m_replaySpeed; }

    void draw(const TourShot& shot, const QString& path)
    {
        const std::string& view = shot.view;
        if (view == kTourReplayView)
            drawReplay(path);
        else if (view == kTourLessonView)
            saveImage(drawLessonPanel(), path);
        else if (view == "timeline")
            exportTimeline(run().trace, path, m_settings.size, m_settings.scale, m_settings.theme);
        else if (view == "lanes")
            saveImage(drawLanes(), path);
        else if (view == "compare")
            saveImage(drawCompare(), path);
        else if (view == "explanation")
            saveImage(drawExplanation(), path);
        else if (view.starts_with("lab:"))
            saveImage(drawLab(view), path);
        else if (view == "python")
            saveImage(drawPython(), path);
        else
            throw std::runtime_error("no picture for the view \"" + view + "\"");
    }

private:
    const Lesson& lesson() const { return m_lessons[m_index]; }

    const LessonRun& run() const
    {
        if (!m_run)
            throw std::runtime_error("the view needs a run, and the lesson has none");
        return *m_run;
    }

    QImage render(QWidget& widget, qreal points = kPanelPt, const std::function<void()>& prepare = {})
    {
        QFont font = widget.font();
        font.setPointSizeF(points);
        widget.setFont(font);
        // Widgets replaced while the view was set up (a lesson's answers) are deleted on the
        // next turn of the event loop; they must not be drawn.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        return renderLabWidget(widget, m_settings.size, m_settings.scale, [&] {
            themeCharts(widget, m_settings.theme);
            if (prepare)
                prepare();
        });
    }

    // The panel as a learner sees it after running the lesson: the right answer chosen before
    // the run, the verdict and the explanation with this run's numbers.
    QImage drawLessonPanel()
    {
        QWidget page;
        auto* layout = new QHBoxLayout(&page);
        layout->setContentsMargins(0, 0, 0, 0);
        auto* panelPointer = new LessonPanel(&page);
        LessonPanel& panel = *panelPointer;
        panel.setFixedWidth(std::min(m_settings.size.width(), kLessonColumnWidth));
        layout->addStretch(1);
        layout->addWidget(&panel);
        layout->addStretch(1);
        panel.setLessons(m_lessons);
        panel.setCurrentIndex(static_cast<int>(m_index));
        if (!panel.selectAnswer(lesson().quiz.answer))
            throw std::runtime_error("the quiz's answer cannot be chosen");
        panel.runAction()->trigger();
        if (m_run && !panel.showResult(m_run->result, &m_run->trace))
            throw std::runtime_error("the lesson panel did not take the run's result");
        if (m_labOutcome && !panel.showLabResult(*m_labOutcome))
            throw std::runtime_error("the lesson panel did not take the demo's result");
        if (lesson().scenario.python && !panel.showPythonOutcome())
            throw std::runtime_error("the lesson panel did not take the example program's end");
        if (!panel.resultShown())
            throw std::runtime_error("the lesson panel shows no result");
        return render(page, kLessonPt);
    }

    // The lane list is a handful of rows: above the run's timeline, so the picture shows each
    // lane's figures beside the bars they add up.
    QImage drawLanes()
    {
        QWidget page;
        QFont font = page.font();
        font.setPointSizeF(kLanesPt);
        page.setFont(font);
        auto* layout = new QVBoxLayout(&page);
        auto* title = makeLabText(&page, kLabTitlePt, true);
        title->setText(QString::fromStdString(lesson().scenario.title));
        auto* description = makeLabText(&page, kLanesPt);
        description->setTextFormat(Qt::RichText);
        description->setText(lessonMarkupToHtml(lesson().scenario.description));
        auto* lanes = new LaneListView(&page);
        lanes->showTrace(run().trace);
        lanes->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        const int rows = static_cast<int>(run().trace.laneCount());
        const int height = lanes->header()->sizeHint().height() + rows * lanes->sizeHintForRow(0)
            + 2 * lanes->frameWidth() + 2;
        // The timeline only when all its lanes fit under the list (its axis and strip take
        // about 150 px, each lane about 28): a pool's many task lanes leave the page to the list.
        const int timelineHeight = 150 + rows * 28;
        const int headerHeight = title->sizeHint().height() + description->sizeHint().height() + 40;
        if (headerHeight + height + timelineHeight > m_settings.size.height()) {
            layout->addWidget(title);
            layout->addWidget(description);
            layout->addWidget(lanes, 1);
            return render(page, kLanesPt);
        }
        lanes->setFixedHeight(height);
        auto* timeline = new TimelineWidget(&page);
        timeline->setTheme(m_settings.theme);
        timeline->setTrace(run().trace);
        layout->addWidget(title);
        layout->addWidget(description);
        layout->addWidget(lanes);
        layout->addWidget(timeline, 1);
        return render(page, kLanesPt, [timeline] { timeline->fitToTrace(); });
    }

    // The replay of the lesson's run, as the window replays it at the lesson's speed; a run too
    // long for that within kMaxTourReplaySeconds is replayed faster.
    void drawReplay(const QString& path)
    {
        const Trace& trace = run().trace;
        const double seconds = static_cast<double>(trace.duration()) / 1e9;
        AnimationSettings settings;
        settings.speed = std::max(lesson().replaySpeed, seconds / kMaxTourReplaySeconds);
        settings.loop = true;
        if (auto problem = replayFramesProblem(animationRequest(trace, TimelineFraming {}, settings)))
            throw std::runtime_error(*problem);
        const std::optional<Animation> animation = renderTimelineAnimation(
            trace, TimelineFraming {}, m_settings.size, m_settings.scale, m_settings.theme, settings, m_stop);
        if (!animation)
            throw Stopped {};
        writeOutputFile(QFile::encodeName(path).toStdString(), animation->gif);
        m_replaySpeed = settings.speed;
    }

    QImage drawCompare()
    {
        CompareView view;
        view.setWorkerPath(QString::fromStdString(m_settings.workerPath));
        CompareView::CompareSettings compare = CompareView::settingsFor(run().config);
        compare.repeat = m_settings.compareRepeat;
        view.setCompareSettings(compare);
        // The cores' load while the twelve runs went by is a live view: the picture gives its
        // room to the bars and to the captions that explain them.
        view.cpuChart()->hide();
        // Laid out at its size while it runs, as on screen.
        showOffScreen(view, m_settings.size);
        QString error;
        if (!view.runAllModels(&error))
            throw std::runtime_error(error.toStdString());
        if (!waitWhileRunning(
                [&] { return !view.isRunning(); }, [&] { view.stop(); }, kCompareTimeoutMs, m_stop))
            throw std::runtime_error("the comparison did not finish in time");
        for (const MeasuredRun& measured : view.compareRuns()) {
            if (!measured.result.errors.empty())
                throw std::runtime_error(std::string(modelName(measured.config.model))
                    + " failed: " + measured.result.errors.front());
        }
        return render(view);
    }

    QImage drawExplanation()
    {
        ExplanationPanel panel;
        if (!panel.setTopic(QString::fromStdString(lesson().topic)))
            throw std::runtime_error("no explanation for the topic \"" + lesson().topic + "\"");
        // The line a learner would look at first: the wait of an I/O-bound run, the compute
        // of a CPU-bound one. Lab demos show their code as it is.
        if (m_run)
            panel.highlightState(
                m_run->config.workload == WorkloadKind::Io ? State::BlockedIo : State::Running);
        // On a wide picture the text and its Python side by side, rather than one above the
        // other with half of each line empty.
        auto* splitter = panel.findChild<QSplitter*>();
        const QSize size = m_settings.size;
        if (splitter != nullptr && size.width() * 3 >= size.height() * 4) {
            splitter->setOrientation(Qt::Horizontal);
            return render(panel, kPanelPt, [&] { splitter->setSizes({size.width() / 2, size.width() / 2}); });
        }
        return render(panel);
    }

    // The lesson's own demo, run once (stoppable) for the panel and its view: a race is kept in
    // its view, a deadlock as its result and trace.
    void runLessonLab()
    {
        const std::string& demo = lesson().scenario.lab->name;
        const LabConfig config = labConfigFor(lesson(), demo);
        if (const auto* race = std::get_if<RaceConfig>(&config)) {
            m_race = std::make_unique<RaceView>();
            runRace(*m_race, *race);
            m_labOutcome = RaceLessonOutcome {m_race->lastRunConfig(), m_race->results()};
        } else if (const auto* deadlock = std::get_if<DeadlockConfig>(&config)) {
            DeadlockConfig shown = *deadlock;
            shown.showDeadlockNs = std::max(shown.showDeadlockNs, DeadlockView::kShowDeadlockNs);
            Recorder recorder;
            DeadlockLessonOutcome outcome {shown, runDeadlockDemo(shown, recorder, m_stop), {}};
            checkStop(m_stop);
            m_deadlock = DeadlockShown {*deadlock, outcome.result, Trace::fromSnapshot(recorder.snapshot())};
            m_labOutcome = std::move(outcome);
        }
    }

    QImage drawLab(const std::string& view)
    {
        const LabConfig config = labConfigFor(lesson(), view);
        const TimelineTheme theme = m_settings.theme;
        const bool own = view == "lab:" + (lesson().scenario.lab ? lesson().scenario.lab->name : std::string());
        if (own && m_race)
            return renderLabWidget(
                *m_race, m_settings.size, m_settings.scale, [&] { themeCharts(*m_race, m_settings.theme); });
        if (own && m_deadlock) {
            DeadlockView deadlockView;
            deadlockView.setTheme(theme);
            deadlockView.showRun(m_deadlock->config, m_deadlock->result, m_deadlock->trace);
            return renderLabWidget(deadlockView, m_settings.size, m_settings.scale,
                [&deadlockView] { deadlockView.timeline()->fitToTrace(); });
        }
        try {
            if (const auto* race = std::get_if<RaceConfig>(&config))
                return drawRace(*race);
            if (const auto* lock = std::get_if<LockDemoConfig>(&config))
                return renderLockLabView(*lock, m_settings.size, m_settings.scale, theme, m_stop);
            return renderDeadlockView(
                std::get<DeadlockConfig>(config), m_settings.size, m_settings.scale, theme, m_stop);
        } catch (const std::runtime_error&) {
            // The lab views throw when stopped.
            checkStop(m_stop);
            throw;
        }
    }

    // The Python tab after the lesson's example program ran under a real CPython.
    QImage drawPython()
    {
        const std::string dir = pytrace::examplesDirOf(
            pytrace::findBootstrapDir(programDir()));
        const std::string& example = lesson().scenario.python->example;
        const std::string path = pytrace::examplePath(dir, example);
        if (path.empty())
            throw std::runtime_error("the example program " + example + " was not found");
        try {
            return renderPythonView(QFile::decodeName(path.c_str()), m_settings.size, m_settings.scale,
                                    m_settings.theme, QString::fromStdString(m_settings.python), m_stop);
        } catch (const std::runtime_error&) {
            checkStop(m_stop); // stopped: not a failure
            throw;
        }
    }

    // As drawRaceView, in the tour's theme and stoppable.
    QImage drawRace(const RaceConfig& config)
    {
        RaceView view;
        runRace(view, config);
        return renderLabWidget(
            view, m_settings.size, m_settings.scale, [&] { themeCharts(view, m_settings.theme); });
    }

    void runRace(RaceView& view, const RaceConfig& config)
    {
        applyLabTheme(view, m_settings.theme);
        view.timeline()->setTheme(m_settings.theme);
        showOffScreen(view, m_settings.size);
        view.setConfig(config);
        QString error;
        if (!view.start(&error))
            throw std::runtime_error(error.toStdString());
        if (!waitWhileRunning(
                [&] { return !view.isRunning(); }, [&] { view.stop(); }, kRaceTimeoutMs, m_stop))
            throw std::runtime_error("the race did not finish within a minute");
    }

    struct DeadlockShown {
        DeadlockConfig config;
        DeadlockResult result;
        Trace trace;
    };

    const std::vector<Lesson>& m_lessons;
    const TourSettings& m_settings;
    std::stop_token m_stop;
    std::size_t m_index = 0;
    double m_replaySpeed = 0;
    std::optional<LessonRun> m_run;
    std::unique_ptr<RaceView> m_race;
    std::optional<DeadlockShown> m_deadlock;
    std::optional<LabLessonOutcome> m_labOutcome;
};

} // namespace

TourOutcome runTour(const std::vector<Lesson>& lessons, const QString& dir, const TourSettings& settings,
    const std::function<void(const TourPicture&)>& written, std::stop_token stop)
{
    const std::vector<TourShot> shots = planTour(lessons, settings.animate);
    const ThemePalette palette(settings.theme);
    Renderer renderer(lessons, settings, stop);
    TourOutcome outcome;
    const QDir folder(dir);
    std::string current; // the lesson whose run has been made
    for (const TourShot& shot : shots) {
        if (!settings.only.empty()
            && std::find(settings.only.begin(), settings.only.end(), shot.lessonId) == settings.only.end())
            continue;
        try {
            checkStop(stop);
            if (shot.lessonId != current) {
                const auto lesson = std::find_if(
                    lessons.begin(), lessons.end(), [&](const Lesson& l) { return l.id == shot.lessonId; });
                renderer.startLesson(static_cast<std::size_t>(lesson - lessons.begin()));
                current = shot.lessonId;
            }
            const QString path = folder.filePath(QString::fromStdString(shot.fileName));
            renderer.draw(shot, path);
            outcome.written.push_back(
                {shot, path, shot.view == kTourReplayView ? renderer.replaySpeed() : 0.0});
            if (written)
                written(outcome.written.back());
        } catch (const Stopped&) {
            outcome.stopped = true;
            return outcome;
        } catch (const std::exception& e) {
            if (stop.stop_requested()) {
                outcome.stopped = true;
                return outcome;
            }
            throw TourError("lesson " + shot.lessonId + ", " + shot.view + ": " + e.what());
        }
    }
    return outcome;
}

} // namespace interleave
