#include "TestHttpServer.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/BusyRetry.h"
#include "core/run/HttpExchange.h"
#include "core/run/ScenarioRunner.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

namespace {

/// A request module that retries when the server is busy (docs/scenario-file.md).
QJsonObject busyRequest(const QUrl &url, int maxTries, int maxWaitSeconds)
{
    return QJsonObject {{"id", 1}, {"type", "http.request"},
        {"config",
            QJsonObject {{"url", url.toString()}, {"timeoutSeconds", 5},
                {"retry",
                    QJsonObject {{"whenBusy", true}, {"maxTries", maxTries},
                        {"maxWaitSeconds", maxWaitSeconds}}}}}};
}

/// Module 1 alone (a straight chain), or with an error route that keeps what it read of the
/// failure and ends with Ignore (a run of flows).
void applyScenario(Scenario &scenario, const QJsonObject &request, bool withErrorRoute)
{
    QJsonArray modules {request};
    QJsonArray links;
    if (withErrorRoute) {
        modules.append(QJsonObject {{"id", 2}, {"type", "flow.setVariables"},
            {"config",
                QJsonObject {{"variables",
                    QJsonArray {QJsonObject {{"name", "type"}, {"value", "{{1.error.type}}"}}}}}}});
        modules.append(QJsonObject {{"id", 3}, {"type", "flow.ignore"}});
        links.append(QJsonObject {{"from", 1}, {"to", 2}, {"onError", true}});
        links.append(QJsonObject {{"from", 2}, {"to", 3}});
    }
    const QByteArray file = QJsonDocument(
        QJsonObject {{"format", "scenarist-scenario"}, {"version", 2}, {"modules", modules},
            {"links", links}}).toJson();
    QString error;
    const auto document = ScenarioFile::parse(file, &error);
    if (!document) {
        qWarning("%s", qPrintable(error));
        return;
    }
    document->applyTo(scenario);
}

/// Module 1's tries: from its one operation in a run of flows, else from its record.
QList<AttemptRecord> attemptsOf(const ScenarioRunner &runner)
{
    if (const FlowRecord *flow = runner.flowRecord()) {
        const QList<OperationRecord> operations = flow->modules.value(1).operations;
        return operations.size() == 1 ? operations.first().attempts : QList<AttemptRecord> {};
    }
    return runner.results().run(1).attempts;
}

QList<int> statusesOf(const QList<AttemptRecord> &attempts)
{
    QList<int> statuses;
    for (const AttemptRecord &attempt : attempts)
        statuses.append(attempt.statusCode);
    return statuses;
}

/// A loopback port nothing listens on.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

/// "Retry when the server is busy" on the HTTP module: each try, the waits, the cap, Stop
/// and the error route after the tries are spent.
class TestRetries : public QObject
{
    Q_OBJECT

private slots:
    void busyTwiceThenAnswered_data()
    {
        QTest::addColumn<bool>("flows");
        QTest::newRow("a straight chain") << false;
        QTest::newRow("a run of flows") << true;
    }

    void busyTwiceThenAnswered()
    {
        QFETCH(bool, flows);
        TestHttpServer server;
        QVERIFY(server.listen());
        int count = 0;
        server.setHandler([&count](const TestHttpServer::Request &) {
            return ++count <= 2 ? TestHttpServer::Response::json("{}", 503)
                                : TestHttpServer::Response::json("{\"done\":true}");
        });
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        Scenario scenario;
        applyScenario(scenario, busyRequest(server.url("/busy"), 5, 1), flows);
        runner.runAll(scenario);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(runner.results().run(1).status, ModuleRunStatus::Succeeded);
        QCOMPARE(statusesOf(attemptsOf(runner)), (QList<int> {503, 503, 200}));
        if (flows) {
            // One operation, not three; the error route never ran.
            QCOMPARE(runner.flowRecord()->modules.value(1).operations.size(), 1);
            QVERIFY(runner.flowRecord()->modules.value(2).operations.isEmpty());
        }
    }

    void retryAfterSecondsIsHonoured()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        QElapsedTimer clock;
        clock.start();
        QList<qint64> arrivals;
        server.setHandler([&](const TestHttpServer::Request &) {
            arrivals.append(clock.elapsed());
            if (arrivals.size() == 1)
                return TestHttpServer::Response::json("{}", 429).withHeader("Retry-After", "1");
            return TestHttpServer::Response::json("{}");
        });
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        Scenario scenario;
        applyScenario(scenario, busyRequest(server.url("/limited"), 3, 10), false);
        runner.runAll(scenario);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(arrivals.size(), 2);
        QVERIFY2(arrivals.at(1) - arrivals.at(0) >= 1000,
            qPrintable(QString::number(arrivals.at(1) - arrivals.at(0))));
        QCOMPARE(statusesOf(attemptsOf(runner)), (QList<int> {429, 200}));
    }

    void retryAfterAnHttpDateIsHonoured()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        QElapsedTimer clock;
        clock.start();
        QList<qint64> arrivals;
        server.setHandler([&](const TestHttpServer::Request &) {
            arrivals.append(clock.elapsed());
            if (arrivals.size() > 1)
                return TestHttpServer::Response::json("{}");
            // Three seconds from now, in whole seconds: at least two seconds of wait, more
            // than the first backoff (one second at most) would wait.
            const QString date = QLocale::c().toString(
                QDateTime::currentDateTimeUtc().addSecs(3), "ddd, dd MMM yyyy hh:mm:ss 'GMT'");
            return TestHttpServer::Response::json("{}", 503).withHeader(
                "Retry-After", date.toLatin1());
        });
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        Scenario scenario;
        applyScenario(scenario, busyRequest(server.url("/maintenance"), 3, 10), false);
        runner.runAll(scenario);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(arrivals.size(), 2);
        QVERIFY2(arrivals.at(1) - arrivals.at(0) >= 1900,
            qPrintable(QString::number(arrivals.at(1) - arrivals.at(0))));
    }

    void aLongRetryAfterWaitsAtMostTheLongestWait()
    {
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json("{}", 429).withHeader("Retry-After", "3600");
        });
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        QElapsedTimer clock;
        clock.start();
        Scenario scenario;
        applyScenario(scenario, busyRequest(server.url("/later"), 2, 1), false);
        runner.runAll(scenario);
        QVERIFY(finished.wait(10000));
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        // Both tries were busy: the module fails, saying what the server answered.
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(statusesOf(attemptsOf(runner)), (QList<int> {429, 429}));
        QCOMPARE(runner.results().run(1).status, ModuleRunStatus::Failed);
    }

    void theErrorRouteRunsOnlyWhenTheTriesAreSpent()
    {
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/down").arg(closedPort()));
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        Scenario scenario;
        applyScenario(scenario, busyRequest(url, 3, 1), true);
        runner.runAll(scenario);
        QVERIFY(finished.wait(10000));
        // Ignore dealt with the failure, after three refused tries in one operation.
        QCOMPARE(finished.first().first().toBool(), true);
        const FlowRecord *flow = runner.flowRecord();
        QVERIFY(flow);
        QCOMPARE(flow->modules.value(1).operations.size(), 1);
        const OperationRecord tried = flow->modules.value(1).operations.first();
        QCOMPARE(statusesOf(tried.attempts), (QList<int> {0, 0, 0}));
        QVERIFY2(tried.attempts.last().result.contains(QLatin1String("refused")),
            qPrintable(tried.attempts.last().result));
        QCOMPARE(tried.handledBy, QStringLiteral("ignore"));
        // The route ran once, after the last try, and read why the module failed.
        QCOMPARE(flow->modules.value(2).operations.size(), 1);
        QCOMPARE(runner.results().run(2).output.value("type").toString(),
            QStringLiteral("ConnectionError"));
    }

    void stopEndsAWaitAtOnce_data()
    {
        QTest::addColumn<bool>("flows");
        QTest::newRow("a straight chain") << false;
        QTest::newRow("a run of flows") << true;
    }

    void stopEndsAWaitAtOnce()
    {
        QFETCH(bool, flows);
        TestHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpServer::Request &) {
            return TestHttpServer::Response::json("{}", 503).withHeader("Retry-After", "60");
        });
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        Scenario scenario;
        applyScenario(scenario, busyRequest(server.url("/busy"), 5, 60), flows);
        runner.runAll(scenario);
        QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 1, 5000);
        QTest::qWait(200); // the answer is in: the runner waits for the next try
        QVERIFY(runner.isRunning());
        QElapsedTimer clock;
        clock.start();
        runner.cancel();
        QVERIFY(finished.count() == 1 || finished.wait(1000));
        QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(runner.results().run(1).status, ModuleRunStatus::Failed);
        QTest::qWait(100);
        QCOMPARE(server.requestCount(), 1);
    }

    /// A Retry-After that is not a wait a person would want (negative, absurdly long, not a
    /// number nor a date) neither hangs nor spins: the module waits as it would without one,
    /// or the longest wait, never more.
    void anUnusableRetryAfterWaitsWithinTheBounds_data()
    {
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<qint64>("atLeastMs");
        QTest::addColumn<qint64>("atMostMs");
        // Without a usable value, the first wait is one second with its random half.
        QTest::newRow("negative") << QByteArray("-1") << qint64(500) << qint64(1000);
        QTest::newRow("a billion seconds")
            << QByteArray("1000000000") << qint64(60000) << qint64(60000);
        QTest::newRow("more digits than a number holds")
            << QByteArray("99999999999999999999999") << qint64(500) << qint64(60000);
        QTest::newRow("garbage") << QByteArray("soon, maybe") << qint64(500) << qint64(1000);
        QTest::newRow("empty") << QByteArray("") << qint64(500) << qint64(1000);
        QTest::newRow("a broken date")
            << QByteArray("Wed, 99 Foo 2026 25:61:00 GMT") << qint64(500) << qint64(1000);
        QTest::newRow("a date long past")
            << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << qint64(0) << qint64(0);
    }

    void anUnusableRetryAfterWaitsWithinTheBounds()
    {
        QFETCH(QByteArray, retryAfter);
        QFETCH(qint64, atLeastMs);
        QFETCH(qint64, atMostMs);
        HttpExchange exchange;
        exchange.gotResponse = true;
        exchange.statusCode = 429;
        exchange.headers.append({QByteArrayLiteral("Retry-After"), retryAfter});
        QVERIFY(BusyRetry::isBusy(exchange));
        for (int i = 0; i < 50; ++i) { // the wait has a random part
            const qint64 wait = BusyRetry::waitMs(exchange, 1, 60000);
            QVERIFY2(wait >= atLeastMs && wait <= atMostMs, qPrintable(QString::number(wait)));
        }
    }

    void theSettingsRoundTrip()
    {
        const QByteArray file = QJsonDocument(
            QJsonObject {{"format", "scenarist-scenario"}, {"version", 2},
                {"modules", QJsonArray {busyRequest(QUrl("https://example.com/"), 7, 30)}}})
                                    .toJson();
        QString error;
        const auto document = ScenarioFile::parse(file, &error);
        QVERIFY2(document, qPrintable(error));
        const HttpRequestSpec spec = document->modules.first().config;
        QCOMPARE(spec.retryWhenBusy, true);
        QCOMPARE(spec.retryMaxTries, 7);
        QCOMPARE(spec.retryMaxWaitSeconds, 30);
        const auto again = ScenarioFile::parse(ScenarioFile::serialize(*document), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->modules.first().config, spec);
        // A module that does not retry writes nothing about it.
        ScenarioDocument plainDocument = *document;
        HttpRequestSpec plain;
        plainDocument.modules.first().config = plain;
        QVERIFY(!ScenarioFile::serialize(plainDocument).contains("\"retry\""));
        QVERIFY(ScenarioFile::serialize(*document).contains("\"retry\""));
        QCOMPARE(plain.retryWhenBusy, false);
        QCOMPARE(plain.retryMaxTries, 5);
        QCOMPARE(plain.retryMaxWaitSeconds, 60);
    }

    void badSettingsAreRefused_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("value");
        QTest::newRow("no tries") << "maxTries" << 0;
        QTest::newRow("a thousand tries") << "maxTries" << 1000;
        QTest::newRow("no wait") << "maxWaitSeconds" << 0;
        QTest::newRow("a day's wait") << "maxWaitSeconds" << 86400;
    }

    void badSettingsAreRefused()
    {
        QFETCH(QString, key);
        QFETCH(int, value);
        QJsonObject module = busyRequest(QUrl("https://example.com/"), 3, 10);
        QJsonObject config = module.value("config").toObject();
        QJsonObject retry = config.value("retry").toObject();
        retry.insert(key, value);
        config.insert("retry", retry);
        module.insert("config", config);
        const QByteArray file = QJsonDocument(QJsonObject {{"format", "scenarist-scenario"},
                                                  {"version", 2}, {"modules", QJsonArray {module}}})
                                    .toJson();
        QString error;
        QVERIFY(!ScenarioFile::parse(file, &error));
        QVERIFY2(error.contains(QStringLiteral("config.retry.") + key), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRetries)
#include "tst_retries.moc"
