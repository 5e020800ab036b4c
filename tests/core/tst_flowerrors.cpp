#include "FaultServer.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

/// How a request's failure reads in its error route (docs/flow-control.md): the type, the
/// status and the words, for each way a server or the network fails.
class TestFlowErrors : public QObject
{
    Q_OBJECT

private slots:
    void anErrorRouteReadsTheFailure_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("statusCode");
        QTest::newRow("no answer in time") << "/no-answer"
                                           << "ModuleTimeoutError" << 0;
        QTest::newRow("a reset") << "/reset-before-headers"
                                 << "ConnectionError" << 0;
        QTest::newRow("an error status") << "/status/500"
                                         << "RuntimeError" << 500;
        QTest::newRow("too many requests") << "/status/429"
                                           << "RateLimitError" << 429;
        QTest::newRow("a refused token") << "/status/401"
                                         << "InvalidAccessTokenError" << 401;
    }

    void anErrorRouteReadsTheFailure()
    {
        QFETCH(QString, path);
        QFETCH(QString, type);
        QFETCH(int, statusCode);
        FaultServer server;
        QVERIFY(server.listen());
        // 1 fails; its error route, 2, keeps what it read; Ignore ends the route.
        const QByteArray file = QJsonDocument(
            QJsonObject {{"format", "scenarist-scenario"}, {"version", 2},
                {"modules",
                    QJsonArray {QJsonObject {{"id", 1}, {"type", "http.request"},
                                    {"config",
                                        QJsonObject {{"url", server.url(path).toString()},
                                            {"timeoutSeconds", 1}}}},
                        QJsonObject {{"id", 2}, {"type", "flow.setVariables"},
                            {"config",
                                QJsonObject {{"variables",
                                    QJsonArray {QJsonObject {{"name", "type"},
                                                    {"value", "{{1.error.type}}"}},
                                        QJsonObject {{"name", "status"},
                                            {"value", "{{1.error.statusCode}}"}}}}}}},
                        QJsonObject {{"id", 3}, {"type", "flow.ignore"}}}},
                {"links",
                    QJsonArray {QJsonObject {{"from", 1}, {"to", 2}, {"onError", true}},
                        QJsonObject {{"from", 2}, {"to", 3}}}}})
                                    .toJson();
        QString error;
        const auto document = ScenarioFile::parse(file, &error);
        QVERIFY2(document, qPrintable(error));
        Scenario scenario;
        document->applyTo(scenario);
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        QVERIFY(finished.wait(15000));
        // Ignore dealt with the failure: the run is a success.
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(runner.lastStatus(), FlowStatus::Success);
        const QJsonObject read = runner.results().run(2).output;
        QCOMPARE(read.value(QStringLiteral("type")).toString(), type);
        QCOMPARE(read.value(QStringLiteral("status")).toVariant().toString(),
            statusCode ? QString::number(statusCode) : QString());
        QCOMPARE(runner.results().run(1).status, ModuleRunStatus::Failed);
    }
};

QTEST_GUILESS_MAIN(TestFlowErrors)
#include "tst_flowerrors.moc"
