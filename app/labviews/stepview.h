#pragma once

#include "lab/explorer.h"
#include "lab/step_machine.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <deque>
#include <optional>
#include <vector>

class QCheckBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSpinBox;

namespace interleave {

class FoldingRowLayout;
class HistogramChart;

// Step through `counter += 1` (or `counter = counter + one()`) one micro-operation at a time:
// one column per thread with its micro-operations (the next one highlighted), the CPython
// bytecode each stands for with its eval-breaker checks marked, and the thread's register; the
// shared counter, the lock's owner and the GIL's holder above. The user picks which thread
// runs next (keys 1 to 4 do it too); with the GIL, only at an eval-breaker check may another
// thread take over. Undo, and a schedule that loses an update on request. Below, the
// explorer's count of every schedule and where each ends.
class StepView : public QWidget {
    Q_OBJECT

public:
    explicit StepView(QWidget* parent = nullptr);

    // Starts over with another configuration (threads 1 to 4, increments 1 to 5 here).
    void setConfig(const StepConfig& config);
    const StepMachine& machine() const noexcept { return m_machine; }

    bool stepThread(int thread);
    bool undo();
    void reset();
    // Applies a schedule that loses an update: continuing from here if that is still possible,
    // otherwise from the start. Animated, one step per kAnimationMs, or at once. False when no
    // schedule loses (with the lock).
    bool showLosingSchedule(bool animated = true);
    bool isAnimating() const noexcept { return !m_pending.empty(); }

    const std::optional<Exploration>& exploration() const noexcept { return m_exploration; }
    QString explorerText() const;
    QString narration() const;
    // The steps taken so far, one row each, the one that lost an update in red.
    QString historyHtml() const;
    QPushButton* stepButton(int thread) const;

    static constexpr int kMaxThreads = 4;
    static constexpr int kMaxIncrements = 5;
    static constexpr int kAnimationMs = 450;

signals:
    void stateChanged();

protected:
    // The number keys step threads even while the Threads box has the focus (it is the first
    // field of the tab, so it usually does): its count changes by its arrows, Up and Down.
    bool eventFilter(QObject* watched, QEvent* event) override;
    // A new palette recolours the lost update in the history.
    void changeEvent(QEvent* event) override;

private:
    struct ThreadColumn {
        QWidget* frame = nullptr;
        QLabel* title = nullptr;
        QLabel* increment = nullptr;
        std::vector<QLabel*> ops;
        std::vector<QLabel*> bytecode;
        QLabel* reg = nullptr;
        QLabel* status = nullptr;
        QPushButton* step = nullptr;
    };

    void rebuildColumns();
    void refresh();
    void runExplorer();
    void animateOne();
    void narrate(int thread, MicroOp op, const StepState& before);
    QString threadName(int thread) const;

    StepMachine m_machine;
    std::optional<Exploration> m_exploration;
    QString m_explorerProblem;
    QString m_narration;
    std::deque<int> m_pending;
    QTimer m_animation;

    QSpinBox* m_threads = nullptr;
    QSpinBox* m_increments = nullptr;
    QCheckBox* m_lock = nullptr;
    QCheckBox* m_gil = nullptr;
    QCheckBox* m_call = nullptr;
    QPushButton* m_undo = nullptr;
    QPushButton* m_reset = nullptr;
    QPushButton* m_lose = nullptr;
    QLabel* m_counter = nullptr;
    QLabel* m_lockOwner = nullptr;
    QLabel* m_gilHolder = nullptr;
    QLabel* m_expected = nullptr;
    QLabel* m_schedule = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_python = nullptr;
    FoldingRowLayout* m_columnsLayout = nullptr;
    std::vector<ThreadColumn> m_columns;
    QLabel* m_explorer = nullptr;
    QLabel* m_history = nullptr;
    HistogramChart* m_histogram = nullptr;
};

// What the view shows first: CPython 3.10+ with the GIL, and the code that loses there.
inline constexpr StepConfig kStepViewDefault {
    .threads = 2, .increments = 1, .lock = false, .gil = true, .between = RaceBetween::Call};

// The step-through view with a losing schedule applied (when one exists), drawn into an image
// for `interleave screenshot --view step`. Needs a QApplication.
// With stepsShown >= 0, only that many steps of the losing schedule are taken.
QImage drawStepView(QSize size, double scale, const StepConfig& config = kStepViewDefault, int stepsShown = -1);

} // namespace interleave
