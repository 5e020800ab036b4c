// The Incomplete executions panel (docs/run-history.md): after a run whose Break gave up on a
// bundle it lists that bundle; "Retry" runs it again and the row says Retried; "Resolve"
// takes it off the list, "Show resolved" brings it back to be reopened.

#include "TestHttpServer.h"
#include "UiTestSupport.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/history/IncompletePanel.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

class TestIncompletePanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listsRetriesAndResolves();

private:
    /// Three items; item 2 answers 503 while m_failuresLeft > 0; Break gives up at once.
    QString writeScenario();
    /// The texts of each row's state column.
    static QStringList states(const QTreeWidget *list);

    QTemporaryDir m_dir;
    TestHttpServer m_server;
    int m_failuresLeft = 0;
};

void TestIncompletePanel::initTestCase()
{
    // A history of this test's own, whatever the environment says.
    qputenv("SCENARIST_HISTORY_DB", m_dir.filePath(QStringLiteral("history.sqlite")).toUtf8());
    QVERIFY(m_server.listen());
    m_server.setHandler([this](const TestHttpServer::Request &request) {
        if (request.path == "/item/2" && m_failuresLeft > 0) {
            --m_failuresLeft;
            return TestHttpServer::Response::json("{\"error\": \"busy\"}", 503);
        }
        return TestHttpServer::Response::json("{\"item\": \"" + request.path + "\"}");
    });
}

QString TestIncompletePanel::writeScenario()
{
    const QJsonArray modules {
        QJsonObject {{"id", 1}, {"type", "flow.repeater"}, {"label", "Three items"},
            {"position", QJsonArray {0, 0}}, {"config", QJsonObject {{"repeats", "3"}}}},
        QJsonObject {{"id", 2}, {"type", "http.request"}, {"label", "Get an item"},
            {"position", QJsonArray {300, 0}},
            {"config",
                QJsonObject {{"method", "GET"},
                    {"url", m_server.url(QStringLiteral("/item/")).toString() + "{{1.i}}"},
                    {"parseResponse", true}, {"errorOnHttpStatus", true}}}},
        QJsonObject {{"id", 3}, {"type", "flow.break"}, {"label", "Give up"},
            {"position", QJsonArray {300, 200}},
            {"config", QJsonObject {{"count", 0}, {"intervalSeconds", 0}}}},
    };
    const QJsonArray links {QJsonObject {{"from", 1}, {"to", 2}},
        QJsonObject {{"from", 2}, {"to", 3}, {"onError", true}}};
    const QString path = m_dir.filePath(QStringLiteral("items.scenario.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QJsonDocument(QJsonObject {{"format", "scenarist-scenario"}, {"version", 2},
                                 {"name", "Items"}, {"modules", modules}, {"links", links}})
                   .toJson());
    return path;
}

QStringList TestIncompletePanel::states(const QTreeWidget *list)
{
    QStringList found;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        found.append(list->topLevelItem(i)->text(3));
    return found;
}

void TestIncompletePanel::listsRetriesAndResolves()
{
    const QString path = writeScenario();
    QVERIFY(!path.isEmpty());
    MainWindow window(UiTestSupport::windowOptions(m_dir));
    window.resize(1024, 640);
    window.show();
    QVERIFY(window.openFile(path));
    auto *panel = window.findChild<IncompletePanel *>();
    QVERIFY(panel);
    QTreeWidget *list = panel->list();
    QCOMPARE(list->topLevelItemCount(), 0);

    // A run: item 2 fails once, Break gives up on it.
    m_failuresLeft = 1;
    QSignalSpy finished(window.runner(), &ScenarioRunner::runFinished);
    window.runOnce();
    QVERIFY(finished.wait(10000));
    QCOMPARE(window.runner()->lastStatus(), FlowStatus::Warning);
    emit window.runStatusLabel()->linkActivated(QStringLiteral("#incomplete"));
    QTRY_VERIFY(panel->isVisible());
    QCOMPARE(states(list), QStringList {QStringLiteral("Open")});
    const QTreeWidgetItem *row = list->topLevelItem(0);
    QCOMPARE(row->text(1), QStringLiteral("#2 Get an item"));
    QCOMPARE(row->text(2), QStringLiteral("2"));
    QVERIFY2(row->text(4).contains(QLatin1String("503")), qPrintable(row->text(4)));

    // Retry: only item 2 is asked for again; it succeeds and the row says so.
    const int requests = m_server.requestCount();
    QVERIFY(panel->retryButton()->isEnabled());
    finished.clear();
    panel->retryButton()->click();
    QVERIFY(finished.wait(10000));
    QCOMPARE(window.runner()->lastStatus(), FlowStatus::Success);
    QCOMPARE(m_server.requestCount(), requests + 1);
    QCOMPARE(m_server.lastRequest().path, QByteArray("/item/2"));
    QTRY_COMPARE(states(list), QStringList {QStringLiteral("Retried")});
    QVERIFY(!panel->retryButton()->isEnabled());

    // Another run leaves it incomplete again: Resolve takes the new one off the list.
    m_failuresLeft = 1;
    finished.clear();
    window.runOnce();
    QVERIFY(finished.wait(10000));
    QTRY_COMPARE(states(list), (QStringList {QStringLiteral("Open"), QStringLiteral("Retried")}));
    list->setCurrentItem(list->topLevelItem(0));
    QCOMPARE(panel->resolveButton()->text(), QStringLiteral("Resolve"));
    panel->resolveButton()->click();
    QCOMPARE(states(list), QStringList {QStringLiteral("Retried")});

    // "Show resolved" lists it again, to be reopened.
    panel->showResolvedBox()->setChecked(true);
    QCOMPARE(states(list), (QStringList {QStringLiteral("Resolved"), QStringLiteral("Retried")}));
    list->setCurrentItem(list->topLevelItem(0));
    QCOMPARE(panel->resolveButton()->text(), QStringLiteral("Reopen"));
    panel->resolveButton()->click();
    QCOMPARE(states(list), (QStringList {QStringLiteral("Open"), QStringLiteral("Retried")}));
}

QTEST_MAIN(TestIncompletePanel)
#include "tst_incompletepanel.moc"
