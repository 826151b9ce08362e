#include "python/codepane.h"

#include "teachviews/pythonhighlighter.h"
#include "themepalette.h"

#include <QEvent>
#include <QFontDatabase>
#include <QPainter>
#include <QTextBlock>

namespace interleave {

class CodePane::Gutter : public QWidget {
public:
    explicit Gutter(CodePane* pane) : QWidget(pane), m_pane(pane) {}
    QSize sizeHint() const override { return {m_pane->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { m_pane->paintGutter(event); }

private:
    CodePane* m_pane;
};

CodePane::CodePane(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF() > 0 ? font().pointSizeF() : 12);
    setFont(mono);
    m_gutter = new Gutter(this);
    m_highlighter = new PythonHighlighter(document(), isDarkPalette(palette()));
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &CodePane::updateGutter);
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

void CodePane::setCode(const QString& code)
{
    m_marked = 0;
    setPlainText(code);
    setExtraSelections({});
}

int CodePane::gutterWidth() const
{
    int digits = 2;
    for (int n = std::max(1, blockCount()); n >= 100; n /= 10)
        ++digits;
    return fontMetrics().horizontalAdvance(QLatin1Char('9')) * (digits + 1) + 8;
}

void CodePane::markLine(int line)
{
    m_marked = line > 0 && line <= blockCount() ? line : 0;
    applyMark();
    if (m_marked > 0) {
        setTextCursor(QTextCursor(document()->findBlockByNumber(m_marked - 1)));
        centerCursor();
    }
}

void CodePane::applyMark()
{
    if (m_marked <= 0) {
        setExtraSelections({});
        m_gutter->update();
        return;
    }
    const QTextBlock block = document()->findBlockByNumber(m_marked - 1);
    QTextEdit::ExtraSelection selection;
    // The timeline's Failed colour, softened so the syntax colours stay readable on it.
    QColor background
        = isDarkPalette(palette()) ? QColor(0xd5, 0x5e, 0x00, 120) : QColor(0xd5, 0x5e, 0x00, 70);
    selection.format.setBackground(background);
    selection.format.setProperty(QTextFormat::FullWidthSelection, true);
    selection.cursor = QTextCursor(block);
    selection.cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    setExtraSelections({selection});
    m_gutter->update();
}

void CodePane::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setDarkBackground(isDarkPalette(palette()));
        applyMark();
    }
    if (event->type() == QEvent::FontChange)
        setViewportMargins(gutterWidth(), 0, 0, 0);
}

void CodePane::resizeEvent(QResizeEvent* event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_gutter->setGeometry(QRect(r.left(), r.top(), gutterWidth(), r.height()));
}

void CodePane::updateGutter(const QRect& rect, int dy)
{
    if (dy != 0)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
}

void CodePane::paintGutter(QPaintEvent* event)
{
    QPainter painter(m_gutter);
    const QPalette& p = palette();
    painter.fillRect(event->rect(), p.color(QPalette::AlternateBase));
    // The text's colour, a third of the way to the background: quieter than the code, readable
    // on either theme.
    const QColor text = p.color(QPalette::Text);
    const QColor back = p.color(QPalette::AlternateBase);
    const QColor numberColour((2 * text.red() + back.red()) / 3, (2 * text.green() + back.green()) / 3,
                              (2 * text.blue() + back.blue()) / 3);
    painter.setFont(font());
    QTextBlock block = firstVisibleBlock();
    int number = block.blockNumber() + 1;
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    const int right = m_gutter->width() - 6;
    while (block.isValid() && top <= event->rect().bottom()) {
        const qreal height = blockBoundingRect(block).height();
        if (block.isVisible() && top + height >= event->rect().top()) {
            const bool marked = number == m_marked;
            QFont f = font();
            f.setBold(marked);
            painter.setFont(f);
            painter.setPen(marked ? p.color(QPalette::Text) : numberColour);
            painter.drawText(QRectF(0, top, right, height), Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(number));
        }
        block = block.next();
        top += height;
        ++number;
    }
}

} // namespace interleave
