// MappingPanel: while a field has the focus, clicking an earlier module's value (or a
// function, or a keyword) puts the right {{…}} into the field at its cursor.

#include "core/mapping/MappingFunctions.h"
#include "core/model/Scenario.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"

#include <QAbstractItemModelTester>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

#include <memory>

class TestMappingPanel : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void followsTheFocusedField();
    void clickInsertsTokenTypeAndAccessToken();
    void headerByName();
    void arrayItemAndWholeArray();
    void oddKeysInBackticks();
    void functionPutsCursorInside();
    void everyFunctionOfTheLibraryIsListed();
    void keywordsAndSandbox();
    void knownShapeBeforeAnyRun();
    void runOnceBeforeMapping();
    void runButtonFocusGoesBackToTheField();
    void onlyEarlierModulesAreListed();
    void dragCarriesTheMapping();
    void enterInsertsTheCurrentItem();
    void searchNarrowsTheTree();
    void hugeListsAreCapped();

private:
    QStandardItem *itemAt(const QStringList &path) const;
    void click(const QStringList &path);

    std::unique_ptr<QWidget> m_window;
    Scenario *m_scenario = nullptr;
    MappingField *m_field = nullptr;
    MappingPanel *m_panel = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

namespace {

QJsonObject tokenOutput()
{
    return QJsonObject {
        {QStringLiteral("statusCode"), 200},
        {QStringLiteral("headers"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("Content-Type")},
                            {QStringLiteral("value"), QStringLiteral("application/json")}},
                QJsonObject {{QStringLiteral("name"), QStringLiteral("Date")},
                    {QStringLiteral("value"), QStringLiteral("today")}}}},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("data"),
            QJsonObject {{QStringLiteral("access_token"), QStringLiteral("abc123")},
                {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                {QStringLiteral("expires_in"), 3600},
                {QStringLiteral("first name"), QStringLiteral("Ada")},
                {QStringLiteral("items"),
                    QJsonArray {QJsonObject {{QStringLiteral("id"), 5}},
                        QJsonObject {{QStringLiteral("id"), 6}}}}}},
    };
}

} // namespace

void TestMappingPanel::init()
{
    m_window = std::make_unique<QWidget>();
    m_scenario = new Scenario(m_window.get());
    Module first;
    first.label = QStringLiteral("Get token");
    Module second;
    Module third;
    m_scenario->addModule(first);
    m_scenario->addModule(second);
    m_scenario->addModule(third);
    m_scenario->link(1, 2);
    m_scenario->link(2, 3);

    m_field = new MappingField(m_window.get());
    m_field->setAvailableModules({1}, {1, 2, 3}, 2);
    m_panel = new MappingPanel(m_window.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_panel->setScenario(m_scenario);
    m_panel->setModuleOutput(1, QStringLiteral("Get token"), tokenOutput());

    auto *layout = new QHBoxLayout(m_window.get());
    layout->addWidget(m_field);
    layout->addWidget(m_panel);
    m_window->resize(800, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_field->setFocus();
    QTRY_COMPARE(m_panel->targetField(), m_field);
}

void TestMappingPanel::cleanup()
{
    m_tester.reset();
    m_window.reset();
}

QStandardItem *TestMappingPanel::itemAt(const QStringList &path) const
{
    MappingTreeModel *model = m_panel->model();
    QStandardItem *item = nullptr;
    for (const QString &name : path)
        item = item ? MappingTreeModel::child(item, name) : model->topLevel(name);
    return item;
}

void TestMappingPanel::click(const QStringList &path)
{
    QStandardItem *item = itemAt(path);
    QVERIFY2(item, qPrintable(path.join(QLatin1Char('/'))));
    const QModelIndex index = m_panel->viewIndex(item->index());
    m_panel->view()->scrollTo(index);
    const QRect rect = m_panel->view()->visualRect(index);
    QVERIFY(rect.isValid());
    QTest::mouseClick(m_panel->view()->viewport(), Qt::LeftButton, {}, rect.center());
}

void TestMappingPanel::followsTheFocusedField()
{
    auto *other = new MappingField(m_window.get());
    m_window->layout()->addWidget(other);
    QSignalSpy changed(m_panel, &MappingPanel::targetFieldChanged);
    other->setFocus();
    QTRY_COMPARE(m_panel->targetField(), other);
    QCOMPARE(changed.count(), 1);
}

void TestMappingPanel::clickInsertsTokenTypeAndAccessToken()
{
    // Step 5 of the journey: the Authorization header's value, picked, not typed.
    click({QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("token_type")});
    QCOMPARE(m_field->text(), QStringLiteral("{{1.data.token_type}}"));
    QTRY_VERIFY(m_field->hasFocus()); // the focus goes back, so typing continues there
    QTest::keyClick(m_field, Qt::Key_Space);
    click({QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("access_token")});
    QCOMPARE(m_field->text(), QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}"));
    QVERIFY(!m_field->hasProblems());
}

void TestMappingPanel::headerByName()
{
    click({QStringLiteral("1. Get token"), QStringLiteral("headers"),
        QStringLiteral("content-type")});
    QCOMPARE(m_field->text(), QStringLiteral("{{1.headers.`content-type`}}"));
    m_field->clear();
    click({QStringLiteral("1. Get token"), QStringLiteral("headers"), QStringLiteral("date")});
    QCOMPARE(m_field->text(), QStringLiteral("{{1.headers.date}}"));
}

void TestMappingPanel::arrayItemAndWholeArray()
{
    QStandardItem *items
        = itemAt({QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("items")});
    QVERIFY(items);
    QCOMPARE(items->rowCount(), 3); // [] and the two items, numbered from 1
    QCOMPARE(items->child(1)->text(), QStringLiteral("1"));
    m_panel->view()->expand(m_panel->viewIndex(items->index()));
    m_panel->view()->expand(m_panel->viewIndex(items->child(2)->index()));
    click({QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("items"),
        QStringLiteral("2"), QStringLiteral("id")});
    QCOMPARE(m_field->text(), QStringLiteral("{{1.data.items[2].id}}"));
    m_field->clear();
    click({QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("items"),
        QStringLiteral("[]")});
    QCOMPARE(m_field->text(), QStringLiteral("{{1.data.items[]}}"));
    QVERIFY(!m_field->hasProblems());
}

void TestMappingPanel::oddKeysInBackticks()
{
    click({QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("first name")});
    QCOMPARE(m_field->text(), QStringLiteral("{{1.data.`first name`}}"));
    QVERIFY(!m_field->hasProblems());
}

void TestMappingPanel::functionPutsCursorInside()
{
    m_panel->view()->expand(m_panel->viewIndex(itemAt({QStringLiteral("Functions")})->index()));
    m_panel->view()->expand(m_panel->viewIndex(
        itemAt({QStringLiteral("Functions"), QStringLiteral("Text and binary")})->index()));
    click(
        {QStringLiteral("Functions"), QStringLiteral("Text and binary"), QStringLiteral("lower")});
    QCOMPARE(m_field->text(), QStringLiteral("{{lower()}}"));
    QCOMPARE(m_field->textCursor().position(), 8);
    click({QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("access_token")});
    QCOMPARE(m_field->text(), QStringLiteral("{{lower(1.data.access_token)}}"));
    QVERIFY(!m_field->hasProblems());

    // Two values: the separator is already there.
    QStandardItem *replace = itemAt({QStringLiteral("Functions"), QStringLiteral("Text and binary"),
        QStringLiteral("replace")});
    QCOMPARE(replace->data(MappingTreeModel::ExpressionRole).toString(),
        QStringLiteral("replace(; ; )"));
}

void TestMappingPanel::everyFunctionOfTheLibraryIsListed()
{
    // One list of functions: what the evaluator knows is what the panel offers.
    QStandardItem *functions = itemAt({QStringLiteral("Functions")});
    QVERIFY(functions);
    QSet<QString> listed;
    for (int group = 0; group < functions->rowCount(); ++group) {
        QStandardItem *category = functions->child(group);
        for (int row = 0; row < category->rowCount(); ++row)
            listed.insert(category->child(row)->text());
    }
    const QList<const MappingFunction *> library = MappingFunctions::all();
    QCOMPARE(listed.size(), library.size());
    for (const MappingFunction *function : library)
        QVERIFY2(listed.contains(QLatin1String(function->name)), function->name);
    // A keyword goes in as it is written; a function with its separators.
    QCOMPARE(itemAt({QStringLiteral("Functions"), QStringLiteral("Date and time"),
                        QStringLiteral("now")})
                 ->data(MappingTreeModel::ExpressionRole)
                 .toString(),
        QStringLiteral("now"));
    QCOMPARE(itemAt({QStringLiteral("Functions"), QStringLiteral("Arrays"), QStringLiteral("map")})
                 ->data(MappingTreeModel::ExpressionRole)
                 .toString(),
        QStringLiteral("map(; )"));
}

void TestMappingPanel::keywordsAndSandbox()
{
    m_panel->view()->expand(m_panel->viewIndex(itemAt({QStringLiteral("Sandbox")})->index()));
    click({QStringLiteral("Sandbox"), QStringLiteral("url")});
    QCOMPARE(m_field->text(), QStringLiteral("{{sandbox.url}}"));
    m_panel->view()->expand(m_panel->viewIndex(itemAt({QStringLiteral("Keywords")})->index()));
    click({QStringLiteral("Keywords"), QStringLiteral("newline")});
    QCOMPARE(m_field->text(), QStringLiteral("{{sandbox.url}}{{newline}}"));
    QVERIFY(!m_field->hasProblems());
}

void TestMappingPanel::knownShapeBeforeAnyRun()
{
    m_panel->clearModuleOutputs();
    QStandardItem *module = itemAt({QStringLiteral("1. Get token")});
    QVERIFY(module);
    QStringList names;
    for (int row = 0; row < module->rowCount(); ++row)
        names << module->child(row)->text();
    // No "data" that would insert the whole unknown answer.
    QCOMPARE(names,
        (QStringList {
            QStringLiteral("statusCode"), QStringLiteral("headers"), QStringLiteral("cookies")}));
    click({QStringLiteral("1. Get token"), QStringLiteral("statusCode")});
    QCOMPARE(m_field->text(), QStringLiteral("{{1.statusCode}}"));
}

void TestMappingPanel::runOnceBeforeMapping()
{
    m_panel->clearModuleOutputs();
    m_field->setText(QStringLiteral("Bearer  here"));
    QTextCursor cursor = m_field->textCursor();
    cursor.setPosition(7);
    m_field->setTextCursor(cursor);

    QPushButton *button = m_panel->runButton(1);
    QVERIFY(button);
    QVERIFY(button->isVisible());
    QCOMPARE(button->text(), QStringLiteral("Run module 1"));
    // The sentence is shown whole, wrapped in the panel's width, never cut.
    QLabel *sentence = nullptr;
    for (QLabel *label : m_panel->findChildren<QLabel *>()) {
        if (label->text() == QStringLiteral("Run module 1 once to see what it returns."))
            sentence = label;
    }
    QVERIFY(sentence);
    QVERIFY(sentence->isVisible());
    QVERIFY(sentence->wordWrap());
    QVERIFY(sentence->height() >= sentence->heightForWidth(sentence->width()));
    QVERIFY(sentence->geometry().right() < button->geometry().left() + 1);

    QSignalSpy requested(m_panel, &MappingPanel::runModuleRequested);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().value<ModuleId>(), ModuleId(1));
    QVERIFY(m_field->hasFocus());

    // The run finishes: the values appear in place, the field keeps its focus and cursor.
    m_panel->setModuleOutput(1, QStringLiteral("Get token"), tokenOutput());
    QVERIFY(!m_panel->runButton(1));
    QVERIFY(itemAt(
        {QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("access_token")}));
    QVERIFY(m_field->hasFocus());
    QCOMPARE(m_field->textCursor().position(), 7);
    click({QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("access_token")});
    QCOMPARE(m_field->text(), QStringLiteral("Bearer {{1.data.access_token}} here"));
}

void TestMappingPanel::runButtonFocusGoesBackToTheField()
{
    m_panel->clearModuleOutputs();
    QPushButton *button = m_panel->runButton(1);
    QVERIFY(button);
    button->setFocus(Qt::TabFocusReason); // reached with Tab
    QVERIFY(button->hasFocus());
    m_panel->setModuleOutput(1, QStringLiteral("Get token"), tokenOutput());
    QVERIFY(m_field->hasFocus());
}

void TestMappingPanel::onlyEarlierModulesAreListed()
{
    m_panel->setModuleOutput(3, QString(), tokenOutput());
    QVERIFY(m_panel->model()->moduleItem(1));
    QVERIFY(!m_panel->model()->moduleItem(2)); // the field's own module
    QVERIFY(!m_panel->model()->moduleItem(3)); // runs later

    auto *last = new MappingField(m_window.get());
    last->setAvailableModules({1, 2}, {1, 2, 3}, 3);
    m_window->layout()->addWidget(last);
    last->setFocus();
    QTRY_VERIFY(m_panel->model()->moduleItem(2));
    QVERIFY(m_panel->model()->moduleItem(1));
}

void TestMappingPanel::dragCarriesTheMapping()
{
    QStandardItem *token = itemAt(
        {QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("access_token")});
    QVERIFY(token->flags() & Qt::ItemIsDragEnabled);
    std::unique_ptr<QMimeData> mime(m_panel->model()->mimeData({token->index()}));
    QVERIFY(mime);
    QCOMPARE(mime->text(), QStringLiteral("{{1.data.access_token}}"));
    // A category inserts nothing and cannot be dragged.
    QVERIFY(!(itemAt({QStringLiteral("Functions")})->flags() & Qt::ItemIsDragEnabled));
}

void TestMappingPanel::enterInsertsTheCurrentItem()
{
    QStandardItem *type = itemAt(
        {QStringLiteral("1. Get token"), QStringLiteral("data"), QStringLiteral("token_type")});
    m_panel->view()->setFocus();
    m_panel->view()->setCurrentIndex(m_panel->viewIndex(type->index()));
    QTest::keyClick(m_panel->view(), Qt::Key_Return);
    QCOMPARE(m_field->text(), QStringLiteral("{{1.data.token_type}}"));
}

void TestMappingPanel::searchNarrowsTheTree()
{
    auto *search = m_panel->findChild<QLineEdit *>();
    QVERIFY(search);
    QTest::keyClicks(search, QStringLiteral("expires"));
    // Only the path to expires_in stays: the module, then data, then the value.
    QAbstractItemModel *shown = m_panel->view()->model();
    QCOMPARE(shown->rowCount(), 1);
    const QModelIndex module = shown->index(0, 0);
    QCOMPARE(shown->rowCount(module), 1);
    const QModelIndex data = shown->index(0, 0, module);
    QCOMPARE(shown->index(0, 0, data).data().toString(), QStringLiteral("expires_in"));
}

void TestMappingPanel::hugeListsAreCapped()
{
    QJsonArray many;
    for (int i = 0; i < 20000; ++i)
        many.append(i);
    QJsonObject output = tokenOutput();
    output.insert(QStringLiteral("data"), many);
    m_panel->setModuleOutput(1, QStringLiteral("Get token"), output);
    QStandardItem *data = itemAt({QStringLiteral("1. Get token"), QStringLiteral("data")});
    QVERIFY(data);
    QVERIFY(data->rowCount() <= MappingTreeModel::MaxArrayItems + 2);
    QVERIFY(data->child(data->rowCount() - 1)->text().contains(QStringLiteral("more")));
}

QTEST_MAIN(TestMappingPanel)
#include "tst_mappingpanel.moc"
