#pragma once

#include "ui/mapping/MappingAnalysis.h"

#include <QPlainTextEdit>
#include <QPointer>

class MappingHighlighter;

/// The text input of every mappable field (URL, header values, body, ...). {{…}} mappings
/// show as coloured pills; syntax errors and references that cannot work here show in red,
/// with a tooltip that says why. The single-line variant looks and behaves like a line edit.
///
/// A {{…}} is one piece: Backspace and Delete remove all of it, the arrow keys step over it,
/// a double click selects it, and typing inside a reference puts the text after it instead.
///
/// Ctrl+Z is left to the window's undo stack: the editor turns each edit into an undoable
/// command, so the field's own undo history is off.
class MappingField : public QPlainTextEdit
{
    Q_OBJECT
public:
    enum class Mode { SingleLine, MultiLine };

    explicit MappingField(QWidget *parent = nullptr);
    explicit MappingField(Mode mode, QWidget *parent = nullptr);
    ~MappingField() override;

    Mode mode() const { return m_mode; }

    QString text() const { return toPlainText(); }
    /// Replaces the text without emitting textEdited. Keeps the cursor where it was (as far
    /// as the new text allows), so an undo elsewhere does not throw the caret around; does
    /// nothing when the text is the same.
    void setText(const QString &text);

    /// Inserts text at the cursor as if typed (emits textEdited).
    void insertAtCursor(const QString &text);
    /// Inserts a mapping expression such as "1.data.access_token": wrapped in {{ }} unless
    /// the cursor already is inside a mapping (e.g. between the parentheses of lower()).
    /// `cursorInBody` puts the cursor at that offset of `body`; -1 puts it after the insert.
    void insertExpression(const QString &body, int cursorInBody = -1);
    /// True when the cursor sits between {{ and }}.
    bool cursorInsideMapping() const;

    /// Which modules this field may refer to: those that run before its module.
    void setAvailableModules(
        const QList<ModuleId> &earlier, const QSet<ModuleId> &all, ModuleId ownModule = 0);
    void setKnownRoots(const QStringList &roots);
    const MappingScope &scope() const { return m_scope; }

    const MappingAnalysis &analysis() const { return m_analysis; }
    bool hasBrokenReference() const { return m_analysis.hasBrokenReference(); }
    bool hasProblems() const { return !m_analysis.problems().isEmpty(); }
    /// Plain-language problems of the current text.
    QStringList problems() const;

    /// The mappable field that last had the keyboard focus (the mapping panel inserts there).
    static MappingField *lastFocused();
    /// Emits fieldFocused(MappingField*) whenever any mappable field gets the focus.
    static QObject *focusNotifier();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// The person changed the text (typing, pasting, dropping, inserting from the panel).
    void textEdited(const QString &text);
    void problemsChanged();
    void focused(MappingField *field);

protected:
    bool event(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void insertFromMimeData(const QMimeData *source) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void changeEvent(QEvent *event) override;

private:
    void reanalyze();
    int singleLineHeight() const;
    QList<QRectF> spanRects(int start, int end) const;
    const MappingSpan *spanAt(int position) const;

    /// A whole {{…}} with both braces: it is edited as one piece.
    struct Token
    {
        int start = 0;
        int end = 0; ///< after the closing }}
        bool formula = false; ///< holds a function call, whose arguments people type
    };
    QList<Token> tokens() const;
    /// Deletes, steps over or moves out of a token for `event`; false when it is not about one.
    bool handleTokenKey(QKeyEvent *event);
    /// Grows a selection that cuts a token so that it holds the whole token.
    void selectWholeTokens(QTextCursor &cursor) const;

    Mode m_mode;
    MappingScope m_scope;
    MappingAnalysis m_analysis;
    MappingHighlighter *m_highlighter;
    QString m_lastText;
    bool m_settingText = false;
    static QPointer<MappingField> s_lastFocused;
};

/// Sends MappingField focus changes to whoever listens (the mapping panel).
class MappingFieldFocusNotifier : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
signals:
    void fieldFocused(MappingField *field);
};
