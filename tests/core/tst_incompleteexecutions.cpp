// Incomplete executions kept in the run history (docs/run-history.md): what a run leaves is
// stored masked, a retry from the stored record runs only that bundle from its module with
// the context it had and marks it retried, and a bundle that would need a value the history
// masked is refused in plain words.

#include "TestHttpServer.h"
#include "core/history/IncompleteRetry.h"
#include "core/history/RunHistory.h"
#include "core/history/RunRecorder.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QByteArray token = "tok-7Hq2Vx9LmZ";
const QString clientSecret = QStringLiteral("cs-very-private-42");

QJsonObject http(int id, const QString &url, const QJsonArray &headers = {},
    const QJsonObject &body = QJsonObject {{"type", "none"}})
{
    return QJsonObject {{"id", id}, {"type", "http.request"},
        {"label", QStringLiteral("Request %1").arg(id)},
        {"config",
            QJsonObject {{"method", body.value("type") == "none" ? "GET" : "POST"}, {"url", url},
                {"headers", headers}, {"body", body}, {"parseResponse", true},
                {"errorOnHttpStatus", true}}}};
}

/// Module 1 signs in (its answer holds a token and echoes the client secret), module 2 makes
/// three bundles, module 3 fetches each item (the header `itemHeader` maps), and Break (4)
/// gives up at once on a bundle module 3 fails on.
void load(Scenario &scenario, const TestHttpServer &server, const QString &itemHeader)
{
    const QJsonArray modules {
        http(1, server.url(QStringLiteral("/token")).toString(), {},
            QJsonObject {{"type", "urlencoded"},
                {"fields",
                    QJsonArray {QJsonObject {
                        {"name", "client_secret"}, {"value", "{{secrets.client_secret}}"}}}}}),
        QJsonObject {{"id", 2}, {"type", "flow.repeater"}, {"label", "Three items"},
            {"config", QJsonObject {{"repeats", "3"}}}},
        http(3, server.url(QStringLiteral("/item/")).toString() + QStringLiteral("{{2.i}}"),
            QJsonArray {QJsonObject {{"name", "X-Item"}, {"value", itemHeader}}}),
        QJsonObject {{"id", 4}, {"type", "flow.break"}, {"label", "Give up"},
            {"config", QJsonObject {{"count", 0}, {"intervalSeconds", 0}}}},
    };
    const QJsonArray links {QJsonObject {{"from", 1}, {"to", 2}},
        QJsonObject {{"from", 2}, {"to", 3}},
        QJsonObject {{"from", 3}, {"to", 4}, {"onError", true}}};
    QString error;
    const auto document
        = ScenarioFile::fromJson(QJsonObject {{"format", "scenarist-scenario"}, {"version", 2},
                                     {"name", "Items"}, {"modules", modules}, {"links", links}},
            &error);
    QVERIFY2(document, qPrintable(error));
    document->applyTo(scenario);
}

QByteArray fileBytes(const QString &path)
{
    QByteArray bytes;
    for (const QString &file : {path, path + QStringLiteral("-wal")}) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            bytes += f.readAll();
    }
    return bytes;
}

} // namespace

class TestIncompleteExecutions : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void keepsTheBundleMasked();
    void retryRunsOnlyThatBundleAndMarksItRetried();
    void aMaskedValueIsRefused();

private:
    /// Runs the whole scenario and records it (with its incomplete bundles) in m_history.
    void runAndRecord(const QString &itemHeader);

    QTemporaryDir m_dir;
    TestHttpServer m_server;
    Scenario m_scenario;
    std::unique_ptr<RunHistory> m_history;
    std::unique_ptr<ScenarioRunner> m_runner;
    int m_failuresLeft = 1; ///< how many more times /item/2 answers 503
    QString m_path;
};

void TestIncompleteExecutions::init()
{
    if (m_server.port() == 0)
        QVERIFY(m_server.listen());
    m_server.setHandler([this](const TestHttpServer::Request &request) {
        if (request.path == "/token")
            return TestHttpServer::Response::json("{\"access_token\": \"" + token
                + "\", \"token_type\": \"Bearer\", \"note\": \"" + request.body + "\"}");
        if (request.path == "/item/2" && m_failuresLeft > 0) {
            --m_failuresLeft;
            return TestHttpServer::Response::json("{\"error\": \"busy\"}", 503);
        }
        return TestHttpServer::Response::json("{\"item\": \"" + request.path + "\"}");
    });
    m_failuresLeft = 1;
    // A history of each test's own.
    m_history = std::make_unique<RunHistory>(
        m_dir.filePath(QLatin1String(QTest::currentTestFunction()) + QStringLiteral(".sqlite")));
    QString error;
    QVERIFY2(m_history->open(&error), qPrintable(error));
    m_runner = std::make_unique<ScenarioRunner>();
    m_runner->setNamedRoot(
        QStringLiteral("secrets"), QJsonObject {{"client_secret", clientSecret}});
    m_path = m_dir.filePath(QStringLiteral("items.scenario.json"));
}

void TestIncompleteExecutions::runAndRecord(const QString &itemHeader)
{
    load(m_scenario, m_server, itemHeader);
    QSignalSpy finished(m_runner.get(), &ScenarioRunner::runFinished);
    m_runner->runAll(m_scenario);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_runner->lastStatus(), FlowStatus::Warning);
    HistoryRun run;
    run.scenarioPath = m_path;
    run.scenarioName = m_scenario.name();
    run.startedAt = run.endedAt = QDateTime::currentDateTimeUtc();
    run.inputs = QJsonObject {{"city", "Lyon"}};
    RunRecorder::addOperations(&run, m_scenario.modules(), m_runner->flowRecord()->order,
        m_runner->results(), m_runner->lastStatus());
    RunRecorder::addIncomplete(&run, m_runner->results());
    QString error;
    QVERIFY2(m_history->record(run, &error) > 0, qPrintable(error));
}

void TestIncompleteExecutions::keepsTheBundleMasked()
{
    runAndRecord(QStringLiteral("item {{2.i}}"));
    QString error;
    const QList<HistoryIncomplete> open = m_history->incomplete(m_path, true, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(open.size(), 1);
    const HistoryIncomplete &bundle = open.first();
    QCOMPARE(bundle.moduleId, 3);
    QCOMPARE(bundle.bundle, 2);
    QVERIFY2(bundle.error.contains(QLatin1String("503")), qPrintable(bundle.error));
    QCOMPARE(bundle.inputs, (QJsonObject {{"city", "Lyon"}}));
    const QJsonObject context = QJsonDocument::fromJson(bundle.context.toUtf8()).object();
    QCOMPARE(context.value("2").toObject().value("i").toInt(), 2);
    QCOMPARE(context.value("1").toObject().value("data").toObject().value("token_type"),
        QJsonValue("Bearer"));
    QCOMPARE(context.value("1").toObject().value("data").toObject().value("access_token"),
        QJsonValue("********"));
    // The server echoed the client secret under a key that names no secret: masked too.
    QVERIFY(
        context.value("1").toObject().value("data").toObject().value("note").toString().contains(
            QLatin1String("********")));
    m_history.reset();
    const QByteArray bytes = fileBytes(
        m_dir.filePath(QLatin1String(QTest::currentTestFunction()) + QStringLiteral(".sqlite")));
    QVERIFY(bytes.contains("Three items") || bytes.contains("/item/2"));
    QVERIFY2(!bytes.contains(token), "the received token is in the history's file");
    QVERIFY2(!bytes.contains(clientSecret.toUtf8()), "the client secret is in the history's file");
}

void TestIncompleteExecutions::retryRunsOnlyThatBundleAndMarksItRetried()
{
    runAndRecord(QStringLiteral("item {{2.i}}"));
    QString error;
    const HistoryIncomplete stored = m_history->incomplete(m_path, true, &error).value(0);
    QCOMPARE(stored.moduleId, 3);
    const int before = m_server.requestCount();

    QString why;
    const std::optional<IncompleteRecord> record
        = IncompleteRetry::prepare(stored, m_scenario, &why);
    QVERIFY2(record, qPrintable(why));
    m_runner->setNamedRoot(QStringLiteral("var"), IncompleteRetry::variables(stored));
    QSignalSpy finished(m_runner.get(), &ScenarioRunner::runFinished);
    m_runner->retryIncomplete(m_scenario, *record);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_runner->lastStatus(), FlowStatus::Success);
    // Only bundle 2 went again, from module 3, with what it had: no new token, no item 1 or 3.
    const QList<TestHttpServer::Request> requests = m_server.requests().mid(before);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().path, QByteArray("/item/2"));
    QCOMPARE(requests.first().header("X-Item"), QByteArray("item 2"));

    HistoryRun retry;
    retry.scenarioPath = m_path;
    retry.startedAt = retry.endedAt = QDateTime::currentDateTimeUtc();
    retry.trigger = RunTrigger::App;
    RunRecorder::addOperations(&retry, m_scenario.modules(), m_runner->flowRecord()->order,
        m_runner->results(), m_runner->lastStatus());
    RunRecorder::addIncomplete(&retry, m_runner->results());
    QCOMPARE(IncompleteRetry::finish(*m_history, stored, retry, &error), QString());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_history->incomplete(m_path, true, &error).isEmpty());
    const QList<HistoryIncomplete> all = m_history->incomplete(m_path, false, &error);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().state, HistoryIncomplete::State::Retried);
    // The retry is a run of its own, with the inputs its bundle had.
    const QList<HistoryRun> runs = m_history->runs(m_path, &error);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.first().status, HistoryStatus::Success);
    QCOMPARE(runs.first().trigger, RunTrigger::App);
    QCOMPARE(runs.first().inputs, (QJsonObject {{"city", "Lyon"}}));
}

void TestIncompleteExecutions::aMaskedValueIsRefused()
{
    runAndRecord(QStringLiteral("Bearer {{1.data.access_token}}"));
    QString error;
    const HistoryIncomplete stored = m_history->incomplete(m_path, true, &error).value(0);
    QCOMPARE(stored.moduleId, 3);
    QString why;
    QVERIFY(!IncompleteRetry::prepare(stored, m_scenario, &why));
    QVERIFY2(why.contains(QLatin1String("the history does not keep")), qPrintable(why));
    QVERIFY2(why.contains(QLatin1String("Run the scenario again")), qPrintable(why));
    // A value next to the token is no secret: mapping it may be retried.
    load(m_scenario, m_server, QStringLiteral("{{1.data.token_type}}"));
    QVERIFY2(IncompleteRetry::prepare(stored, m_scenario, &why), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestIncompleteExecutions)
#include "tst_incompleteexecutions.moc"
