#pragma once

#include "teach/snippet.h"
#include "trace/state.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTextBrowser;

namespace interleave {

class PythonHighlighter;

// Beside a run: what the model (or lab demo) does, in a few sentences, and the Python it stands
// for, syntax-highlighted. The line that corresponds to a state can be highlighted, e.g. the
// state of the span selected on the timeline: Running on a CPU task lights the compute line,
// BlockedIo the sleep or download line (the snippet's "# @state:..." markers say which).
class ExplanationPanel : public QWidget {
    Q_OBJECT

public:
    explicit ExplanationPanel(QWidget* parent = nullptr);

    // A model name ("threads") or a lab demo name ("race"); false, and nothing changes, for a
    // topic without an explanation.
    bool setTopic(const QString& topic);
    QString topic() const { return m_topic; }

    // Highlights the snippet's line for the state, or clears the highlight when it has none.
    // Returns whether a line was highlighted.
    bool highlightState(State state);
    // The same for any marker, e.g. "step:store" in the race demo.
    bool highlightTag(const QString& tag);
    void clearHighlight();
    // 0-based line of the shown snippet, -1 when none is highlighted.
    int highlightedLine() const { return m_highlightedLine; }

    QTextBrowser* textView() const { return m_text; }
    QPlainTextEdit* codeView() const { return m_code; }
    const Snippet& snippet() const { return m_snippet; }

    // Room for the snippets' 60 columns of Python.
    QSize sizeHint() const override { return {520, 640}; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void highlightLine(int line);
    void applyPalette();
    void applyCodeFont();

    QString m_topic;
    Snippet m_snippet;
    QTextBrowser* m_text = nullptr;
    QLabel* m_codeTitle = nullptr;
    QPlainTextEdit* m_code = nullptr;
    PythonHighlighter* m_highlighter = nullptr;
    int m_highlightedLine = -1;
};

} // namespace interleave
