#include "teachviews/explanationpanel.h"

#include "teachviews/pythonhighlighter.h"
#include "teachviews/teachresources.h"
#include "themepalette.h"

#include <QEvent>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace interleave {

ExplanationPanel::ExplanationPanel(QWidget* parent)
    : QWidget(parent)
{
    m_text = new QTextBrowser(this);
    m_text->setObjectName(QStringLiteral("explanationText"));
    m_text->setOpenExternalLinks(true);

    m_codeTitle = new QLabel(tr("The same in Python"), this);
    QFont bold;
    bold.setBold(true);
    m_codeTitle->setFont(bold);

    m_code = new QPlainTextEdit(this);
    m_code->setObjectName(QStringLiteral("explanationCode"));
    m_code->setReadOnly(true);
    m_code->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    applyCodeFont();
    m_highlighter = new PythonHighlighter(m_code->document(), isDarkPalette(palette()));

    auto* codeArea = new QWidget(this);
    auto* codeLayout = new QVBoxLayout(codeArea);
    codeLayout->setContentsMargins(0, 4, 0, 0);
    codeLayout->addWidget(m_codeTitle);
    codeLayout->addWidget(m_code, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_text);
    splitter->addWidget(codeArea);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
}

bool ExplanationPanel::setTopic(const QString& topic)
{
    if (topic == m_topic)
        return true;
    Explanation explanation = loadExplanation(topic);
    if (explanation.markdown.isEmpty())
        return false;
    m_topic = topic;
    m_snippet = std::move(explanation.python);
    m_text->setMarkdown(explanation.markdown);
    m_code->setPlainText(QString::fromStdString(m_snippet.code));
    m_highlightedLine = -1;
    m_code->setExtraSelections({});
    return true;
}

bool ExplanationPanel::highlightState(State state)
{
    const auto line = m_snippet.lineForState(state);
    highlightLine(line.value_or(-1));
    return line.has_value();
}

bool ExplanationPanel::highlightTag(const QString& tag)
{
    const auto line = m_snippet.lineForTag(tag.toStdString());
    highlightLine(line.value_or(-1));
    return line.has_value();
}

void ExplanationPanel::clearHighlight()
{
    highlightLine(-1);
}

void ExplanationPanel::highlightLine(int line)
{
    m_highlightedLine = line;
    if (line < 0) {
        m_code->setExtraSelections({});
        return;
    }
    const QTextBlock block = m_code->document()->findBlockByNumber(line);
    QTextEdit::ExtraSelection selection;
    // The palette's highlight colour, softened, so the syntax colours stay readable on it.
    QColor background = palette().color(QPalette::Highlight);
    background.setAlpha(isDarkPalette(palette()) ? 110 : 70);
    selection.format.setBackground(background);
    selection.format.setProperty(QTextFormat::FullWidthSelection, true);
    // The line's text is selected too: a full-width selection alone leaves a gap where the
    // text ends.
    selection.cursor = QTextCursor(block);
    selection.cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    m_code->setExtraSelections({selection});
    m_code->setTextCursor(QTextCursor(block));
    m_code->ensureCursorVisible();
}

void ExplanationPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    if (event->type() == QEvent::FontChange)
        applyCodeFont();
}

void ExplanationPanel::applyCodeFont()
{
    // Monospace at the panel's size, which classroom mode scales.
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (font().pointSizeF() > 0)
        mono.setPointSizeF(font().pointSizeF());
    m_code->setFont(mono);
}

void ExplanationPanel::applyPalette()
{
    m_highlighter->setDarkBackground(isDarkPalette(palette()));
    highlightLine(m_highlightedLine);
}

} // namespace interleave
