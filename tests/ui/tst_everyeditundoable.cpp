#include "core/io/ScenarioDocument.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/commands/RenameScenarioCommand.h"
#include "ui/commands/SetNoteCommand.h"
#include "ui/commands/UnlinkCommand.h"
#include "ui/connections/ConnectionsPanel.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/mapping/MappingField.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include <functional>
#include <memory>

/// Every kind of edit a person makes is one step of Edit › Undo, and undoing it gives back
/// the scenario exactly as it was; typing in one field is one step, however many keys.
/// The settings form, the connections panel and the canvas share one scenario and one stack,
/// as in the main window.
class TestEveryEditUndoable : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void everyEditIsOneUndoStep_data();
    void everyEditIsOneUndoStep();
    void typingInOneFieldMerges_data();
    void typingInOneFieldMerges();
    void typingInAnotherFieldIsAnotherStep();
    void typingAndErasingLeavesNothingToUndo();

private:
    using Edit = std::function<void(TestEveryEditUndoable *)>;
    QByteArray snapshot() const
    {
        return ScenarioFile::serialize(ScenarioDocument::fromScenario(*m_scenario));
    }
    void typeInto(QWidget *field, const QString &text)
    {
        field->setFocus();
        QTest::keyClick(field, Qt::Key_End);
        QTest::keyClicks(field, text);
    }

    std::unique_ptr<QWidget> m_window;
    Scenario *m_scenario = nullptr;
    QUndoStack *m_stack = nullptr;
    ModuleEditor *m_editor = nullptr;
    ConnectionsPanel *m_connections = nullptr;
    ScenarioScene *m_scene = nullptr;
};

Q_DECLARE_METATYPE(std::function<void(TestEveryEditUndoable *)>)

void TestEveryEditUndoable::init()
{
    m_window = std::make_unique<QWidget>();
    m_scenario = new Scenario(m_window.get());
    m_stack = new QUndoStack(m_window.get());
    Module token;
    token.label = QStringLiteral("Get token");
    token.config.url = QStringLiteral("https://example.com/token");
    Module api;
    api.label = QStringLiteral("Who am I");
    api.position = QPointF(300, 0);
    Module third;
    third.position = QPointF(600, 0);
    m_scenario->addModule(token);
    m_scenario->addModule(api);
    m_scenario->addModule(third);
    m_scenario->link(1, 2);
    Connection connection;
    connection.id = QStringLiteral("sandbox");
    connection.name = QStringLiteral("Sandbox");
    m_scenario->setConnections({connection});

    m_editor = new ModuleEditor(m_window.get());
    m_editor->setScenario(m_scenario, m_stack);
    m_editor->setModule(2);
    m_connections = new ConnectionsPanel(m_window.get());
    m_connections->setScenario(m_scenario, m_stack);
    m_connections->selectConnection(QStringLiteral("sandbox"));
    m_scene = new ScenarioScene(m_scenario, m_stack, m_window.get());
    auto *view = new CanvasView(m_scene, m_window.get());
    auto *layout = new QHBoxLayout(m_window.get());
    layout->addWidget(m_editor);
    layout->addWidget(m_connections);
    layout->addWidget(view);
    m_window->resize(1200, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QCOMPARE(m_stack->count(), 0);
}

void TestEveryEditUndoable::cleanup()
{
    m_window.reset();
}

void TestEveryEditUndoable::everyEditIsOneUndoStep_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<QString>("undoText");

    QTest::newRow("typing a URL") << Edit([](TestEveryEditUndoable *t) {
        t->typeInto(t->m_editor->urlField(), QStringLiteral("https://api.example.com/me"));
    }) << QStringLiteral("Edit URL of module 2");
    QTest::newRow("renaming a module") << Edit([](TestEveryEditUndoable *t) {
        QLineEdit *label = t->m_editor->labelEdit();
        label->setFocus();
        label->selectAll();
        QTest::keyClick(label, Qt::Key_Backspace);
        t->typeInto(label, QStringLiteral("Read my profile"));
        QTest::keyClick(label, Qt::Key_Return);
    }) << QStringLiteral("Rename module 2");
    // The note and the scenario's name are typed in a dialog of the main window, which
    // pushes one command when it is accepted.
    QTest::newRow("a note") << Edit([](TestEveryEditUndoable *t) {
        t->m_stack->push(new SetNoteCommand(t->m_scenario, 2, QStringLiteral("Needs a token")));
    }) << QStringLiteral("Add a note to module 2");
    QTest::newRow("renaming the scenario") << Edit([](TestEveryEditUndoable *t) {
        t->m_stack->push(new RenameScenarioCommand(t->m_scenario, QStringLiteral("Profile")));
    }) << QStringLiteral("Rename the scenario");
    QTest::newRow("typing a connection's name") << Edit([](TestEveryEditUndoable *t) {
        t->typeInto(t->m_connections->nameEdit(), QStringLiteral(" API"));
    }) << QStringLiteral("Edit connection \u201cSandbox\u201d");
    QTest::newRow("adding a connection")
        << Edit([](TestEveryEditUndoable *t) { t->m_connections->addConnection(); })
        << QStringLiteral("Add connection \u201cMy connection 2\u201d");
    QTest::newRow("moving a module") << Edit([](TestEveryEditUndoable *t) {
        t->m_scene->moveModules({{3, QPointF(650, 120)}}, QStringLiteral("Move modules"));
    }) << QStringLiteral("Move module 3");
    QTest::newRow("linking two modules")
        << Edit([](TestEveryEditUndoable *t) { QVERIFY(t->m_scene->connectModules(2, 3)); })
        << QStringLiteral("Link module 2 to module 3");
    QTest::newRow("removing a link") << Edit([](TestEveryEditUndoable *t) {
        t->m_stack->push(new UnlinkCommand(t->m_scenario, 1, 2));
    }) << QStringLiteral("Remove link from module 1 to module 2");
    // The filter editor's OK and the link menu's "Remove the filter" both come down to this.
    QTest::newRow("setting up a filter") << Edit([](TestEveryEditUndoable *t) {
        Filter filter;
        filter.name = QStringLiteral("Big orders");
        FilterCondition condition;
        condition.a = QStringLiteral("{{1.data.total}}");
        condition.o = QStringLiteral("number:greater");
        condition.b = QStringLiteral("100");
        filter.conditions = {{condition}};
        QVERIFY(t->m_scene->setLinkFilter(1, 2, filter));
    }) << QStringLiteral("Set up the filter \u2018Big orders\u2019");
}

void TestEveryEditUndoable::everyEditIsOneUndoStep()
{
    QFETCH(Edit, edit);
    QFETCH(QString, undoText);
    const QByteArray before = snapshot();
    edit(this);
    const QByteArray after = snapshot();
    QVERIFY2(after != before, "the edit changed nothing");
    QCOMPARE(m_stack->count(), 1);
    QCOMPARE(m_stack->undoText(), undoText);
    m_stack->undo();
    QCOMPARE(snapshot(), before);
    m_stack->redo();
    QCOMPARE(snapshot(), after);
}

void TestEveryEditUndoable::typingInOneFieldMerges_data()
{
    QTest::addColumn<int>("field");
    QTest::newRow("URL") << 0;
    QTest::newRow("user name") << 1;
    QTest::newRow("connection name") << 2;
    QTest::newRow("token URL") << 3;
}

void TestEveryEditUndoable::typingInOneFieldMerges()
{
    QFETCH(int, field);
    m_editor->advancedToggle()->click();
    QWidget *const fields[] = {m_editor->urlField(), m_editor->usernameField(),
        m_connections->nameEdit(), m_connections->tokenUrlEdit()};
    const QByteArray before = snapshot();
    // One key at a time, as a person types: each key is an edit of its own.
    for (const QChar c : QStringLiteral("abcdef"))
        typeInto(fields[field], QString(c));
    QVERIFY(snapshot() != before);
    QCOMPARE(m_stack->count(), 1);
    m_stack->undo();
    QCOMPARE(snapshot(), before);
}

void TestEveryEditUndoable::typingInAnotherFieldIsAnotherStep()
{
    typeInto(m_editor->urlField(), QStringLiteral("/me"));
    typeInto(m_connections->nameEdit(), QStringLiteral(" API"));
    typeInto(m_connections->tokenUrlEdit(), QStringLiteral("https://example.com/token"));
    m_editor->setModule(1);
    typeInto(m_editor->urlField(), QStringLiteral("?a=1"));
    QCOMPARE(m_stack->count(), 4);
    QCOMPARE(m_scenario->module(1).config.url, QStringLiteral("https://example.com/token?a=1"));
    m_stack->undo();
    QCOMPARE(m_scenario->module(1).config.url, QStringLiteral("https://example.com/token"));
    QCOMPARE(m_scenario->module(2).config.url, QStringLiteral("/me"));
}

void TestEveryEditUndoable::typingAndErasingLeavesNothingToUndo()
{
    typeInto(m_connections->nameEdit(), QStringLiteral("xy"));
    QCOMPARE(m_stack->count(), 1);
    QTest::keyClick(m_connections->nameEdit(), Qt::Key_Backspace);
    QTest::keyClick(m_connections->nameEdit(), Qt::Key_Backspace);
    QCOMPARE(m_scenario->connections().first().name, QStringLiteral("Sandbox"));
    QCOMPARE(m_stack->count(), 0);
    QVERIFY(!m_stack->canUndo());
}

QTEST_MAIN(TestEveryEditUndoable)
#include "tst_everyeditundoable.moc"
