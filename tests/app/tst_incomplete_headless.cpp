// scenarist-run --retry-incomplete FILE (docs/run-history.md): retries the bundles a run left
// incomplete, one after another, from the history; exit 0 when all succeeded, 3 when some
// are still incomplete, and says so when there is nothing to retry.

#include "HeadlessProcess.h"
#include "TestHttpServer.h"
#include "core/history/RunHistory.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class TestIncompleteHeadless : public QObject
{
    Q_OBJECT

private slots:
    void retriesUntilTheServerAnswers();
    void refusesWithoutHistory();

private:
    /// Three items; item 2 answers 503 while m_failuresLeft > 0, and Break gives up at once.
    QString writeScenario(const QTemporaryDir &dir);

    TestHttpServer m_server;
    int m_failuresLeft = 0;
};

QString TestIncompleteHeadless::writeScenario(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("items.scenario.json"));
    const QJsonArray modules {
        QJsonObject {{"id", 1}, {"type", "flow.repeater"}, {"label", "Three items"},
            {"config", QJsonObject {{"repeats", "3"}}}},
        QJsonObject {{"id", 2}, {"type", "http.request"}, {"label", "Get an item"},
            {"config",
                QJsonObject {{"method", "GET"},
                    {"url", m_server.url(QStringLiteral("/item/")).toString() + "{{1.i}}"},
                    {"parseResponse", true}, {"errorOnHttpStatus", true}}}},
        QJsonObject {{"id", 3}, {"type", "flow.break"}, {"label", "Give up"},
            {"config", QJsonObject {{"count", 0}, {"intervalSeconds", 0}}}},
    };
    const QJsonArray links {QJsonObject {{"from", 1}, {"to", 2}},
        QJsonObject {{"from", 2}, {"to", 3}, {"onError", true}}};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QJsonDocument(QJsonObject {{"format", "scenarist-scenario"}, {"version", 2},
                                 {"name", "Items"}, {"modules", modules}, {"links", links}})
                   .toJson());
    return path;
}

void TestIncompleteHeadless::retriesUntilTheServerAnswers()
{
    QVERIFY(m_server.listen());
    m_server.setHandler([this](const TestHttpServer::Request &request) {
        if (request.path == "/item/2" && m_failuresLeft > 0) {
            --m_failuresLeft;
            return TestHttpServer::Response::json("{\"error\": \"busy\"}", 503);
        }
        return TestHttpServer::Response::json("{\"item\": \"" + request.path + "\"}");
    });
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    const QString file = writeScenario(dir);
    QVERIFY(!file.isEmpty());
    const QStringList history {QStringLiteral("--history-db"), db};

    // The run: items 1 and 3 go through, item 2 is left incomplete.
    m_failuresLeft = 2;
    HeadlessOutcome outcome = runHeadless(history + QStringList {file});
    QCOMPARE(outcome.exitCode, 3);
    RunHistory stored(db);
    QString error;
    QList<HistoryIncomplete> open
        = stored.incomplete(QFileInfo(file).canonicalFilePath(), true, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().moduleId, 2);
    QCOMPARE(open.first().bundle, 2);
    const qint64 id = open.first().id;
    const int requests = m_server.requestCount();

    // The server is still busy once: the bundle stays incomplete, exit 3.
    outcome = runHeadless(history + QStringList {QStringLiteral("--retry-incomplete"), file});
    QCOMPARE(outcome.exitCode, 3);
    QVERIFY2(outcome.out.contains("Bundle 2 at module 2 (Get an item): failed again"),
        outcome.out.constData());
    QCOMPARE(m_server.requestCount(), requests + 1);
    QCOMPARE(m_server.lastRequest().path, QByteArray("/item/2"));
    open = stored.incomplete(QFileInfo(file).canonicalFilePath(), true, &error);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().id, id);
    QVERIFY2(open.first().error.contains(QLatin1String("503")), qPrintable(open.first().error));

    // Now it answers: retried, exit 0, and nothing is left open.
    outcome = runHeadless(history + QStringList {QStringLiteral("--retry-incomplete"), file});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.out.contains("Bundle 2 at module 2 (Get an item): retried, it succeeded."),
        outcome.out.constData());
    QCOMPARE(m_server.requestCount(), requests + 2);
    QVERIFY(stored.incomplete(QFileInfo(file).canonicalFilePath(), true, &error).isEmpty());
    const QList<HistoryIncomplete> all
        = stored.incomplete(QFileInfo(file).canonicalFilePath(), false, &error);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().state, HistoryIncomplete::State::Retried);
    // Each retry is a run of its own.
    QCOMPARE(stored.runs(QFileInfo(file).canonicalFilePath(), &error).size(), 3);

    // Nothing left: it says so, exit 0, nothing sent.
    outcome = runHeadless(history + QStringList {QStringLiteral("--retry-incomplete"), file});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.out.contains("no incomplete executions to retry"), outcome.out.constData());
    QCOMPARE(m_server.requestCount(), requests + 2);
}

void TestIncompleteHeadless::refusesWithoutHistory()
{
    QTemporaryDir dir;
    const HeadlessOutcome outcome = runHeadless({QStringLiteral("--no-history"),
        QStringLiteral("--retry-incomplete"), dir.filePath(QStringLiteral("any.scenario.json"))});
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(
        outcome.err.contains("--retry-incomplete reads the run history"), outcome.err.constData());
}

QTEST_GUILESS_MAIN(TestIncompleteHeadless)
#include "tst_incomplete_headless.moc"
