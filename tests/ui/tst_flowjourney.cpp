#include "UiJourney.h"
#include "UiTestSupport.h"
#include "core/flow/BundleScheduler.h"
#include "core/kinds/arrayaggregator/ArrayAggregatorKind.h"
#include "core/kinds/iterator/IteratorKind.h"
#include "core/kinds/resume/ResumeKind.h"
#include "core/kinds/router/RouterKind.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/MainWindow.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/LinkItem.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/filters/FilterEditor.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/inspector/OperationListModel.h"
#include "ui/kinds/KindForm.h"
#include "ui/kinds/KindSettingsPage.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"
#include "ui/mapping/MappingTreeModel.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <memory>

/// The flow-control journey of docs/flow-control.md done through the widgets as a person
/// would, with no syntax typed: a token, the items, an iterator, a router with two filtered
/// routes (a request per pen, an aggregator of the cheap items), an error route with Resume;
/// run, read every operation and what the filters stopped, save, reopen, run headless.
class TestFlowJourney : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_kinds; // what the person chooses in the kind picker next

    static QAction *menuAction(QMenu *menu, const QString &text)
    {
        for (QAction *action : menu->actions()) {
            if (action->text() == text)
                return action;
        }
        return nullptr;
    }

    /// Right-click on module `id`, then the entry `text`.
    static bool chooseInMenu(ScenarioScene *scene, ModuleId id, const QString &text)
    {
        std::unique_ptr<QMenu> menu(scene->createModuleMenu(id));
        QAction *action = menuAction(menu.get(), text);
        if (!action || !action->isEnabled())
            return false;
        action->trigger();
        return true;
    }

    /// Clicks into `field`, then on `expression` in the window's mapping panel.
    static bool pickInto(MainWindow &window, MappingField *field, const QString &expression)
    {
        field->setFocus();
        field->moveCursor(QTextCursor::End);
        window.mappingPanel()->setTargetField(field);
        return UiJourney::pick(window.mappingPanel(), expression);
    }

    /// The filter editor's picker: clicks into `field`, then on `expression`.
    static bool pickInFilter(FilterEditor *editor, MappingField *field, const QString &expression)
    {
        QTest::mouseClick(field->viewport(), Qt::LeftButton, {}, QPoint(5, 5));
        if (editor->picker()->targetField() != field)
            return false;
        return UiJourney::pick(editor->picker(), expression);
    }

    static bool chooseWords(QComboBox *box, const QString &words)
    {
        for (int i = 0; i < box->count(); ++i) {
            if (box->itemText(i).trimmed() == words) {
                box->setFocus();
                box->setCurrentIndex(i);
                return true;
            }
        }
        return false;
    }

    /// Clicks the round sign in the middle of the link, as a person does.
    static FilterEditor *openFilter(MainWindow &window, ModuleId from, ModuleId to)
    {
        ScenarioScene *scene = window.scene();
        LinkItem *link = scene->linkItem(from, to);
        if (!link)
            return nullptr;
        FilterEditor *opened = nullptr;
        auto connection = QObject::connect(scene, &ScenarioScene::filterEditorOpened, scene,
            [&opened](FilterEditor *editor) { opened = editor; });
        CanvasView *view = window.canvasView();
        const QPointF centre = link->mapToScene(link->filterSignRect().center());
        view->centerOn(centre);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(centre));
        QObject::disconnect(connection);
        if (opened && !QTest::qWaitForWindowExposed(opened))
            return nullptr;
        return opened;
    }

    /// Builds a one-condition filter in the editor: name, a picked value, an operator from
    /// the list, a typed value; then OK.
    static bool buildFilter(MainWindow &window, ModuleId from, ModuleId to, const QString &name,
        const QString &field, const QString &words, const QString &value)
    {
        FilterEditor *editor = openFilter(window, from, to);
        if (!editor)
            return false;
        editor->nameEdit()->setFocus();
        QTest::keyClicks(editor->nameEdit(), name);
        if (!pickInFilter(editor, editor->firstValueField(0, 0), field))
            return false;
        if (!chooseWords(editor->operatorBox(0, 0), words))
            return false;
        QTest::keyClicks(editor->secondValueField(0, 0), value);
        QTest::mouseClick(editor->okButton(), Qt::LeftButton);
        return !editor->isVisible();
    }

    static QJsonObject moduleOf(const QJsonObject &report, int id)
    {
        for (const QJsonValue &module : report.value(QStringLiteral("modules")).toArray()) {
            if (module[QStringLiteral("id")].toInt() == id)
                return module.toObject();
        }
        return {};
    }

    static QStringList names(const QJsonArray &items)
    {
        QStringList list;
        for (const QJsonValue &item : items)
            list << item[QStringLiteral("name")].toString();
        return list;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    void iteratorRouterFiltersAndResumeThroughTheWidgets()
    {
        MainWindow::Options options = UiTestSupport::windowOptions(m_dir);
        options.chooseKind = [this](QWidget *, KindPicker::Place) {
            return m_kinds.isEmpty() ? QString() : m_kinds.takeFirst();
        };
        MainWindow window(options);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString sandbox = window.sandbox()->baseUrl().toString();
        window.newScenario();
        ScenarioScene *scene = window.scene();
        ModuleEditor *editor = window.moduleEditor();
        QAction *runSelected = nullptr;
        for (QAction *a : window.findChildren<QAction *>()) {
            if (a->text().contains(QLatin1String("module only")))
                runSelected = a;
        }
        QVERIFY(runSelected);

        // 1: the token, run alone.
        m_kinds << Module::httpRequestType();
        emit scene->addModuleRequested(QPointF(0, 0), 0);
        QCOMPARE(editor->module(), 1);
        QVERIFY(UiJourney::choose(editor->methodCombo(), QStringLiteral("POST")));
        UiJourney::type(editor->urlField(), sandbox + QStringLiteral("/oauth/token"));
        QVERIFY(UiJourney::choose(editor->bodyTypeCombo(), QStringLiteral("Form fields")));
        KeyValueTable *fields = editor->urlEncodedTable();
        const QList<QPair<QString, QString>> pairs {
            {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
            {QStringLiteral("client_id"), SandboxServer::demoClientId()},
            {QStringLiteral("client_secret"), SandboxServer::demoClientSecret()}};
        for (int i = 0; i < pairs.size(); ++i) {
            fields->addButton()->click();
            UiJourney::type(fields->nameField(i), pairs[i].first);
            UiJourney::type(fields->valueField(i), pairs[i].second);
        }
        scene->selectModule(1);
        QVERIFY(UiJourney::runAndWait(window, runSelected));

        // 2: five items, with the token picked from module 1; run alone too.
        m_kinds << Module::httpRequestType();
        emit scene->addModuleRequested(QPointF(300, 0), 1);
        QCOMPARE(editor->module(), 2);
        UiJourney::type(editor->urlField(), sandbox + QStringLiteral("/api/items?per_page=5"));
        KeyValueTable *headers = editor->headersTable();
        headers->addButton()->click();
        UiJourney::type(headers->nameField(0), QStringLiteral("Authorization"));
        MappingField *authorization = headers->valueField(0);
        QVERIFY(pickInto(window, authorization, QStringLiteral("1.data.token_type")));
        UiJourney::type(authorization, QStringLiteral(" "));
        QVERIFY(pickInto(window, authorization, QStringLiteral("1.data.access_token")));
        QCOMPARE(window.scenario()->module(2).config.headers.first().value,
            QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}"));
        scene->selectModule(2);
        QVERIFY(UiJourney::runAndWait(window, runSelected));

        // 3: the iterator, its list picked from module 2's answer.
        m_kinds << IteratorConfig::typeName();
        emit scene->addModuleRequested(QPointF(600, 0), 2);
        QCOMPARE(editor->module(), 3);
        QCOMPARE(window.scenario()->module(3).type, IteratorConfig::typeName());
        KindForm *form = editor->kindPage()->form();
        QVERIFY(form);
        auto *list = form->findChild<MappingField *>(QStringLiteral("array"));
        QVERIFY(list);
        QVERIFY(pickInto(window, list, QStringLiteral("2.data.items")));
        QCOMPARE(window.scenario()->module(3).settings.as<IteratorConfig>()->array,
            QStringLiteral("{{2.data.items}}"));

        // 4: the router; a run so far lets the item's fields be picked.
        m_kinds << RouterConfig::typeName();
        emit scene->addModuleRequested(QPointF(900, 0), 3);
        QCOMPARE(window.scenario()->module(4).type, RouterConfig::typeName());
        QVERIFY(UiJourney::runAndWait(window, window.runOnceAction()));

        // Route 1, module 5: the item again, at /api/items/{id}0, with the token.
        m_kinds << Module::httpRequestType();
        QVERIFY(chooseInMenu(scene, 4, QStringLiteral("Add a route")));
        QCOMPARE(editor->module(), 5);
        UiJourney::type(editor->urlField(), sandbox + QStringLiteral("/api/items/"));
        QVERIFY(pickInto(window, editor->urlField(), QStringLiteral("3.id")));
        UiJourney::type(editor->urlField(), QStringLiteral("0"));
        QCOMPARE(window.scenario()->module(5).config.url,
            sandbox + QStringLiteral("/api/items/{{3.id}}0"));
        headers = editor->headersTable();
        headers->addButton()->click();
        UiJourney::type(headers->nameField(0), QStringLiteral("Authorization"));
        authorization = headers->valueField(0);
        QVERIFY(pickInto(window, authorization, QStringLiteral("1.data.token_type")));
        UiJourney::type(authorization, QStringLiteral(" "));
        QVERIFY(pickInto(window, authorization, QStringLiteral("1.data.access_token")));
        QVERIFY(buildFilter(window, 4, 5, QStringLiteral("Pens"), QStringLiteral("3.name"),
            QStringLiteral("Text: contains (case insensitive)"), QStringLiteral("pen")));
        const Filter pens = window.scenario()->findLink(4, 5)->filter;
        QCOMPARE(pens.name, QStringLiteral("Pens"));
        QCOMPARE(pens.conditions.size(), 1);
        QCOMPARE(pens.conditions[0].size(), 1);
        QCOMPARE(pens.conditions[0][0].a, QStringLiteral("{{3.name}}"));
        QCOMPARE(pens.conditions[0][0].b, QStringLiteral("pen"));

        // Route 2, module 6: the cheap items, gathered.
        m_kinds << ArrayAggregatorConfig::typeName();
        QVERIFY(chooseInMenu(scene, 4, QStringLiteral("Add a route")));
        QCOMPARE(editor->module(), 6);
        QCOMPARE(window.scenario()->routeTargets(4), (QList<ModuleId> {5, 6}));
        form = editor->kindPage()->form();
        auto *source = form->findChild<QComboBox *>(QStringLiteral("source"));
        QVERIFY(source);
        const int iterator = source->findData(3);
        QVERIFY(iterator >= 0);
        QVERIFY2(source->itemText(iterator).contains(QStringLiteral("Iterator")),
            qPrintable(source->itemText(iterator)));
        source->setCurrentIndex(iterator);
        emit source->activated(iterator);
        QCOMPARE(window.scenario()->module(6).settings.as<ArrayAggregatorConfig>()->source, 3);
        QVERIFY(buildFilter(window, 4, 6, QStringLiteral("Cheap"), QStringLiteral("3.price"),
            QStringLiteral("Number: less than"), QStringLiteral("1")));

        // The error route of module 5: Resume with a name picked and a status typed.
        m_kinds << ResumeConfig::typeName();
        QVERIFY(chooseInMenu(scene, 5, QStringLiteral("Add error handler")));
        const ModuleId resume = editor->module();
        QCOMPARE(resume, 7);
        QVERIFY(window.scenario()->findLink(5, resume)->onError);
        form = editor->kindPage()->form();
        auto *output = form->findChild<KeyValueTable *>(QStringLiteral("output"));
        QVERIFY(output);
        output->addButton()->click();
        UiJourney::type(output->nameField(0), QStringLiteral("name"));
        QVERIFY(pickInto(window, output->valueField(0), QStringLiteral("3.name")));
        output->addButton()->click();
        UiJourney::type(output->nameField(1), QStringLiteral("status"));
        UiJourney::type(output->valueField(1), QStringLiteral("missing"));
        const QList<NameValue> substitute {{QStringLiteral("name"), QStringLiteral("{{3.name}}")},
            {QStringLiteral("status"), QStringLiteral("missing")}};
        QCOMPARE(window.scenario()->module(resume).settings.as<ResumeConfig>()->output, substitute);
        QVERIFY(m_kinds.isEmpty());

        // Run once: what a person sees.
        QVERIFY(UiJourney::runAndWait(window, window.runOnceAction()));
        QVERIFY2(window.runStatusLabel()->text().contains(QStringLiteral("Finished successfully")),
            qPrintable(window.runStatusLabel()->text()));
        QVERIFY2(window.windowTitle().contains(QStringLiteral("Finished successfully")),
            qPrintable(window.windowTitle()));
        QCOMPARE(scene->moduleItem(5)->bubbleText(), QStringLiteral("3"));
        QCOMPARE(
            scene->linkItem(4, 5)->filterCountsText(), QStringLiteral("3 passed \u00b7 2 stopped"));
        QCOMPARE(
            scene->linkItem(4, 6)->filterCountsText(), QStringLiteral("2 passed \u00b7 3 stopped"));

        // Module 5's bubble: one operation per pen, the third failed and handled by Resume.
        emit scene->inspectRequested(5);
        InspectorPanel *inspector = window.inspector();
        QListView *operations = inspector->operationList();
        QVERIFY(operations->isVisible());
        QCOMPARE(operations->model()->rowCount(), 3);
        using Outcome = OperationListModel::Outcome;
        const QList<Outcome> outcomes {Outcome::Succeeded, Outcome::Succeeded, Outcome::Handled};
        for (int row = 0; row < 3; ++row) {
            const QModelIndex index = operations->model()->index(row, 0);
            QVERIFY(
                index.data().toString().startsWith(QStringLiteral("Operation %1").arg(row + 1)));
            QCOMPARE(index.data(OperationListModel::OutcomeRole), QVariant(int(outcomes[row])));
        }
        auto *requestLine = inspector->findChild<QLabel *>(QStringLiteral("inputRequestLine"));
        QVERIFY2(requestLine->text().contains(QStringLiteral("/api/items/10")),
            qPrintable(requestLine->text()));
        operations->setFocus();
        QTest::keyClick(operations, Qt::Key_End);
        QCOMPARE(inspector->currentOperation(), 2);
        QVERIFY2(requestLine->text().contains(QStringLiteral("/api/items/30")),
            qPrintable(requestLine->text()));
        auto *droppedTitle = inspector->findChild<QLabel *>(QStringLiteral("droppedTitle"));
        QVERIFY(droppedTitle->isVisible());
        QCOMPARE(droppedTitle->text(), QStringLiteral("Dropped here (2)"));
        auto *dropped = inspector->findChild<QListView *>(QStringLiteral("droppedList"));
        QCOMPARE(dropped->model()->rowCount(), 2);
        for (int row = 0; row < 2; ++row) {
            const QString reason = dropped->model()->index(row, 0).data().toString();
            QVERIFY2(reason.contains(
                         QStringLiteral("%1’ does not contain ‘pen’")
                             .arg(row == 0 ? QStringLiteral("Eraser") : QStringLiteral("Ruler"))),
                qPrintable(reason));
        }

        // Resume stood in for the missing item, with the values the person gave it.
        const QJsonObject stoodIn {{QStringLiteral("name"), QStringLiteral("Pencil")},
            {QStringLiteral("status"), QStringLiteral("missing")}};
        QCOMPARE(scene->moduleItem(resume)->bubbleText(), QStringLiteral("1"));
        const FlowRecord *flow = window.runner()->results().flowRecord();
        QVERIFY(flow);
        QCOMPARE(flow->modules.value(resume).operations.size(), 1);
        QCOMPARE(
            flow->modules.value(resume).operations.first().outputs, QList<QJsonValue>({stoodIn}));

        // Module 6 gathered the two cheap items.
        const QJsonArray cheap
            = window.runner()->results().run(6).output.value(QStringLiteral("array")).toArray();
        QCOMPARE(names(cheap), QStringList({QStringLiteral("Pencil"), QStringLiteral("Eraser")}));

        // Save, reopen: the filters, the routes' order, the error route and Resume are kept.
        const QString path = m_dir.filePath(QStringLiteral("flow-journey.scenario.json"));
        QVERIFY(window.saveTo(path));
        // Kept for a look at it (SCENARIST_SCREENSHOT_DIR set: the README's picture).
        if (const QString keep = qEnvironmentVariable("SCENARIST_SCREENSHOT_DIR"); !keep.isEmpty())
            QFile::copy(path, QDir(keep).filePath(QStringLiteral("flow-journey.scenario.json")));
        {
            MainWindow reopened(UiTestSupport::windowOptions(m_dir));
            reopened.show();
            QVERIFY(reopened.openFile(path));
            const Scenario &saved = *reopened.scenario();
            QCOMPARE(saved.routeTargets(4), (QList<ModuleId> {5, 6}));
            QCOMPARE(saved.findLink(4, 5)->filter, pens);
            QCOMPARE(saved.findLink(4, 6)->filter.name, QStringLiteral("Cheap"));
            QVERIFY(saved.findLink(5, resume) && saved.findLink(5, resume)->onError);
            QCOMPARE(saved.module(resume).settings.as<ResumeConfig>()->output, substitute);
            QVERIFY(reopened.scene()->linkItem(5, resume)->isErrorRoute());
            QVERIFY(reopened.scene()->linkItem(4, 5)->hasFilter());
        }

        // Headless, the real scenarist-run; this window's sandbox answers it.
        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(SCENARIST_RUN_EXECUTABLE),
            {QStringLiteral("--output"), QStringLiteral("json"), path});
        QVERIFY(finished.wait(30000));
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(process.exitCode() == 0, err.constData());
        const QJsonObject report
            = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(report.value(QStringLiteral("status")).toString(), QStringLiteral("success"));
        const QJsonObject five = moduleOf(report, 5);
        const QJsonArray fiveOperations = five.value(QStringLiteral("operations")).toArray();
        QCOMPARE(fiveOperations.size(), 3);
        QCOMPARE(
            fiveOperations.last()[QStringLiteral("status")].toString(), QStringLiteral("failed"));
        QVERIFY(!fiveOperations.last()[QStringLiteral("handledBy")].toString().isEmpty());
        QCOMPARE(five.value(QStringLiteral("dropped")).toArray().size(), 2);
        const QJsonArray resumed
            = moduleOf(report, resume).value(QStringLiteral("operations")).toArray();
        QCOMPARE(resumed.size(), 1);
        QCOMPARE(resumed.first()[QStringLiteral("output")].toObject(), stoodIn);
        const QJsonArray sixOperations
            = moduleOf(report, 6).value(QStringLiteral("operations")).toArray();
        QCOMPARE(sixOperations.size(), 1);
        QCOMPARE(
            names(
                sixOperations.first()[QStringLiteral("output")][QStringLiteral("array")].toArray()),
            QStringList({QStringLiteral("Pencil"), QStringLiteral("Eraser")}));
    }
};

QTEST_MAIN(TestFlowJourney)
#include "tst_flowjourney.moc"
