// scenarist-run on a request that retries when the server is busy (docs/scenario-file.md):
// the JSON report lists each try with the status it got, for a module and for each page of
// a module that fetches pages (docs/pagination.md), and the example runs offline.

#include "HeadlessProcess.h"
#include "TestHttpServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

namespace {

QList<int> statusesOf(const QJsonObject &entry)
{
    QList<int> statuses;
    for (const QJsonValue &attempt : entry.value("attempts").toArray())
        statuses.append(attempt.toObject().value("statusCode").toInt(-1));
    return statuses;
}

} // namespace

class TestRetriesHeadless : public QObject
{
    Q_OBJECT

private slots:
    void theReportListsEachTry()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        int count = 0;
        server.setHandler([&count](const TestHttpServer::Request &) {
            return ++count <= 2 ? TestHttpServer::Response::json("{}", 503)
                                : TestHttpServer::Response::json("{\"done\":true}");
        });
        const QJsonObject request {{"id", 1}, {"type", "http.request"},
            {"config",
                QJsonObject {{"url", server.url("/busy").toString()},
                    {"retry",
                        QJsonObject {
                            {"whenBusy", true}, {"maxTries", 3}, {"maxWaitSeconds", 1}}}}}};
        QTemporaryDir dir;
        const QString path = writeScenarioFile(dir, QJsonArray {request});
        QVERIFY(!path.isEmpty());
        const HeadlessOutcome outcome
            = runHeadless({QStringLiteral("--output"), QStringLiteral("json"), path});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(outcome.out).object();
        QCOMPARE(report.value("ok").toBool(), true);
        const QJsonObject module = report.value("modules").toArray().first().toObject();
        QCOMPARE(module.value("status").toString(), QStringLiteral("succeeded"));
        QList<int> statuses;
        for (const QJsonValue &attempt : module.value("attempts").toArray())
            statuses.append(attempt.toObject().value("statusCode").toInt(-1));
        QCOMPARE(statuses, (QList<int> {503, 503, 200}));
        QCOMPARE(server.requestCount(), 3);
    }

    void eachPageListsItsOwnTries()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        int secondPageCalls = 0;
        server.setHandler([&secondPageCalls](const TestHttpServer::Request &request) {
            const int page
                = QUrlQuery(QString::fromLatin1(request.query)).queryItemValue("page").toInt();
            if (page == 2 && ++secondPageCalls == 1)
                return TestHttpServer::Response::json("{}", 503);
            const QByteArray items = page <= 2
                ? QByteArray("{\"items\":[") + QByteArray::number(page) + "]}"
                : QByteArray("{\"items\":[]}");
            return TestHttpServer::Response::json(items);
        });
        const QJsonObject request {{"id", 1}, {"type", "http.request"},
            {"config",
                QJsonObject {{"url", server.url("/items").toString()},
                    {"retry",
                        QJsonObject {{"whenBusy", true}, {"maxTries", 3}, {"maxWaitSeconds", 1}}},
                    {"pagination",
                        QJsonObject {{"mode", "page"}, {"parameter", "page"},
                            {"itemsField", "items"}, {"stopWhenEmpty", true}}}}}};
        QTemporaryDir dir;
        const QString path = writeScenarioFile(dir, QJsonArray {request});
        QVERIFY(!path.isEmpty());
        const HeadlessOutcome outcome
            = runHeadless({QStringLiteral("--output"), QStringLiteral("json"), path});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        const QJsonObject module = QJsonDocument::fromJson(outcome.out)
                                       .object()
                                       .value("modules")
                                       .toArray()
                                       .first()
                                       .toObject();
        const QJsonArray operations = module.value("operations").toArray();
        QCOMPARE(operations.size(), 3); // pages 1, 2 and the empty page 3
        QCOMPARE(statusesOf(operations.at(0).toObject()), QList<int> {});
        QCOMPARE(statusesOf(operations.at(1).toObject()), (QList<int> {503, 200}));
        QCOMPARE(statusesOf(operations.at(2).toObject()), QList<int> {});
        QCOMPARE(server.requestCount(), 4);
    }

    void theExampleWaitsAsTheSandboxAsks()
    {
        const HeadlessOutcome outcome = runHeadless(
            {QStringLiteral("--sandbox"), QStringLiteral("--output"), QStringLiteral("json"),
                QStringLiteral(
                    SCENARIST_SOURCE_DIR "/resources/examples/retry-when-busy.scenario.json")});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        const QJsonArray modules
            = QJsonDocument::fromJson(outcome.out).object().value("modules").toArray();
        QCOMPARE(modules.size(), 2);
        QCOMPARE(statusesOf(modules.at(1).toObject()), (QList<int> {429, 429, 200}));
    }
};

QTEST_GUILESS_MAIN(TestRetriesHeadless)
#include "tst_retries_headless.moc"
