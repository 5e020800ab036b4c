// MappingField: mappings are coloured, broken ones are red with a reason, insertion puts
// values at the cursor, and the one-line variant behaves like a line edit.

#include "core/model/Scenario.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingHighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolTip>
#include <QUndoStack>

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
    void tokenIsOnePiece_data();
    void tokenIsOnePiece();
    void doubleClickSelectsToken();
    void tokenDeletionIsOneUndoStep();
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

namespace {

/// Puts the text into a field with the cursor where `|` is (and a selection from `[`).
void setWithCursor(MappingField &field, QString text)
{
    const int anchor = int(text.indexOf(QLatin1Char('[')));
    text.remove(QLatin1Char('['));
    const int position = int(text.indexOf(QLatin1Char('|')));
    text.remove(QLatin1Char('|'));
    field.setText(text);
    QTextCursor cursor = field.textCursor();
    cursor.setPosition(anchor >= 0 ? anchor : position);
    cursor.setPosition(position, QTextCursor::KeepAnchor);
    field.setTextCursor(cursor);
}

QString withCursor(const MappingField &field)
{
    QString text = field.text();
    text.insert(field.textCursor().position(), QLatin1Char('|'));
    return text;
}

} // namespace

void TestMappingField::tokenIsOnePiece_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("after");
    const int none = 0;
    QTest::newRow("Backspace after a token")
        << QStringLiteral("Bearer {{1.data.token}}|") << int(Qt::Key_Backspace) << QString()
        << QStringLiteral("Bearer |");
    QTest::newRow("Backspace inside a token")
        << QStringLiteral("a{{1.da|ta}}b") << int(Qt::Key_Backspace) << QString()
        << QStringLiteral("a|b");
    QTest::newRow("Backspace before a token is a character")
        << QStringLiteral("ab|{{1.data}}") << int(Qt::Key_Backspace) << QString()
        << QStringLiteral("a|{{1.data}}");
    QTest::newRow("Delete before a token")
        << QStringLiteral("x|{{1.data}} y") << int(Qt::Key_Delete) << QString()
        << QStringLiteral("x| y");
    QTest::newRow("Delete inside a token")
        << QStringLiteral("{{1|.data}}") << int(Qt::Key_Delete) << QString() << QStringLiteral("|");
    QTest::newRow("Delete after a token is a character")
        << QStringLiteral("{{1.data}}|xy") << int(Qt::Key_Delete) << QString()
        << QStringLiteral("{{1.data}}|y");
    QTest::newRow("Left steps over a token")
        << QStringLiteral("a{{1.data.id}}|b") << int(Qt::Key_Left) << QString()
        << QStringLiteral("a|{{1.data.id}}b");
    QTest::newRow("Right steps over a token")
        << QStringLiteral("a|{{1.data.id}}b") << int(Qt::Key_Right) << QString()
        << QStringLiteral("a{{1.data.id}}|b");
    QTest::newRow("Left next to plain text moves one character") << QStringLiteral(
        "{{1.data}}ab|") << int(Qt::Key_Left) << QString() << QStringLiteral("{{1.data}}a|b");
    QTest::newRow("typing inside a reference goes after it") << QStringLiteral(
        "{{1.da|ta}}") << none << QStringLiteral("x") << QStringLiteral("{{1.data}}x|");
    QTest::newRow("typing inside a formula's argument is typing") << QStringLiteral(
        "{{lower(|)}}") << none << QStringLiteral("x") << QStringLiteral("{{lower(x|)}}");
    QTest::newRow("Backspace on a formula's closing braces removes it") << QStringLiteral(
        "{{lower(1.data)}|}") << int(Qt::Key_Backspace) << QString() << QStringLiteral("|");
    QTest::newRow("Backspace inside a formula's argument is a character") << QStringLiteral(
        "{{lower(ab|)}}") << int(Qt::Key_Backspace) << QString() << QStringLiteral("{{lower(a|)}}");
    QTest::newRow("Backspace over a selection that cuts a token") << QStringLiteral(
        "ab[c{{1.da|ta}}d") << int(Qt::Key_Backspace) << QString() << QStringLiteral("ab|d");
    QTest::newRow("typing over a selection that cuts a token")
        << QStringLiteral("{{1.d[ata}}x|y") << none << QStringLiteral("z") << QStringLiteral("z|y");
    QTest::newRow("an unfinished mapping is plain typing")
        << QStringLiteral("{{1.data}|") << int(Qt::Key_Backspace) << QString()
        << QStringLiteral("{{1.data|");
}

void TestMappingField::tokenIsOnePiece()
{
    QFETCH(QString, before);
    QFETCH(int, key);
    QFETCH(QString, typed);
    QFETCH(QString, after);
    MappingField field;
    setWithCursor(field, before);
    if (key)
        QTest::keyClick(&field, Qt::Key(key));
    else
        QTest::keyClicks(&field, typed);
    QCOMPARE(withCursor(field), after);
}

void TestMappingField::doubleClickSelectsToken()
{
    MappingField field;
    field.setText(QStringLiteral("Bearer {{1.data.access_token}} end"));
    field.resize(400, field.height());
    field.show();
    QVERIFY(QTest::qWaitForWindowExposed(&field));
    for (const int position : {9, 15, 28}) {
        QTextCursor probe = field.textCursor();
        probe.setPosition(position);
        const QRect at = field.cursorRect(probe);
        QTest::mouseDClick(field.viewport(), Qt::LeftButton, {}, at.center() + QPoint(2, 0));
        QCOMPARE(field.textCursor().selectedText(), QStringLiteral("{{1.data.access_token}}"));
    }
    // Beside the token, a double click selects a word as usual.
    QTextCursor probe = field.textCursor();
    probe.setPosition(2);
    QTest::mouseDClick(field.viewport(), Qt::LeftButton, {}, field.cursorRect(probe).center());
    QCOMPARE(field.textCursor().selectedText(), QStringLiteral("Bearer"));
}

void TestMappingField::tokenDeletionIsOneUndoStep()
{
    QWidget window;
    Scenario scenario;
    QUndoStack stack;
    Module first;
    Module second;
    second.config.url = QStringLiteral("{{1.data.url}}/items");
    scenario.addModule(first);
    scenario.addModule(second);
    scenario.link(1, 2);
    auto *editor = new ModuleEditor(&window);
    editor->setScenario(&scenario, &stack);
    editor->setModule(2);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    MappingField *url = editor->urlField();
    url->setFocus();
    QTextCursor cursor = url->textCursor();
    cursor.setPosition(14);
    url->setTextCursor(cursor);
    QTest::keyClick(url, Qt::Key_Backspace);
    QCOMPARE(scenario.module(2).config.url, QStringLiteral("/items"));
    QCOMPARE(stack.count(), 1);
    stack.undo();
    QCOMPARE(scenario.module(2).config.url, QStringLiteral("{{1.data.url}}/items"));
    QCOMPARE(url->text(), QStringLiteral("{{1.data.url}}/items"));
}

QTEST_MAIN(TestMappingField)
#include "tst_mappingfield.moc"
