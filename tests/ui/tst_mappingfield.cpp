// MappingField: mappings are coloured, broken ones are red with a reason, insertion puts
// values at the cursor, and the one-line variant behaves like a line edit.

#include "mapping/MappingField.h"
#include "mapping/MappingHighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolTip>

namespace {

/// The colour the field shows for the character at `position` (first line only).
QColor colorAt(const MappingField &field, int position)
{
    const QTextBlock block = field.document()->findBlock(position);
    QColor color = field.palette().color(QPalette::Text);
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        const int at = position - block.position();
        if (at >= range.start && at < range.start + range.length
            && range.format.hasProperty(QTextFormat::ForegroundBrush))
            color = range.format.foreground().color();
    }
    return color;
}

} // namespace

class TestMappingField : public QObject
{
    Q_OBJECT
private slots:
    void validReferenceIsNotBroken();
    void laterModuleIsBroken();
    void deletedModuleIsBroken();
    void ownModuleIsBroken();
    void syntaxErrorIsFlagged();
    void scopeChangeRechecks();
    void tooltipSaysWhy();
    void functionsAreColoured();
    void setTextKeepsCursorAndIsSilent();
    void insertAtCursorIsAnEdit();
    void insertExpressionInsideFunction();
    void singleLineIgnoresEnterAndJoinsPastedLines();
    void multiLineKeepsNewlines();
    void undoShortcutIsLeftToTheWindow();
    void focusIsAnnounced();
};

void TestMappingField::validReferenceIsNotBroken()
{
    MappingField field;
    field.setAvailableModules({1}, {1, 2}, 2);
    field.setText(QStringLiteral("Bearer {{1.data.access_token}}"));
    QVERIFY(!field.hasBrokenReference());
    QVERIFY(!field.hasProblems());
    const QColor reference = colorAt(field, 10);
    QCOMPARE(reference,
        MappingHighlighter::colorFor(MappingSpan::Kind::ModuleReference, field.palette()));
    QCOMPARE(colorAt(field, 0), field.palette().color(QPalette::Text)); // plain text stays plain
}

void TestMappingField::laterModuleIsBroken()
{
    MappingField field;
    field.setAvailableModules({1}, {1, 2, 3}, 2);
    field.setText(QStringLiteral("{{3.data.id}}"));
    QVERIFY(field.hasBrokenReference());
    QCOMPARE(field.problems(),
        QStringList {
            QStringLiteral("Module 3 runs after this one, so its output is not available here.")});
    QCOMPARE(colorAt(field, 3),
        MappingHighlighter::colorFor(MappingSpan::Kind::Problem, field.palette()));
}

void TestMappingField::deletedModuleIsBroken()
{
    MappingField field;
    field.setAvailableModules({1}, {1, 2}, 2);
    field.setText(QStringLiteral("x {{1.data.a}} {{7.data.b}}"));
    QVERIFY(field.hasBrokenReference());
    QCOMPARE(field.problems().size(), 1);
    QVERIFY(field.problems().constFirst().startsWith(QStringLiteral("Module 7 was deleted")));
}

void TestMappingField::ownModuleIsBroken()
{
    MappingField field;
    field.setAvailableModules({1}, {1, 2}, 2);
    field.setText(QStringLiteral("{{2.data}}"));
    QVERIFY(field.hasBrokenReference());
}

void TestMappingField::syntaxErrorIsFlagged()
{
    MappingField field;
    field.setAvailableModules({1}, {1, 2}, 2);
    QSignalSpy problems(&field, &MappingField::problemsChanged);
    field.setText(QStringLiteral("{{lowr(1.data.a)}}"));
    QVERIFY(field.hasProblems());
    QVERIFY(!field.hasBrokenReference());
    QVERIFY(field.problems().constFirst().contains(QStringLiteral("lower")));
    QCOMPARE(problems.count(), 1);
    field.setText(QStringLiteral("{{lower(1.data.a)}}"));
    QVERIFY(!field.hasProblems());
    QCOMPARE(problems.count(), 2);
}

void TestMappingField::scopeChangeRechecks()
{
    // A link added on the canvas makes module 3 run before: the field turns fine.
    MappingField field;
    field.setAvailableModules({1}, {1, 2, 3}, 2);
    field.setText(QStringLiteral("{{3.data}}"));
    QVERIFY(field.hasBrokenReference());
    field.setAvailableModules({1, 3}, {1, 2, 3}, 2);
    QVERIFY(!field.hasBrokenReference());
}

void TestMappingField::tooltipSaysWhy()
{
    MappingField field;
    field.resize(400, field.height());
    field.setAvailableModules({1}, {1, 2}, 2);
    field.setText(QStringLiteral("{{9.data}}"));
    field.show();
    QVERIFY(QTest::qWaitForWindowExposed(&field));
    QTextCursor cursor(field.document());
    cursor.setPosition(4);
    const QPoint inside = field.cursorRect(cursor).center();
    QHelpEvent help(QEvent::ToolTip, inside, field.viewport()->mapToGlobal(inside));
    QApplication::sendEvent(field.viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY(QToolTip::text().startsWith(QStringLiteral("Module 9 was deleted")));
}

void TestMappingField::functionsAreColoured()
{
    MappingField field;
    field.setAvailableModules({1}, {1, 2}, 2);
    field.setText(QStringLiteral("{{lower(1.data.a)}}{{emptystring}}"));
    QCOMPARE(colorAt(field, 2),
        MappingHighlighter::colorFor(MappingSpan::Kind::Function, field.palette()));
    QCOMPARE(colorAt(field, 8),
        MappingHighlighter::colorFor(MappingSpan::Kind::ModuleReference, field.palette()));
    QCOMPARE(colorAt(field, 21),
        MappingHighlighter::colorFor(MappingSpan::Kind::Keyword, field.palette()));
}

void TestMappingField::setTextKeepsCursorAndIsSilent()
{
    MappingField field;
    QSignalSpy edited(&field, &MappingField::textEdited);
    field.setText(QStringLiteral("https://example.com"));
    QTextCursor cursor = field.textCursor();
    cursor.setPosition(5);
    field.setTextCursor(cursor);
    field.setText(QStringLiteral("https://example.com/x"));
    QCOMPARE(field.textCursor().position(), 5);
    QCOMPARE(edited.count(), 0);
}

void TestMappingField::insertAtCursorIsAnEdit()
{
    MappingField field;
    field.setText(QStringLiteral("Bearer "));
    field.moveCursor(QTextCursor::End);
    QSignalSpy edited(&field, &MappingField::textEdited);
    field.insertAtCursor(QStringLiteral("{{1.data.access_token}}"));
    QCOMPARE(field.text(), QStringLiteral("Bearer {{1.data.access_token}}"));
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.constFirst().constFirst().toString(), field.text());
}

void TestMappingField::insertExpressionInsideFunction()
{
    MappingField field;
    field.insertExpression(QStringLiteral("lower()"), 6);
    QCOMPARE(field.text(), QStringLiteral("{{lower()}}"));
    QCOMPARE(field.textCursor().position(), 8); // between the parentheses
    QVERIFY(field.cursorInsideMapping());
    field.insertExpression(QStringLiteral("1.data.name"));
    QCOMPARE(field.text(), QStringLiteral("{{lower(1.data.name)}}"));
    field.moveCursor(QTextCursor::End);
    QVERIFY(!field.cursorInsideMapping());
    field.insertExpression(QStringLiteral("space"));
    QCOMPARE(field.text(), QStringLiteral("{{lower(1.data.name)}}{{space}}"));
}

void TestMappingField::singleLineIgnoresEnterAndJoinsPastedLines()
{
    MappingField field(MappingField::Mode::SingleLine);
    QTest::keyClicks(&field, QStringLiteral("ab"));
    QTest::keyClick(&field, Qt::Key_Return);
    QTest::keyClick(&field, Qt::Key_Enter);
    QCOMPARE(field.text(), QStringLiteral("ab"));
    QApplication::clipboard()->setText(QStringLiteral("c\nd"));
    field.paste();
    QCOMPARE(field.text(), QStringLiteral("abc d"));
    QCOMPARE(field.document()->blockCount(), 1);
    QVERIFY(field.height() < 3 * field.fontMetrics().lineSpacing());
}

void TestMappingField::multiLineKeepsNewlines()
{
    MappingField field(MappingField::Mode::MultiLine);
    QTest::keyClicks(&field, QStringLiteral("{"));
    QTest::keyClick(&field, Qt::Key_Return);
    QTest::keyClicks(&field, QStringLiteral("}"));
    QCOMPARE(field.text(), QStringLiteral("{\n}"));
}

void TestMappingField::undoShortcutIsLeftToTheWindow()
{
    MappingField field;
    QKeyEvent undo(QEvent::ShortcutOverride, Qt::Key_Z, Qt::ControlModifier);
    QApplication::sendEvent(&field, &undo);
    QVERIFY(!undo.isAccepted());
    QKeyEvent copy(QEvent::ShortcutOverride, Qt::Key_C, Qt::ControlModifier);
    QApplication::sendEvent(&field, &copy);
    QVERIFY(copy.isAccepted()); // copying stays the field's own
}

void TestMappingField::focusIsAnnounced()
{
    QWidget window;
    auto *first = new MappingField(&window);
    auto *second = new MappingField(&window);
    second->move(0, 40);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy focused(MappingField::focusNotifier(), SIGNAL(fieldFocused(MappingField *)));
    second->setFocus();
    QTRY_COMPARE(MappingField::lastFocused(), second);
    first->setFocus();
    QTRY_COMPARE(MappingField::lastFocused(), first);
    QCOMPARE(focused.count(), 2);
}

QTEST_MAIN(TestMappingField)
#include "tst_mappingfield.moc"
