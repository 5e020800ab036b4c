#include "UiJourney.h"
#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/MainWindow.h"
#include "ui/canvas/AddHandleItem.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/KeyValueTable.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/inspector/JsonTreeModel.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"
#include "ui/mapping/MappingTreeModel.h"

#include <QAction>
#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

/// docs/getting-started.md, done through the widgets as a person would: two modules, a token
/// request to the sandbox, the Authorization header filled from the mapping panel, run, inspect,
/// save, reopen, run again.
class TestJourney : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    MainWindow::Options options() const { return UiTestSupport::windowOptions(m_dir); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void tokenThenProtectedCallThroughTheWidgets()
    {
        MainWindow window(options());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString sandbox = window.sandbox()->baseUrl().toString();
        window.newScenario();

        // Module 1: from the empty canvas's "Add a module" button.
        ScenarioScene *scene = window.scene();
        QVERIFY(scene->addHandle()->isVisible());
        emit scene->addModuleRequested(QPointF(0, 0), 0);
        QCOMPARE(window.scenario()->modules().size(), 1);
        ModuleEditor *editor = window.moduleEditor();
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
        const HttpRequestSpec first = window.scenario()->module(1).config;
        QCOMPARE(first.method, QStringLiteral("POST"));
        QCOMPARE(first.bodyType, BodyType::UrlEncoded);
        QCOMPARE(first.urlEncodedFields.size(), 3);

        // Run module 1 alone (docs/getting-started.md, step 5), so its real output can be picked.
        scene->selectModule(1);
        QAction *runSelected = nullptr;
        for (QAction *a : window.findChildren<QAction *>()) {
            if (a->text().contains(QLatin1String("module only")))
                runSelected = a;
        }
        QVERIFY(runSelected);
        QVERIFY(UiJourney::runAndWait(window, runSelected));

        // Module 2: from the "+" after module 1, so it is linked after it.
        emit scene->addModuleRequested(QPointF(300, 0), 1);
        QCOMPARE(window.scenario()->links().size(), 1);
        QCOMPARE(editor->module(), 2);
        UiJourney::type(editor->urlField(), sandbox + QStringLiteral("/api/me"));
        KeyValueTable *headers = editor->headersTable();
        headers->addButton()->click();
        UiJourney::type(headers->nameField(0), QStringLiteral("Authorization"));
        MappingField *value = headers->valueField(0);
        value->setFocus();
        window.mappingPanel()->setTargetField(value);
        QVERIFY(UiJourney::pick(window.mappingPanel(), QStringLiteral("1.data.token_type")));
        UiJourney::type(value, QStringLiteral(" "));
        value->setFocus();
        QVERIFY(UiJourney::pick(window.mappingPanel(), QStringLiteral("1.data.access_token")));
        QCOMPARE(window.scenario()->module(2).config.headers.first().value,
            QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}"));
        QVERIFY(!value->hasBrokenReference());

        // Run once: both modules turn green; the inspector shows /api/me's answer.
        QVERIFY(UiJourney::runAndWait(window, window.runOnceAction()));
        QCOMPARE(scene->moduleItem(1)->status(), ModuleRunStatus::Succeeded);
        QCOMPARE(scene->moduleItem(2)->status(), ModuleRunStatus::Succeeded);
        emit scene->inspectRequested(2);
        QVERIFY(!window.inspector()->isEmpty());
        JsonTreeModel *tree = window.inspector()->dataModel();
        const QModelIndexList clientId = tree->match(tree->index(0, 0), Qt::DisplayRole,
            QStringLiteral("client_id"), 1, Qt::MatchExactly | Qt::MatchRecursive);
        QVERIFY(!clientId.isEmpty());
        QCOMPARE(
            clientId.first().siblingAtColumn(1).data().toString(), SandboxServer::demoClientId());

        // Save, reopen in a new window, run again: the same result.
        const QString path = m_dir.filePath(QStringLiteral("journey.scenario.json"));
        QVERIFY(window.saveTo(path));
        MainWindow reopened(options());
        reopened.show();
        QVERIFY(reopened.openFile(path));
        QCOMPARE(reopened.scenario()->module(2).config.headers.first().value,
            QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}"));
        // The saved URLs name the first window's sandbox, which is still running.
        QVERIFY(UiJourney::runAndWait(reopened, reopened.runOnceAction()));
        QCOMPARE(reopened.runner()
                     ->results()
                     .run(2)
                     .output[QStringLiteral("data")][QStringLiteral("client_id")]
                     .toString(),
            SandboxServer::demoClientId());
    }

    void deletingAReferencedModuleMarksTheMappingBroken()
    {
        MainWindow window(options());
        window.show();
        window.openExample();
        QVERIFY(!window.scene()->moduleItem(2)->isBroken());
        window.scene()->selectModule(1);
        window.scene()->deleteSelection();
        QVERIFY(!window.scenario()->contains(1));
        QTRY_VERIFY(window.scene()->moduleItem(2)->isBroken());
        // In the field too.
        window.editModule(2);
        MappingField *value = window.moduleEditor()->headersTable()->valueField(0);
        QVERIFY(value->hasBrokenReference());
        // Undo brings module 1 back and clears the marks.
        window.undoStack()->undo();
        QTRY_VERIFY(!window.scene()->moduleItem(2)->isBroken());
    }
};

QTEST_MAIN(TestJourney)
#include "tst_journey.moc"
