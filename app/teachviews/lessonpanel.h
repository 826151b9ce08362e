#pragma once

#include "engine/engine.h"
#include "teachviews/lablessonresult.h"
#include "teach/lesson.h"
#include "teach/lesson_repeat.h"
#include "teachviews/scenariofiles.h"
#include "trace/trace.h"

#include <QWidget>

#include <optional>
#include <vector>

class QAction;
class QButtonGroup;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QRadioButton;
class QScrollArea;
class QVBoxLayout;

namespace interleave {

class ChoiceStyle;

// The guided lessons: a list, the lesson's text, a prediction to make before running (quiz
// mode: Run stays disabled until an answer is chosen), Run, then the explanation with the
// measured numbers and whether the prediction was right. PageDown or N goes to the next lesson,
// PageUp or P back; 1 to 5 pick an answer; R runs.
//
// The panel does not run anything itself. Run emits runRequested(scenario); whoever runs it
// (the main window) calls showResult() with the engine run's outcome and showLabResult() with
// the lab demo's. The verdict and explanation appear once every part the scenario asked for
// has come back; until then the panel says the run or demo is going.
class LessonPanel : public QWidget {
    Q_OBJECT

public:
    // Starts with the built-in lessons, the first one shown.
    explicit LessonPanel(QWidget* parent = nullptr);

    void setLessons(std::vector<Lesson> lessons);
    const std::vector<Lesson>& lessons() const noexcept { return m_lessons; }
    int currentIndex() const noexcept { return m_current; }
    const Lesson* currentLesson() const;
    void setCurrentIndex(int index);

    // Quiz mode (on by default): an answer must be chosen before Run is enabled.
    void setQuizRequired(bool required);
    bool quizRequired() const noexcept { return m_quizRequired; }
    // Chooses an answer as a click would; false for an index out of range.
    bool selectAnswer(int choice);
    std::optional<int> selectedAnswer() const;

    QAction* runAction() const { return m_runAction; }
    QAction* nextAction() const { return m_nextAction; }
    QAction* previousAction() const { return m_previousAction; }

    // The outcome of the run the panel asked for (ignored, returning false, when the panel
    // asked for none: a run started from the toolbar, or one whose lesson was left): fills the explanation's
    // placeholders (the trace, when given, for the peak of Running lanes; a measured sequential wall time,
    // when known, instead of the estimate) and says whether the prediction was right.
    bool showResult(const RunResult& result, const Trace* trace = nullptr,
        std::optional<TimeNs> measuredSequentialWallNs = std::nullopt);
    // The outcome of the lab demo the panel asked for (ignored, returning false, otherwise):
    // the text is written from its measured numbers (labLessonResultMarkdown).
    bool showLabResult(const LabLessonOutcome& outcome);
    // The example program the panel asked for has ended in the Python tab (ignored, returning
    // false, otherwise): the lesson's explanation of what the tab shows.
    bool showPythonOutcome();
    // After showResult, the window measures the lesson's run again (LessonRepeatJob): the
    // panel says how far that has come, under the explanation (done of total further runs;
    // ignored, returning false, when no result of the lesson's run is shown or it was left)...
    bool showRepeatProgress(int done, int total);
    // ...and then writes the explanation again from the runs' medians and ranges, chosen anew
    // from them (ignored, returning false, when no progress was shown for this result).
    bool showRepeatedResult(
        const RunConfig& config, const LessonRepeatJob::Outcome& outcome, const Trace* watchedTrace = nullptr);
    bool repeatPending() const noexcept { return m_repeatPending; }

    // Whether Run was pressed and no outcome has come back yet (of the run, the demo or the
    // example program).
    bool awaitingResult() const noexcept { return m_awaitingResult || m_awaitingLab || m_awaitingPython; }
    bool awaitingLabResult() const noexcept { return m_awaitingLab; }
    bool resultShown() const noexcept { return m_resultShown; }
    // The verdict and explanation as shown, in plain text (for tests and the tour).
    QString resultText() const;

    // Wide enough for a lesson's sentences in a dock beside the timeline.
    QSize sizeHint() const override { return {440, 720}; }

signals:
    void currentLessonChanged(int index);
    // The explanation panel's topic for the lesson (a model or a lab demo name).
    void topicChanged(const QString& topic);
    void runRequested(const interleave::Scenario& scenario);
    // The verdict and the explanation of a run have just been shown.
    void outcomeShown();

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyFonts();
    void showLesson();
    void updateRunEnabled();
    void requestRun();
    void showVerdictAndExplanation(const QString& explanationMarkdown);
    // The answer, and whether the prediction made before the run was right.
    QString verdictHtml() const;
    void showOutcomeWhenComplete();
    // The run's and the demo's explanations, those there are, one after the other.
    QString explanationMarkdown() const;

    std::vector<Lesson> m_lessons;
    int m_current = -1;
    bool m_quizRequired = true;
    bool m_resultShown = false;
    std::optional<int> m_verdictChoice; // the prediction the shown verdict judged
    bool m_awaitingResult = false; // the engine run's
    bool m_awaitingLab = false; // the lab demo's
    bool m_awaitingPython = false; // the example program's, in the Python tab
    QString m_runExplanation; // Markdown, of the run come back while the demo goes on
    QString m_labExplanation; // Markdown, of the demo come back while the run goes on
    bool m_repeatPending = false; // the lesson's run is being measured again

    QListWidget* m_list = nullptr;
    QScrollArea* m_scroll = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_text = nullptr;
    QGroupBox* m_quizBox = nullptr;
    QLabel* m_question = nullptr;
    QVBoxLayout* m_choicesLayout = nullptr;
    QButtonGroup* m_choices = nullptr;
    ChoiceStyle* m_choiceStyle = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_explanation = nullptr;
    QLabel* m_measuring = nullptr; // how far measuring the run again has come
    QPushButton* m_runButton = nullptr;
    QPushButton* m_nextButton = nullptr;
    QPushButton* m_previousButton = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_nextAction = nullptr;
    QAction* m_previousAction = nullptr;
};

} // namespace interleave
