#include "TestHttpServer.h"
#include "UiTestSupport.h"

#include "core/history/RunHistory.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/history/HistoryListModel.h"
#include "ui/history/HistoryPanel.h"
#include "ui/history/HistoryWriter.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/inspector/JsonTreeModel.h"
#include "ui/session/EditingSession.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFrame>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

/// The History panel (docs/run-history.md) as a person uses it: a run in the app shows in
/// it with its status and operations; the filter by status; opening a run shows its
/// operations read-only with a banner, and Back brings the live run back; "Run again with the
/// same inputs" sends the inputs that run had; a history that cannot be written does not
/// stop the run. Requests go to an in-process server on 127.0.0.1.
class TestHistoryPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestHttpServer m_server;
    int m_calls = 0;
    int m_windows = 0;

    MainWindow::Options options(const QString &history = {})
    {
        MainWindow::Options options = UiTestSupport::windowOptions(m_dir);
        options.historyLocation = history.isEmpty()
            ? m_dir.filePath(QStringLiteral("history-%1.sqlite").arg(++m_windows))
            : history;
        return options;
    }

    /// A saved scenario of one request to `path` on the test server.
    static void makeScenario(MainWindow &window, const QString &path, const QString &file)
    {
        window.newScenario();
        const ModuleId id = window.addModule();
        Module module = window.scenario()->module(id);
        module.config.url = path;
        window.scenario()->setModuleConfig(id, module.config);
        QVERIFY(window.saveTo(file));
    }

    /// Runs the whole scenario (with `inputs` when given) and waits until it is recorded.
    static void runAndRecord(MainWindow &window, const QJsonObject *inputs = nullptr)
    {
        QSignalSpy recorded(window.historyWriter(), &HistoryWriter::recorded);
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        if (inputs)
            window.session()->runAllWithInputs(*inputs);
        else
            window.runOnceAction()->trigger();
        QVERIFY(finished.wait(20000));
        QVERIFY(recorded.wait(20000));
    }

    static QString cell(HistoryPanel *panel, int row, int column)
    {
        return panel->model()->index(row, column).data().toString();
    }

    static QString shownOutput(MainWindow &window)
    {
        return QString::fromUtf8(
            QJsonDocument::fromVariant(window.inspector()->dataModel()->json().toVariant())
                .toJson(QJsonDocument::Compact));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.listen());
        m_server.setHandler([this](const TestHttpServer::Request &request) {
            if (request.path == "/fail")
                return TestHttpServer::Response::json(R"({"problem":"down"})", 500);
            return TestHttpServer::Response::json(
                QByteArray(R"({"call":)") + QByteArray::number(++m_calls) + "}");
        });
    }

    void runAppearsInThePanel()
    {
        MainWindow window(options());
        window.show();
        makeScenario(window, m_server.url(QStringLiteral("/hello")).toString(),
            m_dir.filePath(QStringLiteral("appears.scenario.json")));
        window.historyDock()->show();
        HistoryPanel *panel = window.historyPanel();
        QCOMPARE(panel->model()->rowCount(), 0);
        QVERIFY(panel->messageLabel()->isVisible());

        runAndRecord(window);
        // The panel lists the run as soon as it is recorded, without a Refresh.
        QTRY_COMPARE(panel->model()->rowCount(), 1);
        QCOMPARE(cell(panel, 0, HistoryListModel::StatusColumn), QStringLiteral("Success"));
        QCOMPARE(cell(panel, 0, HistoryListModel::OperationsColumn), QStringLiteral("1"));
        QCOMPARE(cell(panel, 0, HistoryListModel::TriggerColumn), QStringLiteral("App"));
        QCOMPARE(cell(panel, 0, HistoryListModel::InputsColumn), QStringLiteral("none"));
        QVERIFY(panel->view()->isVisible());

        // "Run this module only" is not a run of the scenario (as in Make's history).
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runModule(window.scenario()->modules().first().id);
        QVERIFY(finished.wait(20000));
        QTest::qWait(200);
        panel->refresh();
        QCOMPARE(panel->model()->rowCount(), 1);
    }

    void filterByStatus()
    {
        MainWindow window(options());
        window.show();
        const QString file = m_dir.filePath(QStringLiteral("filter.scenario.json"));
        makeScenario(window, m_server.url(QStringLiteral("/hello")).toString(), file);
        runAndRecord(window);
        Module module = window.scenario()->modules().first();
        module.config.url = m_server.url(QStringLiteral("/fail")).toString();
        window.scenario()->setModuleConfig(module.id, module.config);
        QVERIFY(window.saveTo(file));
        runAndRecord(window);

        window.historyDock()->show();
        HistoryPanel *panel = window.historyPanel();
        QTRY_COMPARE(panel->model()->rowCount(), 2);
        // Newest first.
        QCOMPARE(cell(panel, 0, HistoryListModel::StatusColumn), QStringLiteral("Error"));
        QCOMPARE(cell(panel, 1, HistoryListModel::StatusColumn), QStringLiteral("Success"));

        panel->statusFilter()->setCurrentIndex(panel->statusFilter()->findText("Error"));
        QCOMPARE(panel->model()->rowCount(), 1);
        QCOMPARE(cell(panel, 0, HistoryListModel::StatusColumn), QStringLiteral("Error"));
        panel->statusFilter()->setCurrentIndex(panel->statusFilter()->findText("Success"));
        QCOMPARE(panel->model()->rowCount(), 1);
        QCOMPARE(cell(panel, 0, HistoryListModel::StatusColumn), QStringLiteral("Success"));
        panel->statusFilter()->setCurrentIndex(panel->statusFilter()->findText("Warning"));
        QCOMPARE(panel->model()->rowCount(), 0);
        QVERIFY(panel->messageLabel()->isVisible());
        QVERIFY(!panel->openButton()->isEnabled());
        panel->statusFilter()->setCurrentIndex(0);
        QCOMPARE(panel->model()->rowCount(), 2);
    }

    void openShowsTheRunReadOnly()
    {
        MainWindow window(options());
        window.show();
        makeScenario(window, m_server.url(QStringLiteral("/hello")).toString(),
            m_dir.filePath(QStringLiteral("open.scenario.json")));
        const ModuleId id = window.scenario()->modules().first().id;
        runAndRecord(window);
        const int firstCall = m_calls;
        runAndRecord(window);
        const int secondCall = m_calls;
        window.inspectModule(id);
        QVERIFY(shownOutput(window).contains(QStringLiteral("\"call\":%1").arg(secondCall)));

        window.historyDock()->show();
        HistoryPanel *panel = window.historyPanel();
        QTRY_COMPARE(panel->model()->rowCount(), 2);
        panel->selectRow(1); // the older run
        panel->openButton()->click();

        QVERIFY(window.isShowingPastRun());
        QVERIFY(window.pastRunBanner()->isVisible());
        const QString banner
            = window.pastRunBanner()->findChild<QLabel *>(QStringLiteral("pastRunText"))->text();
        QVERIFY2(banner.contains(QStringLiteral("read-only")), qPrintable(banner));
        QVERIFY2(!banner.contains(QStringLiteral("changed since")), qPrintable(banner));
        // Its operation in the inspector, its bubble on the canvas.
        QVERIFY(window.inspectorDock()->isVisible());
        QVERIFY2(shownOutput(window).contains(QStringLiteral("\"call\":%1").arg(firstCall)),
            qPrintable(shownOutput(window)));
        QCOMPARE(window.scene()->moduleItem(id)->status(), ModuleRunStatus::Succeeded);
        QCOMPARE(window.scene()->moduleItem(id)->operations(), 1);
        // Nothing can be edited or run while it shows.
        QVERIFY(!window.moduleEditor()->isEnabled());
        QVERIFY(!window.runOnceAction()->isEnabled());
        QVERIFY(!window.canvasView()->autoArrangeAction()->isEnabled());
        QAction *undo = nullptr;
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->shortcut() == QKeySequence(QKeySequence::Undo))
                undo = action;
        }
        QVERIFY(undo && window.undoStack()->canUndo());
        QVERIFY(!undo->isEnabled());
        const int modules = int(window.scenario()->modules().size());
        QTest::keyClick(window.canvasView(), Qt::Key_Delete);
        QCOMPARE(int(window.scenario()->modules().size()), modules);

        // Back: the live run's results again.
        window.pastRunBanner()->findChild<QPushButton *>(QStringLiteral("backToEditor"))->click();
        QVERIFY(!window.isShowingPastRun());
        QVERIFY(!window.pastRunBanner()->isVisible());
        QVERIFY(window.moduleEditor()->isEnabled());
        QVERIFY(window.runOnceAction()->isEnabled());
        QVERIFY(undo->isEnabled());
        QVERIFY2(shownOutput(window).contains(QStringLiteral("\"call\":%1").arg(secondCall)),
            qPrintable(shownOutput(window)));
        QCOMPARE(window.scene()->moduleItem(id)->status(), ModuleRunStatus::Succeeded);

        // Once the scenario changed, the banner says so.
        Module module = window.scenario()->module(id);
        module.config.url += QStringLiteral("?changed=1");
        window.scenario()->setModuleConfig(id, module.config);
        QVERIFY(window.saveTo(window.filePath()));
        panel->selectRow(1);
        panel->openButton()->click();
        const QString changed
            = window.pastRunBanner()->findChild<QLabel *>(QStringLiteral("pastRunText"))->text();
        QVERIFY2(changed.contains(QStringLiteral("changed since")), qPrintable(changed));
    }

    void runAgainWithTheSameInputs()
    {
        MainWindow window(options());
        window.show();
        makeScenario(window,
            m_server.url(QStringLiteral("/search")).toString()
                + QStringLiteral("?city={{var.input.city}}"),
            m_dir.filePath(QStringLiteral("inputs.scenario.json")));
        const QJsonObject paris {{QStringLiteral("city"), QStringLiteral("Paris")}};
        const QJsonObject oslo {{QStringLiteral("city"), QStringLiteral("Oslo")}};
        runAndRecord(window, &paris);
        runAndRecord(window, &oslo);
        QCOMPARE(m_server.lastRequest().query, QByteArray("city=Oslo"));

        window.historyDock()->show();
        HistoryPanel *panel = window.historyPanel();
        QTRY_COMPARE(panel->model()->rowCount(), 2);
        QCOMPARE(cell(panel, 1, HistoryListModel::InputsColumn), QStringLiteral("city = Paris"));
        panel->selectRow(1);
        const int before = m_server.requestCount();
        QSignalSpy recorded(window.historyWriter(), &HistoryWriter::recorded);
        panel->runAgainButton()->click();
        QVERIFY(recorded.wait(20000));
        QCOMPARE(m_server.requestCount(), before + 1);
        QCOMPARE(m_server.lastRequest().query, QByteArray("city=Paris"));
        QTRY_COMPARE(panel->model()->rowCount(), 3);
        QCOMPARE(cell(panel, 0, HistoryListModel::InputsColumn), QStringLiteral("city = Paris"));
    }

    void unwritableHistoryDoesNotStopTheRun()
    {
        // A history inside a file cannot be created.
        const QString blocker = m_dir.filePath(QStringLiteral("not-a-folder"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        MainWindow window(options(blocker + QStringLiteral("/history.sqlite")));
        window.show();
        makeScenario(window, m_server.url(QStringLiteral("/hello")).toString(),
            m_dir.filePath(QStringLiteral("unwritable.scenario.json")));
        QSignalSpy failed(window.historyWriter(), &HistoryWriter::failed);
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        const int before = m_server.requestCount();
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(20000));
        QVERIFY(finished.first().first().toBool());
        QCOMPARE(m_server.requestCount(), before + 1);
        QVERIFY(failed.wait(20000));
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY2(
            window.statusBar()->currentMessage().contains(QStringLiteral("not in the history")),
            qPrintable(window.statusBar()->currentMessage()));
        // The next run works as well.
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(20000));
        QVERIFY(finished.last().first().toBool());
    }

    void unsavedScenarioAndSwitchAndDelete()
    {
        MainWindow window(options());
        window.show();
        window.newScenario();
        const ModuleId id = window.addModule();
        Module module = window.scenario()->module(id);
        module.config.url = m_server.url(QStringLiteral("/hello")).toString();
        window.scenario()->setModuleConfig(id, module.config);
        window.historyDock()->show();
        QVERIFY(
            window.historyPanel()->messageLabel()->text().contains(QStringLiteral("not saved")));
        QVERIFY(!window.deleteHistoryAction()->isEnabled());

        QVERIFY(window.saveTo(m_dir.filePath(QStringLiteral("switch.scenario.json"))));
        QVERIFY(window.deleteHistoryAction()->isEnabled());
        window.recordHistoryAction()->setChecked(false);
        QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
        window.runOnceAction()->trigger();
        QVERIFY(finished.wait(20000));
        QTest::qWait(200);
        window.historyPanel()->refresh();
        QCOMPARE(window.historyPanel()->model()->rowCount(), 0);
        window.recordHistoryAction()->setChecked(true);
        runAndRecord(window);
        QTRY_COMPARE(window.historyPanel()->model()->rowCount(), 1);

        bool asked = false;
        UiTestSupport::answerNextMessageBox(QMessageBox::Yes, &asked);
        window.deleteHistoryAction()->trigger();
        QVERIFY(asked);
        QCOMPARE(window.historyPanel()->model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestHistoryPanel)
#include "tst_historypanel.moc"
