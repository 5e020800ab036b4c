// scenarist-run on a request that retries when the server is busy (docs/scenario-file.md):
// the JSON report lists each try with the status it got.

#include "HeadlessProcess.h"
#include "TestHttpServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

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
        const QString path = dir.filePath(QStringLiteral("busy.scenario.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(QJsonObject {{"format", "scenarist-scenario"}, {"version", 2},
                                     {"modules", QJsonArray {request}}})
                       .toJson());
        file.close();
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
};

QTEST_GUILESS_MAIN(TestRetriesHeadless)
#include "tst_retries_headless.moc"
