// A person's journey through runs that last (docs/run-history.md, docs/scenario-inputs.md):
// a scenario with an input runs twice with different values typed into the Run once form;
// the first run, opened from the History panel, shows read-only and runs again with its own
// inputs, without asking; the bundle Break gave up on in that first run is retried later from
// the Incomplete executions panel, with the input it had. Requests go to an in-process server
// on 127.0.0.1, which says what each request carried.

#include "TestHttpServer.h"
#include "UiTestSupport.h"

#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/history/HistoryListModel.h"
#include "ui/history/HistoryPanel.h"
#include "ui/history/HistoryWriter.h"
#include "ui/history/IncompletePanel.h"
#include "ui/inputs/InputValueEditor.h"
#include "ui/inputs/RunInputsForm.h"
#include "ui/session/EditingSession.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QFrame>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

class TestHistoryJourney : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runTwiceOpenTheFirstRunItAgainAndRetryItsBundle();

private:
    /// Two items, each fetched with the input `fruit` in the query; item 2 answers 503 while
    /// m_failuresLeft > 0, and Break gives up on it at once.
    QString writeScenario();
    /// Runs the scenario from Run once, typing `fruit` into the form; waits until the run is
    /// in the history.
    void runOnceWith(MainWindow &window, const QString &fruit);
    /// The queries of the requests for `path` since request `from`.
    QStringList queries(const QByteArray &path, int from) const;

    QTemporaryDir m_dir;
    TestHttpServer m_server;
    int m_failuresLeft = 0;
};

void TestHistoryJourney::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear(); // no input values remembered from before
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_server.setHandler([this](const TestHttpServer::Request &request) {
        if (request.path == "/item/2" && m_failuresLeft > 0) {
            --m_failuresLeft;
            return TestHttpServer::Response::json(R"({"error": "busy"})", 503);
        }
        return TestHttpServer::Response::json(R"({"item": ")" + request.target + R"("})");
    });
}

QString TestHistoryJourney::writeScenario()
{
    const QJsonArray inputs {QJsonObject {{"name", "fruit"}, {"type", "text"}, {"required", true},
        {"description", "The fruit to ask for"}}};
    const QJsonArray modules {
        QJsonObject {{"id", 1}, {"type", "flow.repeater"}, {"label", "Two items"},
            {"position", QJsonArray {0, 0}}, {"config", QJsonObject {{"repeats", "2"}}}},
        QJsonObject {{"id", 2}, {"type", "http.request"}, {"label", "Get an item"},
            {"position", QJsonArray {300, 0}},
            {"config",
                QJsonObject {{"method", "GET"},
                    {"url",
                        m_server.url(QStringLiteral("/item/")).toString()
                            + "{{1.i}}?fruit={{var.input.fruit}}"},
                    {"parseResponse", true}, {"errorOnHttpStatus", true}}}},
        QJsonObject {{"id", 3}, {"type", "flow.break"}, {"label", "Give up"},
            {"position", QJsonArray {300, 200}},
            {"config", QJsonObject {{"count", 0}, {"intervalSeconds", 0}}}},
    };
    const QJsonArray links {QJsonObject {{"from", 1}, {"to", 2}},
        QJsonObject {{"from", 2}, {"to", 3}, {"onError", true}}};
    const QString path = m_dir.filePath(QStringLiteral("fruit.scenario.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QJsonDocument(
        QJsonObject {{"format", "scenarist-scenario"}, {"version", 2}, {"name", "Fruit"},
            {"inputs", inputs}, {"modules", modules}, {"links", links}})
                   .toJson());
    return path;
}

void TestHistoryJourney::runOnceWith(MainWindow &window, const QString &fruit)
{
    QSignalSpy recorded(window.historyWriter(), &HistoryWriter::recorded);
    QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
    window.runOnceAction()->trigger();
    QTRY_VERIFY(
        window.findChild<RunInputsForm *>() && window.findChild<RunInputsForm *>()->isVisible());
    auto *form = window.findChild<RunInputsForm *>();
    auto *field = qobject_cast<QLineEdit *>(form->editor(QStringLiteral("fruit"))->field());
    QVERIFY(field);
    field->setText(fruit);
    QVERIFY(form->runButton()->isEnabled());
    form->runButton()->click();
    QVERIFY(finished.wait(20000));
    QVERIFY(recorded.wait(20000));
}

QStringList TestHistoryJourney::queries(const QByteArray &path, int from) const
{
    QStringList found;
    const QList<TestHttpServer::Request> requests = m_server.requests();
    for (int i = from; i < requests.size(); ++i) {
        if (requests.at(i).path == path)
            found.append(QString::fromUtf8(requests.at(i).query));
    }
    return found;
}

void TestHistoryJourney::runTwiceOpenTheFirstRunItAgainAndRetryItsBundle()
{
    const QString path = writeScenario();
    QVERIFY(!path.isEmpty());
    MainWindow::Options options = UiTestSupport::windowOptions(m_dir);
    options.historyLocation = m_dir.filePath(QStringLiteral("history.sqlite"));
    MainWindow window(options);
    window.resize(1024, 640);
    window.show();
    QVERIFY(window.openFile(path));

    // Two runs with different inputs; in the first, item 2 is busy and Break gives up on it.
    m_failuresLeft = 1;
    runOnceWith(window, QStringLiteral("apple"));
    QCOMPARE(window.runner()->lastStatus(), FlowStatus::Warning);
    runOnceWith(window, QStringLiteral("pear"));
    QCOMPARE(window.runner()->lastStatus(), FlowStatus::Success);
    QCOMPARE(queries("/item/1", 0), (QStringList {"fruit=apple", "fruit=pear"}));

    // The History panel lists both, newest first, with how each went and its inputs.
    window.historyDock()->show();
    HistoryPanel *history = window.historyPanel();
    QTRY_COMPARE(history->model()->rowCount(), 2);
    const auto cell = [history](int row, int column) {
        return history->model()->index(row, column).data().toString();
    };
    QCOMPARE(cell(0, 1), QStringLiteral("Success"));
    QCOMPARE(cell(1, 1), QStringLiteral("Warning"));
    QVERIFY2(cell(1, 5).contains(QStringLiteral("apple")), qPrintable(cell(1, 5)));

    // Opening the first run shows it read-only, under a banner; Run stays off meanwhile.
    history->selectRow(1);
    history->openButton()->click();
    QVERIFY(window.pastRunBanner()->isVisible());
    const QString banner
        = window.pastRunBanner()->findChild<QLabel *>(QStringLiteral("pastRunText"))->text();
    QVERIFY2(banner.contains(QStringLiteral("read-only")), qPrintable(banner));
    QVERIFY(!window.runOnceAction()->isEnabled());

    // "Run again with the same inputs": apple again, without the form.
    int from = m_server.requestCount();
    QSignalSpy recorded(window.historyWriter(), &HistoryWriter::recorded);
    QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
    QVERIFY(history->runAgainButton()->isEnabled());
    history->runAgainButton()->click();
    QVERIFY(finished.wait(20000));
    QVERIFY(
        !window.findChild<RunInputsForm *>() || !window.findChild<RunInputsForm *>()->isVisible());
    QCOMPARE(queries("/item/1", from), QStringList {"fruit=apple"});
    QCOMPARE(queries("/item/2", from), QStringList {"fruit=apple"});
    QVERIFY(!window.pastRunBanner()->isVisible());
    QVERIFY(recorded.wait(20000));
    QTRY_COMPARE(history->model()->rowCount(), 3);
    QVERIFY2(cell(0, 5).contains(QStringLiteral("apple")), qPrintable(cell(0, 5)));

    // The first run's incomplete bundle, retried later from its panel: only item 2, with the
    // input that run had (apple, not the pear typed last), and the row says so.
    auto *incomplete = window.findChild<IncompletePanel *>();
    QVERIFY(incomplete);
    incomplete->showInFront();
    QTreeWidget *list = incomplete->list();
    QTRY_COMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("Open"));
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("2"));
    list->setCurrentItem(list->topLevelItem(0));
    from = m_server.requestCount();
    finished.clear();
    QVERIFY(incomplete->retryButton()->isEnabled());
    incomplete->retryButton()->click();
    QVERIFY(finished.wait(20000));
    QCOMPARE(window.runner()->lastStatus(), FlowStatus::Success);
    QCOMPARE(m_server.requestCount(), from + 1);
    QCOMPARE(queries("/item/2", from), QStringList {"fruit=apple"});
    QTRY_COMPARE(list->topLevelItem(0)->text(3), QStringLiteral("Retried"));
}

QTEST_MAIN(TestHistoryJourney)
#include "tst_history_journey.moc"
