#include "FaultServer.h"
#include "TestHttpServer.h"
#include "TestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ResponseParser.h"
#include "core/run/ScenarioRunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QtTest>

/// Every way a server or the network can fail, run through the
/// ScenarioRunner as a person runs a scenario: each ends in a plain-words module error (or
/// success where that is right), and the same runner then runs the next scenario normally.
class TestFaults : public QObject
{
    Q_OBJECT

private:
    struct Outcome
    {
        bool finished = false;
        ModuleRun run;
        qint64 elapsedMs = 0;
    };

    static Outcome runOne(ScenarioRunner &runner, const HttpRequestSpec &spec)
    {
        Scenario scenario;
        Module module;
        module.id = 1;
        module.label = QStringLiteral("Fault");
        module.config = spec;
        scenario.addModule(module);

        Outcome outcome;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        QElapsedTimer clock;
        clock.start();
        runner.runAll(scenario);
        outcome.finished = finished.wait(30000);
        outcome.elapsedMs = clock.elapsed();
        outcome.run = runner.results().run(1);
        return outcome;
    }

    static QSslConfiguration serverTls(const QString &name)
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        QFile certFile(TestSupport::testDataPath(QStringLiteral("tls/%1.pem").arg(name)));
        QFile keyFile(TestSupport::testDataPath(QStringLiteral("tls/%1.key").arg(name)));
        if (certFile.open(QIODevice::ReadOnly))
            configuration.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
        if (keyFile.open(QIODevice::ReadOnly))
            configuration.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        return configuration;
    }

    FaultServer m_server;

private slots:
    void initTestCase() { QVERIFY(m_server.listen()); }

    void fault_data()
    {
        // target: a FaultServer path, or "refused", "unknown host", "tls:<certificate>"
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("timeoutSeconds");
        QTest::addColumn<int>("limitMb"); // 0: the default limit (100 MB)
        QTest::addColumn<bool>("expectOk");
        QTest::addColumn<QStringList>("expectedWords"); // in the error, or in a warning if ok
        QTest::addColumn<QString>("expectedData"); // when ok and not empty: the start of data
        QTest::addColumn<qint64>("expectedBytes"); // when ok and not -1: the body's size

        const QStringList none;
        QTest::newRow("connection refused")
            << "refused" << 5 << 0 << false
            << QStringList {"Could not connect to 127.0.0.1:", "refused the connection"}
            << QString() << qint64(-1);
        QTest::newRow("reset before headers")
            << "/reset-before-headers" << 5 << 0 << false
            << QStringList {"closed the connection without answering"} << QString() << qint64(-1);
        QTest::newRow("reset mid-body")
            << "/reset-mid-body" << 5 << 0 << false
            << QStringList {"closed the connection before the whole response arrived"} << QString()
            << qint64(-1);
        QTest::newRow("no answer, 1 s timeout")
            << "/no-answer" << 1 << 0 << false << QStringList {"did not answer within 1 second"}
            << QString() << qint64(-1);
        // One byte a second never leaves the connection idle for long: only a limit on the
        // whole request stops it.
        QTest::newRow("body trickles past the timeout")
            << "/trickle?bytes=60&every=1000" << 2 << 0 << false
            << QStringList {"did not finish answering within 2 seconds"} << QString() << qint64(-1);
        QTest::newRow("redirect loop")
            << "/loop" << 5 << 0 << false
            << QStringList {"redirected too many times", "in a circle"} << QString() << qint64(-1);
        QTest::newRow("30 redirects")
            << "/redirect/30" << 5 << 0 << false
            << QStringList {"redirected too many times (more than 10)"} << QString() << qint64(-1);
        QTest::newRow("10 redirects are followed")
            << "/redirect/10" << 5 << 0 << true << none << "arrived" << qint64(-1);
        QTest::newRow("100 MB announced, 10 MB limit")
            << "/big?mb=100" << 10 << 10 << false
            << QStringList {"The response is larger than 10 MB"} << QString() << qint64(-1);
        QTest::newRow("100 MB until close, 10 MB limit")
            << "/big?mb=100&length=0" << 10 << 10 << false
            << QStringList {"The response is larger than 10 MB"} << QString() << qint64(-1);
        QTest::newRow("12 MB until close, 16 MB limit")
            << "/big?mb=12&length=0" << 10 << 16 << true << none << "Scenarist fault server"
            << qint64(12) * 1024 * 1024;
        QTest::newRow("gzip bomb, 1 GB inflated, default limit")
            << "/gzip-bomb?mb=1024" << 20 << 0 << false
            << QStringList {"The response is larger than 100 MB"} << QString() << qint64(-1);
        QTest::newRow("gzip bomb, 200 MB inflated, 10 MB limit")
            << "/gzip-bomb?mb=200" << 10 << 10 << false
            << QStringList {"The response is larger than 10 MB"} << QString() << qint64(-1);
        // Highly compressible but under the limit: an answer, not an attack.
        QTest::newRow("gzip, 30 MB inflated, default limit")
            << "/gzip-bomb?mb=30" << 10 << 0 << true << none << QString()
            << qint64(30) * 1024 * 1024;
        QTest::newRow("Content-Length shorter than the body")
            << "/length-short" << 5 << 0 << true << none << "hello world" << qint64(11);
        QTest::newRow("Content-Length longer than the body, then closed")
            << "/length-long" << 5 << 0 << false
            << QStringList {"closed the connection before the whole response arrived"} << QString()
            << qint64(-1);
        QTest::newRow("Content-Length longer than the body, left open")
            << "/length-long?open=1" << 1 << 0 << false
            << QStringList {"did not finish answering within 1 second"} << QString() << qint64(-1);
        QTest::newRow("JSON content type with broken JSON")
            << "/broken-json" << 5 << 0 << false
            << QStringList {"the response is not valid JSON", "Parse response"} << QString()
            << qint64(-1);
        QTest::newRow("invalid UTF-8") << "/invalid-utf8" << 5 << 0 << true
                                       << QStringList {"not valid UTF-8"} << "caf" << qint64(-1);
        // Qt drops a header block this large and keeps the body: a warning says so.
        QTest::newRow("1 MB header line")
            << "/huge-header?kb=1024" << 10 << 0 << true
            << QStringList {"no headers Scenarist could read"} << "small body" << qint64(-1);
        QTest::newRow("429 with Retry-After")
            << "/status/429?retry-after=7" << 5 << 0 << false
            << QStringList {"429 Too Many Requests", "wait 7 seconds"} << QString() << qint64(-1);
        QTest::newRow("500")
            << "/status/500" << 5 << 0 << false
            << QStringList {"The server failed to handle the request: 500 Internal Server Error."}
            << QString() << qint64(-1);
        QTest::newRow("503 with Retry-After")
            << "/status/503?retry-after=120" << 5 << 0 << false
            << QStringList {"503 Service Unavailable", "wait 2 minutes"} << QString() << qint64(-1);
        QTest::newRow("unknown host")
            << "unknown host" << 5 << 0 << false
            << QStringList {"could not be found", "scenarist-fault-test.invalid"} << QString()
            << qint64(-1);
        QTest::newRow("self-signed certificate")
            << "tls:selfsigned" << 5 << 0 << false
            << QStringList {"not trusted (self-signed certificate)"} << QString() << qint64(-1);
        QTest::newRow("expired certificate")
            << "tls:expired" << 5 << 0 << false
            << QStringList {"not trusted (the certificate has expired)"} << QString() << qint64(-1);
    }

    void fault()
    {
        QFETCH(QString, target);
        QFETCH(int, timeoutSeconds);
        QFETCH(int, limitMb);
        QFETCH(bool, expectOk);
        QFETCH(QStringList, expectedWords);
        QFETCH(QString, expectedData);
        QFETCH(qint64, expectedBytes);

        HttpRequestSpec spec;
        spec.timeoutSeconds = timeoutSeconds;
        TestHttpServer tlsServer;
        if (target == QLatin1String("refused")) {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            spec.url = QStringLiteral("http://127.0.0.1:%1/").arg(closed.serverPort());
        } else if (target == QLatin1String("unknown host")) {
            // .invalid never resolves (RFC 6761); the resolver answers without the internet.
            spec.url = QStringLiteral("http://scenarist-fault-test.invalid/");
        } else if (target.startsWith(QLatin1String("tls:"))) {
            QVERIFY(tlsServer.listenTls(serverTls(target.mid(4))));
            spec.url = tlsServer.url().toString();
            // The test CA is trusted, so an expired certificate fails for its dates alone.
            spec.caCertificate = TestSupport::testDataPath(QStringLiteral("tls/ca.pem"));
        } else {
            spec.url = m_server.url(target).toString();
        }

        ScenarioRunner runner;
        if (limitMb > 0)
            runner.setMaxResponseBytes(qint64(limitMb) * 1024 * 1024);
        const Outcome outcome = runOne(runner, spec);
        QVERIFY2(outcome.finished, "the run never finished");
        const ModuleRun &run = outcome.run;
        if (expectOk) {
            QVERIFY2(run.status == ModuleRunStatus::Succeeded, qPrintable(run.error));
            const QString warnings = run.warnings.join(QLatin1Char('\n'))
                + run.exchange.warnings.join(QLatin1Char('\n'));
            for (const QString &words : expectedWords)
                QVERIFY2(warnings.contains(words, Qt::CaseInsensitive), qPrintable(warnings));
            if (!expectedData.isEmpty()) {
                const QString data = run.output.value(QStringLiteral("data")).toString();
                QVERIFY2(data.startsWith(expectedData), qPrintable(data.left(100)));
            }
            if (expectedBytes >= 0)
                QCOMPARE(run.exchange.body.size(), expectedBytes);
        } else {
            QCOMPARE(run.status, ModuleRunStatus::Failed);
            for (const QString &words : expectedWords)
                QVERIFY2(run.error.contains(words), qPrintable(run.error));
        }
        // A limit on the whole request, not on silence: never much past the timeout.
        QVERIFY2(outcome.elapsedMs < (timeoutSeconds + 3) * 1000,
            qPrintable(QString::number(outcome.elapsedMs)));
        // Memory stays bounded: what is kept is never more than the limit.
        const qint64 limit = qint64(limitMb > 0 ? limitMb : 100) * 1024 * 1024;
        QVERIFY(run.exchange.body.size() <= limit);

        // The same runner keeps working: the next run succeeds.
        HttpRequestSpec fine;
        fine.url = m_server.url(QStringLiteral("/ok")).toString();
        const Outcome after = runOne(runner, fine);
        QVERIFY(after.finished);
        QVERIFY2(after.run.status == ModuleRunStatus::Succeeded, qPrintable(after.run.error));
        QCOMPARE(after.run.output.value(QStringLiteral("data")).toString(), QStringLiteral("ok"));
    }

    // An 18 MB JSON answer is kept as its bytes (LargeBody), not as a tree ten times its size;
    // the next module still maps from deep inside it, and a broken one still says so.
    void largeJsonIsMappedFromItsBytes()
    {
        Module first;
        first.id = 1;
        first.label = QStringLiteral("Large list");
        first.config.url = m_server.url(QStringLiteral("/big-json?items=600000")).toString();
        Module second;
        second.id = 2;
        second.label = QStringLiteral("Next");
        second.config.url = m_server.url(QStringLiteral("/ok")).toString()
            + QStringLiteral("?last={{1.data.items[600000].name}}&count={{1.data.count}}"
                             "&first={{1.data.items[1].id}}");
        Scenario scenario;
        scenario.reset(QStringLiteral("large"), {first, second}, {Link {1, 2}});
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runAll(scenario);
        QVERIFY(finished.wait(60000));
        const ModuleRun one = runner.results().run(1);
        QVERIFY2(one.status == ModuleRunStatus::Succeeded, qPrintable(one.error));
        QVERIFY(one.exchange.body.size() > LargeBody::DefaultThreshold);
        QVERIFY(one.exchange.largeData);
        QVERIFY(one.exchange.dataIsJson);
        const ModuleRun two = runner.results().run(2);
        QVERIFY2(two.status == ModuleRunStatus::Succeeded, qPrintable(two.error));
        QVERIFY2(two.warnings.isEmpty(), qPrintable(two.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(
            m_server.targets().last(), QByteArray("/ok?last=Item%20600000&count=600000&first=1"));

        Module broken = first;
        broken.config.url
            = m_server.url(QStringLiteral("/big-json?items=600000&broken=1")).toString();
        Scenario failing;
        failing.reset(QStringLiteral("broken"), {broken, second}, {Link {1, 2}});
        runner.runAll(failing);
        QVERIFY(finished.wait(60000));
        const ModuleRun failed = runner.results().run(1);
        QCOMPARE(failed.status, ModuleRunStatus::Failed);
        QVERIFY2(failed.error.contains(QStringLiteral("not valid JSON")), qPrintable(failed.error));
        // In the same words as for the same body read whole (as a small one would be).
        const ParsedBody whole = ResponseParser::parse(
            failed.exchange.body, "application/json", true, std::numeric_limits<qsizetype>::max());
        QVERIFY(!whole.large);
        QCOMPARE(failed.error, whole.errorMessage);
        QCOMPARE(runner.results().status(2), ModuleRunStatus::Skipped);
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
