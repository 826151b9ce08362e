#pragma once

#include <QPlainTextEdit>

namespace interleave {

class PythonHighlighter;

// A Python script, read-only, as an editor shows it: monospace, coloured by PythonHighlighter,
// line numbers in a gutter (a traceback names lines), and one line that can be marked (where
// the program failed).
class CodePane : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit CodePane(QWidget* parent = nullptr);

    void setCode(const QString& code);
    // Marks a line (1-based, as Python counts) and scrolls to it; 0 clears the mark.
    void markLine(int line);
    int markedLine() const noexcept { return m_marked; }

    // The gutter: its width for the document's line count, and its painting.
    int gutterWidth() const;

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    class Gutter;
    void paintGutter(QPaintEvent* event);
    void updateGutter(const QRect& rect, int dy);
    void applyMark();

    Gutter* m_gutter = nullptr;
    PythonHighlighter* m_highlighter = nullptr;
    int m_marked = 0;
};

} // namespace interleave
