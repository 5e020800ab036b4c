// "Retry when the server is busy" against a server nobody here wrote: httpbin's /status/429
// and /status/503 are busy every time, so scenarist-run sends the request as many times as the
// module allows, lists each try in the report, and then says the module failed.

#include "HeadlessProcess.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class TestThirdPartyRetries : public QObject
{
    Q_OBJECT

private:
    QString m_httpbin;

private slots:
    void initTestCase()
    {
        m_httpbin = TestSupport::thirdPartyServers().value(QStringLiteral("HTTPBIN_URL"));
        QVERIFY2(!m_httpbin.isEmpty(),
            "The third-party servers are not running: run this test through ctest, whose "
            "fixture thirdparty_servers_start starts them.");
    }

    void busyEveryTime_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("429 Too Many Requests") << 429;
        QTest::newRow("503 Service Unavailable") << 503;
    }

    void busyEveryTime()
    {
        QFETCH(int, status);
        const QJsonObject module {{"id", 1}, {"type", "http.request"}, {"label", "Busy"},
            {"config",
                QJsonObject {{"url", QStringLiteral("%1/status/%2").arg(m_httpbin).arg(status)},
                    {"retry",
                        QJsonObject {
                            {"whenBusy", true}, {"maxTries", 3}, {"maxWaitSeconds", 1}}}}}};
        QTemporaryDir dir;
        const QString path = writeScenarioFile(dir, QJsonArray {module});
        QVERIFY(!path.isEmpty());
        QElapsedTimer clock;
        clock.start();
        const HeadlessOutcome outcome
            = runHeadless({QStringLiteral("--output"), QStringLiteral("json"), path});
        QCOMPARE(outcome.exitCode, 1);
        const QJsonObject entry = QJsonDocument::fromJson(outcome.out)
                                      .object()
                                      .value("modules")
                                      .toArray()
                                      .first()
                                      .toObject();
        QCOMPARE(entry.value("status").toString(), QStringLiteral("failed"));
        QList<int> statuses;
        for (const QJsonValue &attempt : entry.value("attempts").toArray())
            statuses.append(attempt.toObject().value("statusCode").toInt(-1));
        QCOMPARE(statuses, (QList<int> {status, status, status}));
        // Two waits between three tries, each at most the module's longest wait (1 s).
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestThirdPartyRetries)
#include "tst_thirdparty_retries.moc"
