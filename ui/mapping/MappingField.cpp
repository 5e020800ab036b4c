#include "ui/mapping/MappingField.h"

#include "ui/mapping/MappingHighlighter.h"

#include <QAbstractTextDocumentLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolTip>

QPointer<MappingField> MappingField::s_lastFocused;

MappingField::MappingField(QWidget *parent)
    : MappingField(Mode::SingleLine, parent)
{
}

MappingField::MappingField(Mode mode, QWidget *parent)
    : QPlainTextEdit(parent)
    , m_mode(mode)
    , m_highlighter(new MappingHighlighter(document()))
{
    setUndoRedoEnabled(false);
    setTabChangesFocus(true);
    if (m_mode == Mode::SingleLine) {
        setLineWrapMode(QPlainTextEdit::NoWrap);
        setWordWrapMode(QTextOption::NoWrap);
        setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        document()->setDocumentMargin(3);
        setFixedHeight(singleLineHeight());
    } else {
        setLineWrapMode(QPlainTextEdit::WidgetWidth);
        setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    }
    // Re-colouring also emits textChanged; only a real change of the text counts.
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        const QString text = toPlainText();
        if (text == m_lastText)
            return;
        m_lastText = text;
        reanalyze();
        if (!m_settingText)
            emit textEdited(text);
    });
}

MappingField::~MappingField() = default;

int MappingField::singleLineHeight() const
{
    const int margins = int(document()->documentMargin() * 2);
    return fontMetrics().lineSpacing() + margins + frameWidth() * 2 + 2;
}

QSize MappingField::sizeHint() const
{
    if (m_mode == Mode::SingleLine)
        return QSize(200, singleLineHeight());
    return QSize(200, fontMetrics().lineSpacing() * 7 + frameWidth() * 2 + 8);
}

QSize MappingField::minimumSizeHint() const
{
    if (m_mode == Mode::SingleLine)
        return QSize(60, singleLineHeight());
    return QSize(60, fontMetrics().lineSpacing() * 3 + frameWidth() * 2 + 8);
}

void MappingField::setText(const QString &text)
{
    if (text == toPlainText())
        return;
    const int position = textCursor().position();
    const int scroll = horizontalScrollBar()->value();
    m_settingText = true;
    setPlainText(text);
    m_settingText = false;
    QTextCursor cursor = textCursor();
    cursor.setPosition(qMin(position, int(text.size())));
    setTextCursor(cursor);
    horizontalScrollBar()->setValue(scroll);
}

void MappingField::insertAtCursor(const QString &text)
{
    QString inserted = text;
    if (m_mode == Mode::SingleLine)
        inserted.replace(QLatin1Char('\n'), QLatin1Char(' '));
    textCursor().insertText(inserted);
    ensureCursorVisible();
}

bool MappingField::cursorInsideMapping() const
{
    const int position = textCursor().position();
    for (const MappingSpan &span : m_analysis.spans()) {
        if (span.kind != MappingSpan::Kind::Expression)
            continue;
        const bool closed
            = toPlainText().mid(span.start + span.length - 2, 2) == QLatin1String("}}");
        const int end = span.start + span.length - (closed ? 2 : 0);
        if (position >= span.start + 2 && position <= end)
            return true;
    }
    return false;
}

void MappingField::insertExpression(const QString &body, int cursorInBody)
{
    const bool inside = cursorInsideMapping();
    const QString text = inside ? body : QStringLiteral("{{%1}}").arg(body);
    QTextCursor cursor = textCursor();
    const int start = cursor.selectionStart();
    cursor.insertText(text);
    if (cursorInBody >= 0) {
        cursor.setPosition(start + (inside ? 0 : 2) + cursorInBody);
    }
    setTextCursor(cursor);
    ensureCursorVisible();
}

void MappingField::setAvailableModules(
    const QList<ModuleId> &earlier, const QSet<ModuleId> &all, ModuleId ownModule)
{
    if (m_scope.checksModules && m_scope.earlierModules == earlier && m_scope.allModules == all
        && m_scope.ownModule == ownModule)
        return; // the editor refreshes scopes on every edit; spare the re-colouring
    m_scope.earlierModules = earlier;
    m_scope.allModules = all;
    m_scope.ownModule = ownModule;
    m_scope.checksModules = true;
    reanalyze();
}

void MappingField::setKnownRoots(const QStringList &roots)
{
    m_scope.knownRoots = roots;
    reanalyze();
}

QStringList MappingField::problems() const
{
    QStringList messages;
    for (const MappingSpan &span : m_analysis.problems()) {
        if (!messages.contains(span.message))
            messages.append(span.message);
    }
    return messages;
}

MappingField *MappingField::lastFocused()
{
    return s_lastFocused.data();
}

QObject *MappingField::focusNotifier()
{
    static MappingFieldFocusNotifier notifier;
    return &notifier;
}

void MappingField::reanalyze()
{
    const bool hadProblems = hasProblems();
    const QStringList before = hadProblems ? problems() : QStringList();
    m_analysis = MappingAnalysis::analyze(toPlainText(), m_scope);
    m_highlighter->setSpans(m_analysis.spans());
    viewport()->update();
    if (hadProblems != hasProblems() || before != problems())
        emit problemsChanged();
}

bool MappingField::event(QEvent *event)
{
    // The window's Undo/Redo act on the scenario; let those shortcuts through.
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            event->ignore();
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

const MappingSpan *MappingField::spanAt(int position) const
{
    const MappingSpan *found = nullptr;
    for (const MappingSpan &span : m_analysis.spans()) {
        if (position < span.start || position > span.start + span.length)
            continue;
        if (span.kind == MappingSpan::Kind::Problem)
            return &span;
        if (span.kind == MappingSpan::Kind::ModuleReference)
            found = &span;
    }
    return found;
}

bool MappingField::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int position = cursorForPosition(help->pos()).position();
        if (const MappingSpan *span = spanAt(position)) {
            QToolTip::showText(help->globalPos(), span->message, this);
            return true;
        }
        if (!toolTip().isEmpty()) {
            QToolTip::showText(help->globalPos(), toolTip(), this);
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

QList<MappingField::Token> MappingField::tokens() const
{
    QList<Token> result;
    const QString text = toPlainText();
    for (const MappingSpan &span : m_analysis.spans()) {
        if (span.kind != MappingSpan::Kind::Expression || span.length < 4)
            continue;
        const int end = span.start + span.length;
        if (QStringView(text).mid(end - 2, 2) != QLatin1String("}}"))
            continue; // still being typed
        const bool formula = QStringView(text).mid(span.start, span.length).contains(u'(');
        result.append({span.start, end, formula});
    }
    return result;
}

void MappingField::selectWholeTokens(QTextCursor &cursor) const
{
    int from = cursor.selectionStart();
    int to = cursor.selectionEnd();
    for (const Token &token : tokens()) {
        if (token.start < from && from < token.end)
            from = token.start;
        if (token.start < to && to < token.end)
            to = token.end;
    }
    const bool forward = cursor.position() >= cursor.anchor();
    cursor.setPosition(forward ? from : to);
    cursor.setPosition(forward ? to : from, QTextCursor::KeepAnchor);
}

bool MappingField::handleTokenKey(QKeyEvent *event)
{
    const int key = event->key();
    const Qt::KeyboardModifiers modifiers
        = event->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    QTextCursor cursor = textCursor();
    const bool typing = !event->text().isEmpty() && event->text().at(0).isPrint()
        && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    const bool erasing = (key == Qt::Key_Backspace || key == Qt::Key_Delete) && !modifiers;

    if (cursor.hasSelection()) {
        if (!typing && !erasing)
            return false;
        // Replacing or deleting a selection never leaves a piece of a token behind.
        const QTextCursor before = cursor;
        selectWholeTokens(cursor);
        if (cursor.selectionStart() == before.selectionStart()
            && cursor.selectionEnd() == before.selectionEnd())
            return false;
        cursor.beginEditBlock();
        cursor.removeSelectedText();
        if (typing)
            cursor.insertText(event->text());
        cursor.endEditBlock();
        setTextCursor(cursor);
        return true;
    }

    const int position = cursor.position();
    for (const Token &token : tokens()) {
        if (position < token.start || position > token.end)
            continue;
        const bool atStart = position == token.start;
        const bool atEnd = position == token.end;
        const bool inside = !atStart && !atEnd;
        // Inside a formula people type arguments; only its braces hold it together.
        const bool inOpening = position < token.start + 2;
        const bool inClosing = position > token.end - 2;
        const bool whole = !token.formula;
        auto selectToken = [&] {
            cursor.setPosition(token.start);
            cursor.setPosition(token.end, QTextCursor::KeepAnchor);
        };
        if (erasing && key == Qt::Key_Backspace && !atStart
            && (atEnd || whole || position <= token.start + 2 || position > token.end - 2)) {
            selectToken();
            cursor.removeSelectedText();
            setTextCursor(cursor);
            return true;
        }
        if (erasing && key == Qt::Key_Delete && !atEnd
            && (atStart || whole || position < token.start + 2 || position >= token.end - 2)) {
            selectToken();
            cursor.removeSelectedText();
            setTextCursor(cursor);
            return true;
        }
        const auto move = shift ? QTextCursor::KeepAnchor : QTextCursor::MoveAnchor;
        if (key == Qt::Key_Left && !modifiers && !atStart && (atEnd || whole || inOpening)) {
            cursor.setPosition(token.start, move);
            setTextCursor(cursor);
            return true;
        }
        if (key == Qt::Key_Right && !modifiers && !atEnd && (atStart || whole || inClosing)) {
            cursor.setPosition(token.end, move);
            setTextCursor(cursor);
            return true;
        }
        if (typing && inside && (whole || inOpening || inClosing)) {
            // Typing in the middle of a reference would break it: the text goes after it.
            cursor.setPosition(inOpening ? token.start : token.end);
            setTextCursor(cursor);
            return false;
        }
    }
    return false;
}

void MappingField::keyPressEvent(QKeyEvent *event)
{
    if (m_mode == Mode::SingleLine
        && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
        event->ignore(); // a one-line field: Enter belongs to the dialog or form
        return;
    }
    if (handleTokenKey(event)) {
        ensureCursorVisible();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void MappingField::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const int position = cursorForPosition(event->position().toPoint()).position();
        for (const Token &token : tokens()) {
            if (position < token.start || position > token.end)
                continue;
            // A click is nearest to a token's edge also on the character beside it.
            QTextCursor edge(document());
            edge.setPosition(position);
            const qreal x = event->position().x();
            if (position == token.end && x > cursorRect(edge).left())
                continue;
            if (position == token.start && x < cursorRect(edge).left())
                continue;
            QTextCursor cursor = textCursor();
            cursor.setPosition(token.start);
            cursor.setPosition(token.end, QTextCursor::KeepAnchor);
            setTextCursor(cursor);
            event->accept();
            return;
        }
    }
    QPlainTextEdit::mouseDoubleClickEvent(event);
}

void MappingField::focusInEvent(QFocusEvent *event)
{
    QPlainTextEdit::focusInEvent(event);
    s_lastFocused = this;
    emit focused(this);
    emit static_cast<MappingFieldFocusNotifier *>(focusNotifier())->fieldFocused(this);
}

bool MappingField::canInsertFromMimeData(const QMimeData *source) const
{
    return source->hasText();
}

void MappingField::insertFromMimeData(const QMimeData *source)
{
    if (!source->hasText())
        return;
    QString text = source->text();
    if (m_mode == Mode::SingleLine) {
        // Pasting a multi-line value into a one-line field keeps it on one line.
        text.replace(QLatin1String("\r\n"), QLatin1String(" "));
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    }
    QTextCursor cursor = textCursor();
    if (cursor.hasSelection()) {
        selectWholeTokens(cursor);
    } else {
        for (const Token &token : tokens()) {
            if (!token.formula && cursor.position() > token.start && cursor.position() < token.end)
                cursor.setPosition(token.end); // never into the middle of a reference
        }
    }
    cursor.insertText(text);
    setTextCursor(cursor);
    ensureCursorVisible();
}

void MappingField::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::FontChange && m_mode == Mode::SingleLine)
        setFixedHeight(singleLineHeight());
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->rehighlight();
}

QList<QRectF> MappingField::spanRects(int start, int end) const
{
    QList<QRectF> rects;
    QTextCursor cursor(document());
    cursor.setPosition(start);
    const QRectF first = cursorRect(cursor);
    cursor.setPosition(qMin(end, document()->characterCount() - 1));
    const QRectF last = cursorRect(cursor);
    if (qFuzzyCompare(first.top(), last.top())) {
        rects.append(QRectF(first.left(), first.top(), last.left() - first.left(), first.height()));
        return rects;
    }
    // A mapping that wraps: the rest of the first line, whole lines between, start of the last.
    const qreal left = contentOffset().x() + document()->documentMargin();
    const qreal right = viewport()->width() - document()->documentMargin();
    rects.append(QRectF(first.left(), first.top(), right - first.left(), first.height()));
    if (last.top() > first.bottom())
        rects.append(QRectF(left, first.bottom(), right - left, last.top() - first.bottom()));
    rects.append(QRectF(left, last.top(), last.left() - left, last.height()));
    return rects;
}

void MappingField::paintEvent(QPaintEvent *event)
{
    if (!m_analysis.spans().isEmpty()) {
        QPainter painter(viewport());
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        const QList<MappingSpan> problems = m_analysis.problems();
        for (const MappingSpan &span : m_analysis.spans()) {
            if (span.kind != MappingSpan::Kind::Expression)
                continue;
            bool broken = false;
            for (const MappingSpan &problem : problems) {
                if (problem.start < span.start + span.length
                    && problem.start + problem.length > span.start)
                    broken = true;
            }
            QColor fill = MappingHighlighter::colorFor(
                broken ? MappingSpan::Kind::Problem : MappingSpan::Kind::Expression, palette());
            fill.setAlpha(broken ? 46 : 56);
            painter.setBrush(fill);
            for (QRectF rect : spanRects(span.start, span.start + span.length)) {
                rect.adjust(-1, 1, 1, -1);
                if (rect.intersects(event->rect()))
                    painter.drawRoundedRect(rect, 4, 4);
            }
        }
    }
    QPlainTextEdit::paintEvent(event);
}
