// The undo commands of the editor: each one's redo/undo/redo effect on the Scenario and the
// text shown in Edit › Undo.

#include "core/model/Scenario.h"
#include "ui/commands/AddModuleCommand.h"
#include "ui/commands/CloneModule.h"
#include "ui/commands/EditModuleConfigCommand.h"
#include "ui/commands/LinkCommand.h"
#include "ui/commands/MoveModuleCommand.h"
#include "ui/commands/RemoveModuleCommand.h"
#include "ui/commands/RenameModuleCommand.h"
#include "ui/commands/SetNoteCommand.h"
#include "ui/commands/UnlinkCommand.h"

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

namespace {

Module makeModule(ModuleId id, const QString &url, const QPointF &position = QPointF())
{
    Module module;
    module.id = id;
    module.config.url = url;
    module.position = position;
    return module;
}

// 1 → 2 → 3, with a label and a note on 2 so that a restore can be checked field by field.
void makeChain(Scenario &scenario)
{
    Module middle = makeModule(2, QStringLiteral("https://api.example.com/me"), {300, 0});
    middle.label = QStringLiteral("Who am I");
    middle.note = QStringLiteral("needs the token");
    middle.config.headers
        = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{1.data.access_token}}")}};
    scenario.reset(QStringLiteral("chain"),
        {makeModule(1, QStringLiteral("https://api.example.com/token")), middle,
            makeModule(3, QStringLiteral("https://api.example.com/items"), {600, 0})},
        {{1, 2}, {2, 3}});
}

} // namespace

class TestUndo : public QObject
{
    Q_OBJECT

private slots:
    void addModule();
    void addModuleLinkedAfter();
    void removeModuleRestoresModuleAndLinks();
    void removeTwoLinkedModulesInOneMacro();
    void moveModule();
    void linkAndUnlink();
    void linkThatExistedIsKeptOnUndo();
    void renameModule();
    void setNote_data();
    void setNote();
    void editConfigText_data();
    void editConfigText();
    void editConfigSwapsWholeConfig();
    void editConfigMergesTypingInOneField();
    void editConfigDoesNotMerge_data();
    void editConfigDoesNotMerge();
    void editConfigTypedBackToStartLeavesNothing();
    void cloneModule();
    void cloneUnknownModuleGivesNothing();
};

void TestUndo::addModule()
{
    Scenario scenario;
    QUndoStack stack;
    QSignalSpy added(&scenario, &Scenario::moduleAdded);
    auto *command = new AddModuleCommand(&scenario, makeModule(0, QStringLiteral("https://a")));
    QCOMPARE(command->moduleId(), 1);
    QCOMPARE(command->text(), QStringLiteral("Add module 1"));
    stack.push(command);
    QCOMPARE(scenario.modules().size(), 1);
    QCOMPARE(scenario.module(1).config.url, QStringLiteral("https://a"));
    QCOMPARE(added.count(), 1);
    QCOMPARE(stack.undoText(), QStringLiteral("Add module 1"));

    stack.undo();
    QVERIFY(scenario.modules().isEmpty());
    // Ids are never reused: something added now gets 2, and redo still brings back 1.
    QCOMPARE(scenario.nextId(), 2);
    stack.redo();
    QCOMPARE(scenario.modules().size(), 1);
    QVERIFY(scenario.contains(1));
    QCOMPARE(scenario.module(1).config.url, QStringLiteral("https://a"));
}

void TestUndo::addModuleLinkedAfter()
{
    Scenario scenario;
    scenario.addModule(makeModule(1, QStringLiteral("https://a")));
    QUndoStack stack;
    stack.push(new AddModuleCommand(&scenario, makeModule(0, QStringLiteral("https://b")), 1));
    QCOMPARE(scenario.modules().size(), 2);
    QCOMPARE(scenario.links(), (QList<Link> {{1, 2}}));
    QCOMPARE(stack.count(), 1);
    stack.undo();
    QCOMPARE(scenario.modules().size(), 1);
    QVERIFY(scenario.links().isEmpty());
    stack.redo();
    QCOMPARE(scenario.links(), (QList<Link> {{1, 2}}));
    QCOMPARE(scenario.runOrder(), (QList<ModuleId> {1, 2}));
}

void TestUndo::removeModuleRestoresModuleAndLinks()
{
    Scenario scenario;
    makeChain(scenario);
    const Module before = scenario.module(2);
    QUndoStack stack;
    stack.push(new RemoveModuleCommand(&scenario, 2));
    QCOMPARE(stack.undoText(), QStringLiteral("Delete module 2"));
    QVERIFY(!scenario.contains(2));
    QVERIFY(scenario.links().isEmpty());

    stack.undo();
    QVERIFY(scenario.contains(2));
    QCOMPARE(scenario.module(2), before);
    QCOMPARE(scenario.links().size(), 2);
    QVERIFY(scenario.links().contains(Link {1, 2}));
    QVERIFY(scenario.links().contains(Link {2, 3}));
    QCOMPARE(scenario.runOrder(), (QList<ModuleId> {1, 2, 3}));

    stack.redo();
    QVERIFY(!scenario.contains(2));
    QVERIFY(scenario.links().isEmpty());
}

void TestUndo::removeTwoLinkedModulesInOneMacro()
{
    Scenario scenario;
    makeChain(scenario);
    QUndoStack stack;
    stack.beginMacro(QStringLiteral("Delete 2 modules"));
    stack.push(new RemoveModuleCommand(&scenario, 2));
    stack.push(new RemoveModuleCommand(&scenario, 3));
    stack.endMacro();
    QCOMPARE(scenario.modules().size(), 1);
    QCOMPARE(stack.count(), 1);

    stack.undo();
    QCOMPARE(scenario.modules().size(), 3);
    // The link between the two deleted modules comes back too.
    QCOMPARE(scenario.links().size(), 2);
    QVERIFY(scenario.links().contains(Link {2, 3}));
    stack.redo();
    QCOMPARE(scenario.modules().size(), 1);
    QVERIFY(scenario.links().isEmpty());
}

void TestUndo::moveModule()
{
    Scenario scenario;
    makeChain(scenario);
    QUndoStack stack;
    QSignalSpy moved(&scenario, &Scenario::moduleMoved);
    stack.push(new MoveModuleCommand(&scenario, 3, {600, 0}, {650, 120}));
    QCOMPARE(stack.undoText(), QStringLiteral("Move module 3"));
    QCOMPARE(scenario.module(3).position, QPointF(650, 120));
    stack.undo();
    QCOMPARE(scenario.module(3).position, QPointF(600, 0));
    stack.redo();
    QCOMPARE(scenario.module(3).position, QPointF(650, 120));
    QCOMPARE(moved.count(), 3);
}

void TestUndo::linkAndUnlink()
{
    Scenario scenario;
    makeChain(scenario);
    QUndoStack stack;
    stack.push(new LinkCommand(&scenario, 1, 3));
    QCOMPARE(stack.undoText(), QStringLiteral("Link module 1 to module 3"));
    QVERIFY(scenario.links().contains(Link {1, 3}));
    stack.undo();
    QVERIFY(!scenario.links().contains(Link {1, 3}));
    stack.redo();
    QVERIFY(scenario.links().contains(Link {1, 3}));

    stack.push(new UnlinkCommand(&scenario, 2, 3));
    QCOMPARE(stack.undoText(), QStringLiteral("Remove link from module 2 to module 3"));
    QVERIFY(!scenario.links().contains(Link {2, 3}));
    stack.undo();
    QVERIFY(scenario.links().contains(Link {2, 3}));
    stack.redo();
    QVERIFY(!scenario.links().contains(Link {2, 3}));
}

void TestUndo::linkThatExistedIsKeptOnUndo()
{
    Scenario scenario;
    makeChain(scenario);
    QUndoStack stack;
    stack.push(new LinkCommand(&scenario, 1, 2));
    stack.undo();
    QVERIFY(scenario.links().contains(Link {1, 2}));
}

void TestUndo::renameModule()
{
    Scenario scenario;
    makeChain(scenario);
    QUndoStack stack;
    stack.push(new RenameModuleCommand(&scenario, 1, QStringLiteral("Get a token")));
    QCOMPARE(stack.undoText(), QStringLiteral("Rename module 1"));
    QCOMPARE(scenario.module(1).displayName(), QStringLiteral("Get a token"));
    stack.undo();
    QCOMPARE(scenario.module(1).label, QString());
    QCOMPARE(scenario.module(1).displayName(), QStringLiteral("Make a request"));
    stack.redo();
    QCOMPARE(scenario.module(1).label, QStringLiteral("Get a token"));
}

void TestUndo::setNote_data()
{
    QTest::addColumn<ModuleId>("module");
    QTest::addColumn<QString>("note");
    QTest::addColumn<QString>("text");
    QTest::newRow("add") << 1 << QStringLiteral("first")
                         << QStringLiteral("Add a note to module 1");
    QTest::newRow("edit") << 2 << QStringLiteral("other")
                          << QStringLiteral("Edit the note of module 2");
    QTest::newRow("remove") << 2 << QString() << QStringLiteral("Remove the note of module 2");
}

void TestUndo::setNote()
{
    QFETCH(ModuleId, module);
    QFETCH(QString, note);
    QFETCH(QString, text);
    Scenario scenario;
    makeChain(scenario);
    const QString before = scenario.module(module).note;
    QUndoStack stack;
    stack.push(new SetNoteCommand(&scenario, module, note));
    QCOMPARE(stack.undoText(), text);
    QCOMPARE(scenario.module(module).note, note);
    stack.undo();
    QCOMPARE(scenario.module(module).note, before);
    stack.redo();
    QCOMPARE(scenario.module(module).note, note);
}

void TestUndo::editConfigText_data()
{
    QTest::addColumn<QString>("fieldKey");
    QTest::addColumn<QString>("text");
    QTest::newRow("url") << QStringLiteral("url") << QStringLiteral("Edit URL of module 1");
    QTest::newRow("method") << QStringLiteral("method")
                            << QStringLiteral("Edit method of module 1");
    QTest::newRow("headers") << QStringLiteral("headers")
                             << QStringLiteral("Edit headers of module 1");
    QTest::newRow("raw content") << QStringLiteral("body.content")
                                 << QStringLiteral("Edit request content of module 1");
    QTest::newRow("no field") << QString() << QStringLiteral("Edit settings of module 1");
    QTest::newRow("unknown key") << QStringLiteral("x-custom")
                                 << QStringLiteral("Edit x-custom of module 1");
}

void TestUndo::editConfigText()
{
    QFETCH(QString, fieldKey);
    QFETCH(QString, text);
    Scenario scenario;
    makeChain(scenario);
    HttpRequestSpec config = scenario.module(1).config;
    config.url += QStringLiteral("?x=1");
    EditModuleConfigCommand command(&scenario, 1, config, fieldKey);
    QCOMPARE(command.text(), text);
}

void TestUndo::editConfigSwapsWholeConfig()
{
    Scenario scenario;
    makeChain(scenario);
    const HttpRequestSpec before = scenario.module(2).config;
    HttpRequestSpec after = before;
    after.method = QStringLiteral("POST");
    after.bodyType = BodyType::Raw;
    after.rawContent = QStringLiteral("{\"a\":1}");
    QUndoStack stack;
    QSignalSpy changed(&scenario, &Scenario::moduleChanged);
    stack.push(new EditModuleConfigCommand(&scenario, 2, after, QStringLiteral("body")));
    QCOMPARE(scenario.module(2).config, after);
    stack.undo();
    QCOMPARE(scenario.module(2).config, before);
    stack.redo();
    QCOMPARE(scenario.module(2).config, after);
    QCOMPARE(changed.count(), 3);
}

void TestUndo::editConfigMergesTypingInOneField()
{
    Scenario scenario;
    makeChain(scenario);
    const QString original = scenario.module(1).config.url;
    QUndoStack stack;
    HttpRequestSpec config = scenario.module(1).config;
    for (const QChar c : QStringLiteral("?a=1")) {
        config.url += c;
        stack.push(new EditModuleConfigCommand(&scenario, 1, config, QStringLiteral("url")));
    }
    QCOMPARE(scenario.module(1).config.url, original + QStringLiteral("?a=1"));
    QCOMPARE(stack.count(), 1);
    QCOMPARE(stack.undoText(), QStringLiteral("Edit URL of module 1"));
    stack.undo();
    QCOMPARE(scenario.module(1).config.url, original);
    stack.redo();
    QCOMPARE(scenario.module(1).config.url, original + QStringLiteral("?a=1"));
}

void TestUndo::editConfigDoesNotMerge_data()
{
    QTest::addColumn<ModuleId>("secondModule");
    QTest::addColumn<QString>("secondKey");
    QTest::newRow("other field") << 1 << QStringLiteral("method");
    QTest::newRow("other module") << 2 << QStringLiteral("url");
    QTest::newRow("whole config") << 1 << QString();
}

void TestUndo::editConfigDoesNotMerge()
{
    QFETCH(ModuleId, secondModule);
    QFETCH(QString, secondKey);
    Scenario scenario;
    makeChain(scenario);
    QUndoStack stack;
    HttpRequestSpec first = scenario.module(1).config;
    first.url += QStringLiteral("/x");
    stack.push(new EditModuleConfigCommand(&scenario, 1, first, QStringLiteral("url")));
    HttpRequestSpec second = scenario.module(secondModule).config;
    second.url += QStringLiteral("/y");
    second.method = QStringLiteral("PUT");
    stack.push(new EditModuleConfigCommand(&scenario, secondModule, second, secondKey));
    QCOMPARE(stack.count(), 2);
    stack.undo();
    QCOMPARE(scenario.module(1).config.url, first.url);
    stack.undo();
    QCOMPARE(scenario.module(1).config.url, QStringLiteral("https://api.example.com/token"));
}

void TestUndo::editConfigTypedBackToStartLeavesNothing()
{
    Scenario scenario;
    makeChain(scenario);
    QUndoStack stack;
    HttpRequestSpec config = scenario.module(1).config;
    const QString original = config.url;
    config.url += QLatin1Char('x');
    stack.push(new EditModuleConfigCommand(&scenario, 1, config, QStringLiteral("url")));
    config.url = original;
    stack.push(new EditModuleConfigCommand(&scenario, 1, config, QStringLiteral("url")));
    QCOMPARE(scenario.module(1).config.url, original);
    QCOMPARE(stack.count(), 0);
    QVERIFY(!stack.canUndo());
}

void TestUndo::cloneModule()
{
    Scenario scenario;
    makeChain(scenario);
    QUndoStack stack;
    AddModuleCommand *command = CloneModule::makeCommand(&scenario, 2);
    QVERIFY(command);
    QCOMPARE(command->moduleId(), 4);
    QCOMPARE(command->text(), QStringLiteral("Clone module 2"));
    stack.push(command);
    const Module original = scenario.module(2);
    const Module clone = scenario.module(4);
    QCOMPARE(clone.id, 4);
    QCOMPARE(clone.config, original.config);
    QCOMPARE(clone.label, original.label);
    QCOMPARE(clone.position, original.position + CloneModule::defaultOffset());
    QVERIFY(clone.position != original.position);
    // A clone is not linked: it would run twice in the chain otherwise.
    QCOMPARE(scenario.links().size(), 2);

    stack.undo();
    QVERIFY(!scenario.contains(4));
    stack.redo();
    QVERIFY(scenario.contains(4));
    QCOMPARE(scenario.module(4).config, original.config);
}

void TestUndo::cloneUnknownModuleGivesNothing()
{
    Scenario scenario;
    makeChain(scenario);
    QVERIFY(!CloneModule::makeCommand(&scenario, 42));
}

QTEST_MAIN(TestUndo)
#include "tst_undo.moc"
