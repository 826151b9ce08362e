#include "teachviews/lessonpanel.h"

#include "teachviews/choicestyle.h"
#include "teachviews/lessonmarkup.h"
#include "teachviews/teachresources.h"
#include "themepalette.h"
#include "wraplayout.h"

#include <QAction>
#include <QButtonGroup>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QStyle>
#include <QTextDocument>
#include <QVBoxLayout>

namespace interleave {

namespace {

// Expanding sideways, as tall as the text needs at the width it gets. A size policy set on a
// wrapping label replaces the one setWordWrap() gave it, height-for-width included: without it
// a layout gives the label the height of a guessed width, and a line falls off ("with no
// waiting for the", its "GIL" cut) or a gap stays under it.
QSizePolicy wrappingPolicy()
{
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    return policy;
}

// A label beside a radio button that selects it when clicked, so a long answer can wrap (a
// QRadioButton's own text never does) and still be the thing one clicks.
class ChoiceLabel : public QLabel {
public:
    // `markup` is lesson markup. A choice without any stays plain text: a wrapping rich-text
    // label guesses its height from a narrower width and leaves a gap under a short choice.
    ChoiceLabel(const QString& markup, QRadioButton* button, QWidget* parent)
        : QLabel(parent)
        , m_button(button)
    {
        setWordWrap(true);
        const QString html = lessonMarkupToHtml(markup);
        const bool plain = html == markup.toHtmlEscaped();
        setTextFormat(plain ? Qt::PlainText : Qt::RichText);
        setText(plain ? markup : html);
        setAlignment(Qt::AlignLeft | Qt::AlignTop);
        setCursor(Qt::PointingHandCursor);
        setBuddy(button);
        setSizePolicy(wrappingPolicy());
    }

protected:
    void mouseReleaseEvent(QMouseEvent* event) override
    {
        if (event->button() == Qt::LeftButton && m_button->isEnabled())
            m_button->click();
        QLabel::mouseReleaseEvent(event);
    }

private:
    QRadioButton* m_button;
};

QLabel* wrappingLabel(QWidget* parent, Qt::TextFormat format)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(format);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setSizePolicy(wrappingPolicy());
    return label;
}

QString plain(const QString& html)
{
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

} // namespace

LessonPanel::LessonPanel(QWidget* parent)
    : QWidget(parent)
{
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("lessonList"));
    m_list->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    // Six whole rows: a long title ends in "…" (the lesson's heading below has it whole) rather
    // than a scroll bar covering the sixth row.
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_list, &QListWidget::currentRowChanged, this, &LessonPanel::setCurrentIndex);

    auto* page = new QWidget(this);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(8, 8, 8, 8);
    pageLayout->setSpacing(10);

    m_title = wrappingLabel(page, Qt::PlainText);
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    pageLayout->addWidget(m_title);

    m_text = wrappingLabel(page, Qt::RichText);
    m_text->setObjectName(QStringLiteral("lessonText"));
    pageLayout->addWidget(m_text);

    // Its heading a label inside the box, which wraps: a group box's title does not, and in
    // classroom type it made the box wider than the Lessons dock on a 1024 px screen.
    m_quizBox = new QGroupBox(page);
    m_quizBox->setObjectName(QStringLiteral("lessonQuiz"));
    auto* quizLayout = new QVBoxLayout(m_quizBox);
    QLabel* quizHeading = wrappingLabel(m_quizBox, Qt::PlainText);
    quizHeading->setObjectName(QStringLiteral("lessonQuizHeading"));
    quizHeading->setText(tr("Predict before you run"));
    quizLayout->addWidget(quizHeading);
    m_question = wrappingLabel(m_quizBox, Qt::RichText);
    // Only the weight is set, so the size still follows the application's (classroom mode).
    QFont bold;
    bold.setBold(true);
    m_question->setFont(bold);
    quizLayout->addWidget(m_question);
    m_choicesLayout = new QVBoxLayout;
    quizLayout->addLayout(m_choicesLayout);
    m_choices = new QButtonGroup(this);
    m_choiceStyle = new ChoiceStyle;
    m_choiceStyle->setParent(this);
    m_choices->setExclusive(true);
    connect(m_choices, &QButtonGroup::idClicked, this, [this] { updateRunEnabled(); });
    pageLayout->addWidget(m_quizBox);

    m_verdict = wrappingLabel(page, Qt::RichText);
    m_verdict->setObjectName(QStringLiteral("lessonVerdict"));
    m_verdict->setFont(bold);
    pageLayout->addWidget(m_verdict);

    // Under the verdict, where it is seen: the figures below are about to be replaced.
    m_measuring = wrappingLabel(page, Qt::PlainText);
    m_measuring->setObjectName(QStringLiteral("lessonMeasuring"));
    m_measuring->hide();
    pageLayout->addWidget(m_measuring);

    m_explanation = wrappingLabel(page, Qt::RichText);
    m_explanation->setObjectName(QStringLiteral("lessonExplanation"));
    pageLayout->addWidget(m_explanation);
    pageLayout->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(page);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);

    m_runAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run the lesson"), this);
    m_runAction->setObjectName(QStringLiteral("lessonRunAction"));
    m_runAction->setShortcut(Qt::Key_R);
    m_runAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_runAction, &QAction::triggered, this, &LessonPanel::requestRun);

    m_nextAction = new QAction(tr("&Next lesson"), this);
    m_nextAction->setObjectName(QStringLiteral("nextLessonAction"));
    m_nextAction->setShortcuts({QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_N)});
    m_nextAction->setShortcutContext(Qt::WindowShortcut); // one key to advance, wherever the focus is
    connect(m_nextAction, &QAction::triggered, this, [this] { setCurrentIndex(m_current + 1); });

    m_previousAction = new QAction(tr("&Previous lesson"), this);
    m_previousAction->setObjectName(QStringLiteral("previousLessonAction"));
    m_previousAction->setShortcuts({QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_P)});
    m_previousAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_previousAction, &QAction::triggered, this, [this] { setCurrentIndex(m_current - 1); });
    addAction(m_runAction);
    addAction(m_nextAction);
    addAction(m_previousAction);

    // Digits pick an answer, for a teacher taking the class's vote.
    for (int i = 0; i < 5; ++i) {
        auto* pick = new QAction(this);
        pick->setShortcut(QKeySequence(Qt::Key_1 + i));
        pick->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(pick, &QAction::triggered, this, [this, i] { selectAnswer(i); });
        addAction(pick);
    }

    m_previousButton = new QPushButton(tr("◀ Previous"), this);
    m_previousButton->setToolTip(tr("Previous lesson (PageUp)"));
    connect(m_previousButton, &QPushButton::clicked, m_previousAction, &QAction::trigger);
    m_runButton = new QPushButton(m_runAction->icon(), tr("Run"), this);
    m_runButton->setObjectName(QStringLiteral("lessonRunButton"));
    m_runButton->setDefault(true);
    connect(m_runButton, &QPushButton::clicked, m_runAction, &QAction::trigger);
    m_nextButton = new QPushButton(tr("Next ▶"), this);
    m_nextButton->setObjectName(QStringLiteral("lessonNextButton"));
    m_nextButton->setToolTip(tr("Next lesson (PageDown or N)"));
    connect(m_nextButton, &QPushButton::clicked, m_nextAction, &QAction::trigger);

    // Wraps rather than pushing Next off the dock's edge (classroom type, "Show the demo").
    auto* buttons = new WrapLayout;
    buttons->addWidget(m_previousButton);
    buttons->addStretch();
    buttons->addWidget(m_runButton);
    buttons->addStretch();
    buttons->addWidget(m_nextButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(buttons);

    applyFonts();

    std::vector<Lesson> lessons;
    try {
        lessons = loadBuiltInLessons();
    } catch (const LessonError& e) {
        m_title->setText(tr("The lessons could not be loaded"));
        m_text->setText(QString::fromStdString(e.what()).toHtmlEscaped());
    }
    setLessons(std::move(lessons));
}

void LessonPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // Once every widget has the new type (the list's rows are measured in it), not before.
    if (event->type() == QEvent::FontChange)
        QMetaObject::invokeMethod(this, &LessonPanel::applyFonts, Qt::QueuedConnection);
    // The verdict's colours are the theme's (lighter on dark).
    if (event->type() == QEvent::PaletteChange && m_resultShown && currentLesson() != nullptr)
        m_verdict->setText(verdictHtml());
}

void LessonPanel::applyFonts()
{
    // The title's size is relative to the panel's font, which classroom mode scales.
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 1.4);
    title.setBold(true);
    m_title->setFont(title);
    if (!m_lessons.empty()) {
        const int rows = std::min<int>(6, static_cast<int>(m_lessons.size()));
        m_list->setMaximumHeight(rows * m_list->sizeHintForRow(0) + 2 * m_list->frameWidth());
    }
}

void LessonPanel::setLessons(std::vector<Lesson> lessons)
{
    m_lessons = std::move(lessons);
    m_current = -1;
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (std::size_t i = 0; i < m_lessons.size(); ++i)
            m_list->addItem(
                QStringLiteral("%1. %2").arg(i + 1).arg(QString::fromStdString(m_lessons[i].title)));
    }
    // Room for a handful of titles; the list scrolls for the rest and leaves the lesson the space.
    applyFonts();
    if (!m_lessons.empty())
        setCurrentIndex(0);
    else
        updateRunEnabled();
}

const Lesson* LessonPanel::currentLesson() const
{
    if (m_current < 0 || m_current >= static_cast<int>(m_lessons.size()))
        return nullptr;
    return &m_lessons[static_cast<std::size_t>(m_current)];
}

void LessonPanel::setCurrentIndex(int index)
{
    if (index < 0 || index >= static_cast<int>(m_lessons.size()) || index == m_current)
        return;
    m_current = index;
    {
        const QSignalBlocker block(m_list);
        m_list->setCurrentRow(index);
    }
    showLesson();
    emit currentLessonChanged(index);
    emit topicChanged(QString::fromStdString(currentLesson()->topic));
}

void LessonPanel::showLesson()
{
    const Lesson& lesson = *currentLesson();
    m_resultShown = false;
    m_awaitingResult = false; // a run still going belongs to the lesson that was left
    m_awaitingLab = false;
    m_awaitingPython = false;
    m_repeatPending = false;
    m_measuring->hide();
    m_title->setText(QString::fromStdString(lesson.title));
    m_text->setText(lessonMarkupToHtml(lesson.text));
    m_question->setText(lessonMarkupToHtml(lesson.quiz.question));

    for (QAbstractButton* button : m_choices->buttons())
        m_choices->removeButton(button);
    while (QLayoutItem* item = m_choicesLayout->takeAt(0)) {
        if (QWidget* row = item->widget())
            row->deleteLater();
        delete item;
    }
    for (std::size_t i = 0; i < lesson.quiz.choices.size(); ++i) {
        auto* row = new QWidget(m_quizBox);
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto* button = new QRadioButton(QStringLiteral("&%1").arg(i + 1), row);
        button->setObjectName(QStringLiteral("choice%1").arg(i));
        // The indicator grows with the type, so it stays a target at a projector, and reads
        // as chosen or not in every theme (ChoiceStyle).
        button->setStyle(m_choiceStyle);
        auto* label = new ChoiceLabel(QString::fromStdString(lesson.quiz.choices[i]), button, row);
        rowLayout->addWidget(button, 0, Qt::AlignTop);
        rowLayout->addWidget(label, 1);
        m_choices->addButton(button, static_cast<int>(i));
        m_choicesLayout->addWidget(row);
    }
    m_verdict->clear();
    m_verdict->hide();
    m_explanation->clear();
    m_explanation->hide();
    m_runButton->setText(lesson.scenario.run || lesson.scenario.python ? tr("Run") : tr("Show the demo"));
    m_previousButton->setEnabled(m_current > 0);
    m_nextButton->setEnabled(m_current + 1 < static_cast<int>(m_lessons.size()));
    m_previousAction->setEnabled(m_previousButton->isEnabled());
    m_nextAction->setEnabled(m_nextButton->isEnabled());
    m_scroll->ensureVisible(0, 0);
    updateRunEnabled();
}

void LessonPanel::setQuizRequired(bool required)
{
    m_quizRequired = required;
    updateRunEnabled();
}

bool LessonPanel::selectAnswer(int choice)
{
    QAbstractButton* button = m_choices->button(choice);
    if (button == nullptr || !button->isEnabled())
        return false;
    button->setChecked(true);
    updateRunEnabled();
    return true;
}

std::optional<int> LessonPanel::selectedAnswer() const
{
    const int id = m_choices->checkedId();
    if (id < 0)
        return std::nullopt;
    return id;
}

void LessonPanel::updateRunEnabled()
{
    const bool enabled = currentLesson() != nullptr && (!m_quizRequired || selectedAnswer().has_value());
    m_runAction->setEnabled(enabled);
    m_runButton->setEnabled(enabled);
    m_runButton->setToolTip(
        enabled ? tr("Run the lesson's scenario (R)") : tr("Choose your prediction first"));
}

void LessonPanel::requestRun()
{
    const Lesson* lesson = currentLesson();
    if (lesson == nullptr || (m_quizRequired && !selectedAnswer()))
        return;
    // The prediction is final once the run starts.
    for (QAbstractButton* button : m_choices->buttons())
        button->setEnabled(false);
    // A second run (Run again, Show the demo again) starts from a clean page: the text of the
    // last one is gone until this one's numbers are in.
    m_resultShown = false;
    m_explanation->clear();
    m_explanation->hide();
    m_runExplanation.clear();
    m_labExplanation.clear();
    m_repeatPending = false;
    m_measuring->hide();
    m_verdict->setText(lesson->scenario.run          ? tr("Running… watch the timeline.")
                           : lesson->scenario.python ? tr("Running… watch the Python tab.")
                                                     : tr("The demo is running… watch the lab."));
    m_verdict->show();
    m_awaitingResult = lesson->scenario.run.has_value();
    m_awaitingLab = lesson->scenario.lab.has_value();
    m_awaitingPython = lesson->scenario.python.has_value();
    emit runRequested(lesson->scenario);
}

bool LessonPanel::showResult(
    const RunResult& result, const Trace* trace, std::optional<TimeNs> measuredSequentialWallNs)
{
    const Lesson* lesson = currentLesson();
    if (lesson == nullptr || !lesson->scenario.run || !m_awaitingResult)
        return false;
    m_awaitingResult = false;
    if (result.cancelled) {
        m_awaitingLab = false; // the demo that follows the run is not made
        m_verdict->setText(tr("The run was stopped before it ended: run it again to see the result."));
        m_verdict->show();
        for (QAbstractButton* button : m_choices->buttons())
            button->setEnabled(true);
        return true;
    }
    const LessonMeasurement measurement
        = measureLessonRun(*lesson->scenario.run, result, measuredSequentialWallNs, trace);
    // Chosen from what was measured: a run that contradicts the lesson says so, and why.
    m_runExplanation = QString::fromStdString(chooseExplanation(*lesson, measurement).text);
    showOutcomeWhenComplete();
    return true;
}

QString LessonPanel::explanationMarkdown() const
{
    QStringList parts;
    for (const QString& part : {m_runExplanation, m_labExplanation}) {
        if (!part.isEmpty())
            parts.append(part);
    }
    return parts.join(QStringLiteral("\n\n"));
}

bool LessonPanel::showRepeatProgress(int done, int total)
{
    const Lesson* lesson = currentLesson();
    if (lesson == nullptr || !lesson->scenario.run || !m_resultShown || m_runExplanation.isEmpty())
        return false;
    m_repeatPending = true;
    m_measuring->setText(tr("Measuring again for the median and the range: %1 of %2 more runs done "
                            "(the timeline shows the first run)…")
            .arg(done)
            .arg(total));
    if (m_measuring->isHidden()) {
        m_measuring->show();
        m_scroll->ensureWidgetVisible(m_measuring);
    }
    return true;
}

bool LessonPanel::showRepeatedResult(
    const RunConfig& config, const LessonRepeatJob::Outcome& outcome, const Trace* watchedTrace)
{
    const Lesson* lesson = currentLesson();
    if (lesson == nullptr || !m_repeatPending)
        return false;
    m_repeatPending = false;
    m_measuring->hide();
    const LessonMeasurement measurement = measureLessonRepeats(config, outcome, watchedTrace);
    m_runExplanation = QString::fromStdString(chooseExplanation(*lesson, measurement).text);
    m_explanation->setText(lessonMarkupToHtml(explanationMarkdown()));
    return true;
}

bool LessonPanel::showLabResult(const LabLessonOutcome& outcome)
{
    const Lesson* lesson = currentLesson();
    if (lesson == nullptr || !lesson->scenario.lab || !m_awaitingLab)
        return false;
    m_awaitingLab = false;
    // A lesson with a run of its own explains that run; the demo adds its numbers.
    m_labExplanation = labLessonResultMarkdown(*lesson, outcome, !lesson->scenario.run);
    showOutcomeWhenComplete();
    return true;
}

bool LessonPanel::showPythonOutcome()
{
    const Lesson* lesson = currentLesson();
    if (lesson == nullptr || !lesson->scenario.python || !m_awaitingPython)
        return false;
    m_awaitingPython = false;
    m_runExplanation = QString::fromStdString(formatExplanation(*lesson, nullptr));
    showOutcomeWhenComplete();
    return true;
}

void LessonPanel::showOutcomeWhenComplete()
{
    if (!m_awaitingResult && m_awaitingLab)
        m_verdict->setText(tr("The run is over; now the lab's demo is running…"));
    if (m_awaitingResult || m_awaitingLab || m_awaitingPython)
        return;
    showVerdictAndExplanation(explanationMarkdown());
}

void LessonPanel::showVerdictAndExplanation(const QString& explanationMarkdown)
{
    const Lesson& lesson = *currentLesson();
    m_verdictChoice = selectedAnswer();
    m_verdict->setText(verdictHtml());
    m_verdict->show();
    m_explanation->setText(lessonMarkupToHtml(explanationMarkdown));
    m_explanation->show();
    m_resultShown = true;
    for (QAbstractButton* button : m_choices->buttons())
        button->setEnabled(true);
    m_runButton->setText(lesson.scenario.run || lesson.scenario.python ? tr("Run again") : tr("Show the demo again"));
    m_scroll->ensureWidgetVisible(m_explanation);
    emit outcomeShown();
}

QString LessonPanel::verdictHtml() const
{
    const Lesson& lesson = *currentLesson();
    const QString right
        = lessonMarkupToHtml(lesson.quiz.choices[static_cast<std::size_t>(lesson.quiz.answer)]);
    const std::optional<int>& chosen = m_verdictChoice;
    if (!chosen)
        return tr("The answer: %1").arg(right);
    if (*chosen == lesson.quiz.answer)
        return tr("<span style=\"color:%1\">✔ Your prediction was right:</span> %2")
            .arg(meaningColour(MeaningColour::Good, palette()).name(), right);
    return tr("<span style=\"color:%1\">✘ You predicted: %2</span><br>The answer: %3")
        .arg(meaningColour(MeaningColour::Warning, palette()).name(),
            lessonMarkupToHtml(lesson.quiz.choices[static_cast<std::size_t>(*chosen)]), right);
}

QString LessonPanel::resultText() const
{
    if (!m_resultShown)
        return {};
    QTextDocument verdict;
    verdict.setHtml(m_verdict->text());
    return verdict.toPlainText() + QLatin1Char('\n') + plain(m_explanation->text());
}

} // namespace interleave
