// One history for a team (docs/run-history.md): the same runs recorded into PostgreSQL and
// into SQLite read back the same, scenarist-run records into a postgresql:// URL, and a newer
// format is refused there too. The server is the throwaway one tests/servers/postgres-server.sh
// starts (the postgres_server ctest fixture).

#include "HeadlessProcess.h"
#include "core/history/HistorySchema.h"
#include "core/history/RunHistory.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

HistoryRun sampleRun(const QString &path, int number)
{
    HistoryRun run;
    run.scenarioPath = path;
    run.scenarioName = QStringLiteral("Échantillon %1 ✓").arg(number);
    run.contentHash = RunHistory::contentHash(QByteArray::number(number));
    run.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000000 + number * 1000, Qt::UTC);
    run.endedAt = run.startedAt.addMSecs(250 + number);
    run.trigger = number % 2 ? RunTrigger::Headless : RunTrigger::Schedule;
    run.status = number % 3 == 0 ? HistoryStatus::Warning : HistoryStatus::Success;
    for (int i = 1; i <= 4; ++i) {
        HistoryOperation operation;
        operation.moduleId = i;
        operation.moduleType = QStringLiteral("http:request");
        operation.moduleName = QStringLiteral("Module %1").arg(i);
        operation.bundle = i;
        operation.status = i == 4 ? QStringLiteral("filtered") : QStringLiteral("succeeded");
        operation.input = QStringLiteral("{\"run\":%1,\"text\":\"a\\u0000b 漢字\"}").arg(number);
        operation.output = QStringLiteral("binary") + QChar(0) + QStringLiteral("body");
        operation.error = i == 4 ? QStringLiteral("stopped by the filter") : QString();
        operation.durationMs = i * 10 + number;
        operation.attempts = i;
        run.operations.append(operation);
    }
    run.operationCount = 3;
    run.inputs = QJsonObject {
        {QStringLiteral("city"), QStringLiteral("Zürich")}, {QStringLiteral("count"), number}};
    if (number % 3 == 0) {
        HistoryIncomplete bundle;
        bundle.moduleId = 2;
        bundle.bundle = number;
        bundle.error = QStringLiteral("503 Service Unavailable");
        bundle.context = QStringLiteral("{\"1\":{\"data\":{\"n\":%1}}}").arg(number);
        run.incomplete.append(bundle);
    }
    return run;
}

/// Everything a person sees of a history, ids left out (each engine numbers its own).
QStringList describe(RunHistory &history)
{
    QStringList lines;
    QString error;
    for (const HistoryRun &run : history.runs({}, &error)) {
        lines.append(QStringList {run.scenarioPath, run.scenarioName, run.contentHash,
            run.startedAt.toString(Qt::ISODateWithMs), run.endedAt.toString(Qt::ISODateWithMs),
            triggerKey(run.trigger), outcomeKey(run.status), QString::number(run.operationCount),
            QString::fromUtf8(QJsonDocument(run.inputs).toJson(QJsonDocument::Compact))}
                         .join(QLatin1Char('|')));
        for (const HistoryOperation &operation : history.operations(run.id, &error)) {
            lines.append(QStringLiteral("  ")
                + QStringList {QString::number(operation.moduleId), operation.moduleType,
                    operation.moduleName, QString::number(operation.bundle), operation.status,
                    operation.input, operation.output, operation.error,
                    QString::number(operation.durationMs), QString::number(operation.attempts)}
                      .join(QLatin1Char('|')));
        }
    }
    for (const HistoryIncomplete &bundle : history.incomplete({}, false, &error)) {
        lines.append(QStringLiteral("incomplete ")
            + QStringList {bundle.scenarioPath, QString::number(bundle.moduleId),
                QString::number(bundle.bundle), bundle.error, bundle.context,
                QString::fromUtf8(QJsonDocument(bundle.inputs).toJson(QJsonDocument::Compact)),
                bundle.createdAt.toString(Qt::ISODateWithMs), QString::number(int(bundle.state)),
                QString::number(bundle.resolvedAt.isValid())}
                  .join(QLatin1Char('|')));
    }
    if (!error.isEmpty())
        lines.append(QStringLiteral("error: ") + error);
    return lines;
}

} // namespace

class TestHistoryPostgres : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameHistoryAsSqlite();
    void scenaristRunRecordsIntoPostgres();
    void newerFormatRefused();
    void migratesFromTheVersionBefore();

private:
    void dropTables();
    QString m_url;
    QTemporaryDir m_dir;
};

void TestHistoryPostgres::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/lib/postgresql/15/bin/initdb")))
        QSKIP("PostgreSQL 15 is not installed (packaging/setup-debian.sh installs it)");
    QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
        "Qt's PostgreSQL driver is missing: install libqt6sql6-psql");
    m_url = qEnvironmentVariable("SCENARIST_TEST_POSTGRES_URL");
    QFile env(QStringLiteral(SCENARIST_BINARY_DIR "/postgres-server.env"));
    if (m_url.isEmpty() && env.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : env.readAll().split('\n')) {
            if (line.startsWith("POSTGRES_URL="))
                m_url = QString::fromUtf8(line.mid(13)).trimmed();
        }
    }
    QVERIFY2(!m_url.isEmpty(),
        "no PostgreSQL server: run this test with ctest (the postgres_server fixture), or "
        "start tests/servers/postgres-server.sh start build/postgres-server.env");
    dropTables();
}

void TestHistoryPostgres::dropTables()
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("raw"));
        const QUrl url(m_url);
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        QVERIFY(db.open());
        QSqlQuery(db).exec(
            QStringLiteral("DROP TABLE IF EXISTS incomplete, operations, runs, schema_version "
                           "CASCADE"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

void TestHistoryPostgres::sameHistoryAsSqlite()
{
    RunHistory postgres(m_url);
    RunHistory sqlite(m_dir.filePath(QStringLiteral("history.sqlite")));
    QString error;
    QVERIFY2(postgres.open(&error), qPrintable(error));
    QVERIFY(postgres.isPostgres());
    for (RunHistory *history : {&postgres, &sqlite}) {
        history->setKeepRuns(3);
        for (int i = 1; i <= 6; ++i) {
            QVERIFY2(history->record(sampleRun(QStringLiteral("/team/a.json"), i), &error) > 0,
                qPrintable(error));
            QVERIFY(history->record(sampleRun(QStringLiteral("/team/b.json"), 10 + i), &error) > 0);
            QVERIFY(history->record(sampleRun(QStringLiteral("/team/c.json"), 20 + i), &error) > 0);
        }
        QCOMPARE(history->deleteHistory(QStringLiteral("/team/c.json"), &error), 3);
        const QList<HistoryIncomplete> open
            = history->incomplete(QStringLiteral("/team/a.json"), true, &error);
        QCOMPARE(open.size(), 2); // runs 3 and 6: retention keeps incomplete executions
        QVERIFY(history->setIncompleteState(
            open.last().id, HistoryIncomplete::State::Resolved, &error));
        QCOMPARE(history->incomplete(QStringLiteral("/team/a.json"), true, &error).size(), 1);
    }
    const QStringList fromPostgres = describe(postgres);
    const QStringList fromSqlite = describe(sqlite);
    // Two scenarios, three runs, a line and four operations each; and the incomplete bundles
    // of runs 3 and 6 of a.json and 13 and 16 of b.json.
    QCOMPARE(fromPostgres.size(), 2 * 3 * 5 + 4);
    QCOMPARE(fromPostgres, fromSqlite);
}

void TestHistoryPostgres::scenaristRunRecordsIntoPostgres()
{
    const HeadlessOutcome outcome
        = runHeadless({QStringLiteral("--sandbox"), QStringLiteral("--history-db"), m_url,
            QStringLiteral(SCENARIST_SOURCE_DIR
                "/resources/examples/oauth2-client-credentials.scenario.json")});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(!outcome.err.contains("warning"), outcome.err.constData());
    RunHistory history(m_url);
    QString error;
    const QList<HistoryRun> runs = history.runs({}, &error);
    QVERIFY(!runs.isEmpty());
    QVERIFY(runs.first().scenarioPath.endsWith(
        QLatin1String("oauth2-client-credentials.scenario.json")));
    QCOMPARE(runs.first().operationCount, 2);
    const QList<HistoryOperation> operations = history.operations(runs.first().id, &error);
    QCOMPARE(operations.size(), 2);
    QVERIFY(!operations.first().input.contains(QLatin1String("demo-secret")));
    QVERIFY(operations.first().output.contains(QLatin1String("\"access_token\":\"********\"")));
}

void TestHistoryPostgres::newerFormatRefused()
{
    dropTables();
    {
        RunHistory history(m_url);
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("raw"));
        const QUrl url(m_url);
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("UPDATE schema_version SET version = %1")
                                       .arg(HistorySchema::CurrentVersion + 1)));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    RunHistory history(m_url);
    QString error;
    QVERIFY(!history.open(&error));
    QVERIFY2(error.contains(QLatin1String("newer version of Scenarist")), qPrintable(error));
    // scenarist-run warns and runs on.
    const HeadlessOutcome outcome
        = runHeadless({QStringLiteral("--sandbox"), QStringLiteral("--history-db"), m_url,
            QStringLiteral(
                SCENARIST_SOURCE_DIR "/resources/examples/iterate-and-aggregate.scenario.json")});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.err.contains("newer version of Scenarist"), outcome.err.constData());
    dropTables();
}

void TestHistoryPostgres::migratesFromTheVersionBefore()
{
    dropTables();
    const QString name = QStringLiteral("older");
    {
        // The database as the version before left it, with a run in it.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        const QUrl url(m_url);
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        QVERIFY(db.open());
        QString error;
        QVERIFY2(HistorySchema::migrate(db, true, &error, HistorySchema::CurrentVersion - 1),
            qPrintable(error));
        QCOMPARE(HistorySchema::version(db, &error), HistorySchema::CurrentVersion - 1);
        QVERIFY(QSqlQuery(db).exec(QStringLiteral(
            "INSERT INTO runs (scenario_path, scenario_name, content_hash, started_ms, "
            "ended_ms, trigger_kind, status, operation_count) VALUES ('/old.json', 'Old', 'h', "
            "1700000000000, 1700000001000, 'headless', 'success', 0)")));
    }
    QSqlDatabase::removeDatabase(name);
    RunHistory history(m_url);
    QString error;
    QVERIFY2(history.open(&error), qPrintable(error));
    const QList<HistoryRun> runs = history.runs({}, &error);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().scenarioName, QStringLiteral("Old"));
    QVERIFY(runs.first().inputs.isEmpty());
    QVERIFY(history.record(sampleRun(QStringLiteral("/old.json"), 3), &error) > 0);
    QCOMPARE(history.runs({}, &error).first().inputs.value(QStringLiteral("city")).toString(),
        QStringLiteral("Zürich"));
    QCOMPARE(history.incomplete(QStringLiteral("/old.json"), true, &error).size(), 1);
}
QTEST_GUILESS_MAIN(TestHistoryPostgres)
#include "tst_history_postgres.moc"
