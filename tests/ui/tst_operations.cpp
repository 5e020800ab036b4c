#include "UiTestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/history/IncompletePanel.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/inspector/JsonTreeModel.h"
#include "ui/inspector/OperationListModel.h"
#include "ui/inspector/RunOutcome.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDialog>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

/// Every operation of a run of flows: the bubble counts them, the inspector's selector lists
/// them with their input, output, error and tries, the bundles a filter stopped, and how the
/// run ended in the status bar and the title.
class TestOperations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QString example(const char *name)
    {
        return QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/%1.scenario.json")
            .arg(QLatin1String(name));
    }

    /// Opens an example in `window`, runs it against the built-in sandbox and waits.
    static bool openAndRun(MainWindow &window, const char *name)
    {
        if (!window.openFile(example(name)))
            return false;
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnce();
        return finished.wait(30000);
    }

    /// What a user does: clicks the module's bubble.
    static void clickBubble(MainWindow &window, ModuleId id)
    {
        emit window.scene()->inspectRequested(id);
    }

    template <typename T> static T *child(QWidget *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }

    /// The text of every row of a list view.
    static QStringList rows(QListView *view)
    {
        QStringList texts;
        for (int row = 0; row < view->model()->rowCount(); ++row)
            texts << view->model()->index(row, 0).data().toString();
        return texts;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_dir.isValid());
    }

    void iteratorModuleListsEachItemsOperation()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(openAndRun(window, "iterate-and-aggregate"));

        // The request run once per item: its bubble says 5; the ones before it ran once.
        QCOMPARE(window.scene()->moduleItem(4)->bubbleText(), QStringLiteral("5"));
        QCOMPARE(window.scene()->moduleItem(1)->bubbleText(), QStringLiteral("1"));
        QCOMPARE(window.scene()->moduleItem(5)->bubbleText(), QStringLiteral("1"));

        clickBubble(window, 4);
        InspectorPanel *inspector = window.inspector();
        QVERIFY(window.inspectorDock()->isVisible());
        QListView *list = inspector->operationList();
        QVERIFY(list->isVisible());
        QAbstractItemModelTester tester(
            list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(list->model()->rowCount(), 5);
        QVERIFY(
            list->model()->index(0, 0).data().toString().startsWith(QStringLiteral("Operation 1")));
        QCOMPARE(
            child<QLabel>(inspector, "operationsTitle")->text(), QStringLiteral("Operations (5)"));
        QCOMPARE(inspector->currentOperation(), 0);

        // Arrow down: the next operation, with another item's request.
        auto *requestLine = child<QLabel>(inspector, "inputRequestLine");
        const QString first = requestLine->text();
        QVERIFY2(first.contains(QStringLiteral("/api/items")), qPrintable(first));
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(inspector->currentOperation(), 1);
        QVERIFY2(requestLine->text() != first, qPrintable(requestLine->text()));
        QVERIFY(child<QLabel>(inspector, "operationSummary")
                    ->text()
                    .startsWith(QStringLiteral("Operation 2 of 5")));

        // The iterator did one operation that put out five bundles.
        clickBubble(window, 3);
        QCOMPARE(list->model()->rowCount(), 1);
        QVERIFY(!list->isVisible()); // one operation needs no selector
        QVERIFY(child<QLabel>(inspector, "operationSummary")
                    ->text()
                    .startsWith(QStringLiteral("Operation 1 of 1")));
        QVERIFY2(child<QLabel>(inspector, "outputResponseLine")
                     ->text()
                     .contains(QStringLiteral("5 bundles out")),
            qPrintable(child<QLabel>(inspector, "outputResponseLine")->text()));
        QCOMPARE(inspector->dataModel()->rowCount(), 5);

        // Success everywhere: said in the status bar and the title.
        QVERIFY2(window.runStatusLabel()->text().contains(QStringLiteral("Finished successfully")),
            qPrintable(window.runStatusLabel()->text()));
        QVERIFY2(window.windowTitle().contains(QStringLiteral("Finished successfully")),
            qPrintable(window.windowTitle()));
    }

    void filteredModuleShowsTheDroppedBundles()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(openAndRun(window, "router-and-filters"));

        // Module 5's filter ("More than 2") stopped the cheap items.
        clickBubble(window, 5);
        InspectorPanel *inspector = window.inspector();
        auto *title = child<QLabel>(inspector, "droppedTitle");
        QVERIFY(title->isVisible());
        QCOMPARE(title->text(), QStringLiteral("Dropped here (5)"));
        auto *dropped = child<QListView>(inspector, "droppedList");
        const QStringList reasons = rows(dropped);
        QCOMPARE(reasons.size(), 5);
        for (const QString &reason : reasons) {
            QVERIFY2(reason.startsWith(QStringLiteral("Bundle ")), qPrintable(reason));
            // Each says why, not only that it was stopped.
            QVERIFY2(reason.section(QStringLiteral(": "), 1).size() > 5, qPrintable(reason));
        }

        // The fallback route's module had nothing stopped before it.
        clickBubble(window, 6);
        QVERIFY(!title->isVisible());
    }

    void aChainRequestShowsItsTriesWhenBusy()
    {
        // A request of a straight chain that retried (docs/scenario-file.md): no flow record,
        // its tries in its own record.
        Module module;
        module.id = 1;
        ModuleRun run;
        run.moduleId = 1;
        run.status = ModuleRunStatus::Succeeded;
        run.operations = 1;
        run.attempts = {{0, QStringLiteral("The server answered 503."), 503},
            {900, QStringLiteral("The server answered 503."), 503},
            {2800, QStringLiteral("succeeded"), 200}};
        InspectorPanel inspector;
        inspector.resize(400, 700);
        inspector.show();
        inspector.setRun(module, run);
        auto *attempts = child<QLabel>(&inspector, "operationAttempts");
        QVERIFY(attempts->isVisible());
        const QStringList lines = attempts->text().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.at(0), QStringLiteral("Tried 3 times:"));
        QVERIFY2(lines.at(1).contains(QStringLiteral("HTTP status 503")), qPrintable(lines.at(1)));
        QVERIFY2(lines.at(3).contains(QStringLiteral("HTTP status 200")), qPrintable(lines.at(3)));
    }

    void retriesAreShownWithTheirHttpStatus()
    {
        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(openAndRun(window, "error-handling"));

        // Three tries of one operation: the bubble counts the operation once.
        QCOMPARE(window.scene()->moduleItem(2)->bubbleText(), QStringLiteral("1"));
        clickBubble(window, 2);
        InspectorPanel *inspector = window.inspector();
        auto *attempts = child<QLabel>(inspector, "operationAttempts");
        QVERIFY(attempts->isVisible());
        const QString text = attempts->text();
        QVERIFY2(text.startsWith(QStringLiteral("Tried 3 times")), qPrintable(text));
        const QStringList lines = text.split(QLatin1Char('\n')).mid(1);
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines.at(0).contains(QStringLiteral("HTTP status 429")), qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).contains(QStringLiteral("HTTP status 429")), qPrintable(lines.at(1)));
        QVERIFY2(lines.at(2).contains(QStringLiteral("HTTP status 200")), qPrintable(lines.at(2)));
        QVERIFY2(lines.at(2).contains(QStringLiteral("succeeded")), qPrintable(lines.at(2)));

        const QString status = window.runStatusLabel()->text();
        const FlowStatus ended = window.runner()->lastStatus();
        if (ended == FlowStatus::Success) {
            QVERIFY2(status.contains(QStringLiteral("Finished successfully")), qPrintable(status));
            QVERIFY2(window.windowTitle().contains(QStringLiteral("Finished successfully")),
                qPrintable(window.windowTitle()));
        } else {
            QCOMPARE(ended, FlowStatus::Warning);
            QVERIFY2(status.contains(QStringLiteral("Finished with warnings")), qPrintable(status));
            QVERIFY2(window.windowTitle().contains(QStringLiteral("Finished with warnings")),
                qPrintable(window.windowTitle()));
        }
    }

    void warningRunListsTheUnfinishedBundles()
    {
        // The error-handling example with a server busier than Break is patient: it gives up,
        // and the run finishes without that bundle.
        QFile file(example("error-handling"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray json = file.readAll();
        QVERIFY(json.contains("busy=2"));
        json.replace("key=example&busy=2", "key=warning&busy=9");
        const QString path = m_dir.filePath(QStringLiteral("busy.scenario.json"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(json);
        out.close();

        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(path));
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnce();
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.runner()->lastStatus(), FlowStatus::Warning);

        const QString words
            = QStringLiteral("Finished with warnings: 1 bundle could not be finished");
        QVERIFY2(window.runStatusLabel()->text().contains(words),
            qPrintable(window.runStatusLabel()->text()));
        QVERIFY2(window.windowTitle().contains(words), qPrintable(window.windowTitle()));

        // The failed operation, in the inspector: its error and every try.
        emit window.scene()->inspectRequested(2);
        QVERIFY(
            window.inspector()->findChild<QLabel *>(QStringLiteral("inspectorError"))->isVisible());

        // "see which" shows the Incomplete executions panel, listing the bundle with its error.
        emit window.runStatusLabel()->linkActivated(QStringLiteral("#incomplete"));
        auto *panel = window.findChild<IncompletePanel *>();
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        QTreeWidget *list = panel->list();
        QCOMPARE(list->topLevelItemCount(), 1);
        QTreeWidgetItem *row = list->topLevelItem(0);
        QVERIFY2(row->text(1).startsWith(QStringLiteral("#2 ")), qPrintable(row->text(1)));
        QCOMPARE(row->text(2), QStringLiteral("1"));
        QVERIFY2(row->text(4).size() > 20, qPrintable(row->text(4)));
        QCOMPARE(row->text(3), QStringLiteral("Open"));
        // "Retry" runs it again from module 2 with what it had (its token too), nothing before.
        QVERIFY(panel->retryButton()->isEnabled());
        const QList<ModuleId> before = window.scenario()->modulesBefore(2);
        finished.clear();
        panel->retryButton()->click();
        QVERIFY(finished.wait(30000));
        const FlowRecord *again = window.runner()->results().flowRecord();
        QVERIFY(again);
        QCOMPARE(again->modules.value(2).operations.size(), 1);
        QCOMPARE(again->modules.value(2).operations.first().bundle, 1);
        for (ModuleId id : before)
            QVERIFY2(
                again->modules.value(id).operations.isEmpty(), qPrintable(QString::number(id)));
        // Still busy: it stays open with the new error.
        QTRY_COMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("Open"));
        QVERIFY(window.scene()->moduleItem(2)->status() != ModuleRunStatus::Idle);
    }

    void errorRunSaysItStopped()
    {
        // The error-handling example without the error route of the missing item: its
        // failure is nobody's to deal with, and the run ends in error.
        QFile file(example("error-handling"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        QJsonArray links;
        for (const QJsonValue &link : root.value(QStringLiteral("links")).toArray()) {
            if (link[QStringLiteral("from")].toInt() != 4
                || !link[QStringLiteral("onError")].toBool())
                links.append(link);
        }
        QCOMPARE(links.size(), root.value(QStringLiteral("links")).toArray().size() - 1);
        root.insert(QStringLiteral("links"), links);
        const QString path = m_dir.filePath(QStringLiteral("unhandled.scenario.json"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(root).toJson());
        out.close();

        MainWindow window(UiTestSupport::windowOptions(m_dir));
        window.show();
        QVERIFY(window.openFile(path));
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnce();
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.runner()->lastStatus(), FlowStatus::Error);
        const QString status = window.runStatusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("Stopped with an error in \u201c%1\u201d")
                                     .arg(window.scenario()->module(4).displayName())),
            qPrintable(status));
        QVERIFY2(window.windowTitle().contains(QStringLiteral("Stopped with an error")),
            qPrintable(window.windowTitle()));
        QVERIFY2(!window.windowTitle().contains(QStringLiteral("Finished")),
            qPrintable(window.windowTitle()));

        // The link leads to the module that failed, and to its failed operation.
        emit window.runStatusLabel()->linkActivated(QStringLiteral("#failed"));
        QCOMPARE(window.inspector()->currentOperation(), 0);
        QVERIFY(window.inspector()
                    ->findChild<QLabel *>(QStringLiteral("operationSummary"))
                    ->text()
                    .contains(QStringLiteral("failed")));
        QVERIFY(
            window.inspector()->findChild<QLabel *>(QStringLiteral("inspectorError"))->isVisible());
    }

    void tenThousandOperationsOpenAndReachTheLast()
    {
        ModuleFlowRecord record;
        record.operations.reserve(10000);
        for (int i = 1; i <= 10000; ++i) {
            OperationRecord op;
            op.bundle = i;
            op.failed = i % 1000 == 0;
            if (op.failed)
                op.handledBy = QStringLiteral("ignore");
            op.input = QJsonObject {{QStringLiteral("item"), i}};
            op.outputs = {QJsonObject {{QStringLiteral("value"), i * 2}}};
            record.operations.append(op);
        }
        Module module;
        module.id = 7;
        module.type = QStringLiteral("flow.setVariables");
        ModuleRun run;
        run.moduleId = 7;
        run.status = ModuleRunStatus::Succeeded;
        run.operations = 10000;

        InspectorPanel inspector;
        inspector.resize(500, 700);
        inspector.show();
        inspector.setRun(module, run, &record);
        QCOMPARE(inspector.operationList()->model()->rowCount(), 10000);
        QAbstractItemModelTester tester(inspector.operationList()->model(),
            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(
            inspector.operationList()->model()->index(999, 0).data(OperationListModel::OutcomeRole),
            QVariant(int(OperationListModel::Outcome::Handled)));

        inspector.operationList()->setFocus();
        QTest::keyClick(inspector.operationList(), Qt::Key_End);
        QCOMPARE(inspector.currentOperation(), 9999);
        QVERIFY(inspector.findChild<QLabel *>(QStringLiteral("operationSummary"))
                    ->text()
                    .startsWith(QStringLiteral("Operation 10000 of 10000")));
        // The last operation's own output: {"value": 20000}.
        JsonTreeModel *data = inspector.dataModel();
        QCOMPARE(data->rowCount(), 1);
        QCOMPARE(
            data->index(0, JsonTreeModel::ValueColumn).data().toString(), QStringLiteral("20000"));
    }
};

QTEST_MAIN(TestOperations)
#include "tst_operations.moc"
