// The run history's store (docs/run-history.md): its tables made from nothing, a newer
// format refused, retention, "Delete history", and what RunRecorder keeps of a run (secrets
// masked, large texts cut).

#include "core/history/HistorySchema.h"
#include "core/history/RunHistory.h"
#include "core/history/RunRecorder.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

HistoryRun sampleRun(const QString &path, int number)
{
    HistoryRun run;
    run.scenarioPath = path;
    run.scenarioName = QStringLiteral("Sample %1").arg(number);
    run.contentHash = RunHistory::contentHash(QByteArray::number(number));
    run.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000000 + number * 1000, Qt::UTC);
    run.endedAt = run.startedAt.addMSecs(250);
    run.status = number % 3 == 0 ? HistoryStatus::Warning : HistoryStatus::Success;
    for (int i = 1; i <= 3; ++i) {
        HistoryOperation operation;
        operation.moduleId = i;
        operation.moduleType = QStringLiteral("http:request");
        operation.moduleName = QStringLiteral("Module %1").arg(i);
        operation.bundle = number;
        operation.status = QStringLiteral("succeeded");
        operation.input = QStringLiteral("{\"run\":%1}").arg(number);
        operation.output = QStringLiteral("{\"ok\":true}");
        operation.durationMs = i * 10;
        run.operations.append(operation);
    }
    run.operationCount = 3;
    return run;
}

/// Runs `statements` on the SQLite file at `path` in a connection of their own.
void execute(const QString &path, const QStringList &statements)
{
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        for (const QString &statement : statements)
            QVERIFY2(QSqlQuery(db).exec(statement), qPrintable(statement));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

} // namespace

class TestRunHistory : public QObject
{
    Q_OBJECT

private slots:
    void createsItsTablesInAnEmptyDatabase();
    void refusesANewerFormat();
    void retentionKeepsExactlyN_data();
    void retentionKeepsExactlyN();
    void deleteHistoryOfOneScenario();
    void migratesFromTheVersionBefore();
    void keepsInputsAndIncompleteExecutions();
    void recorderMasksSecretsEverywhere();
    void recorderCutsLargeTexts();
    void defaultLocationIsTheAppsDataFolder();

private:
    QTemporaryDir m_dir;
};

void TestRunHistory::createsItsTablesInAnEmptyDatabase()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.sqlite"));
    execute(path, {}); // an empty database file
    RunHistory history(path);
    QString error;
    QVERIFY2(history.open(&error), qPrintable(error));
    QVERIFY(history.record(sampleRun(QStringLiteral("/a.json"), 1), &error) > 0);
    const QList<HistoryRun> runs = history.runs(QStringLiteral("/a.json"), &error);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().scenarioName, QStringLiteral("Sample 1"));
    QCOMPARE(runs.first().startedAt, QDateTime::fromMSecsSinceEpoch(1700000001000, Qt::UTC));
    QCOMPARE(history.operations(runs.first().id, &error).size(), 3);
    // Opened again (as by the next run), the tables stay as they are.
    RunHistory again(path);
    QVERIFY(again.open(&error));
    QCOMPARE(again.runs({}, &error).size(), 1);
}

void TestRunHistory::refusesANewerFormat()
{
    const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
    execute(path,
        {QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"),
            QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)")
                .arg(HistorySchema::CurrentVersion + 1)});
    RunHistory history(path);
    QString error;
    QVERIFY(!history.open(&error));
    QVERIFY2(error.contains(QLatin1String("newer version of Scenarist")), qPrintable(error));
    QVERIFY(error.contains(QLatin1String("Update Scenarist")));
    QCOMPARE(history.record(sampleRun(QStringLiteral("/a.json"), 1), &error), -1);
}

void TestRunHistory::retentionKeepsExactlyN_data()
{
    QTest::addColumn<int>("keep");
    QTest::addColumn<int>("recorded");
    QTest::newRow("fewer than kept") << 5 << 3;
    QTest::newRow("as many as kept") << 5 << 5;
    QTest::newRow("more than kept") << 5 << 12;
    QTest::newRow("one") << 1 << 4;
}

void TestRunHistory::retentionKeepsExactlyN()
{
    QFETCH(int, keep);
    QFETCH(int, recorded);
    const QString path
        = m_dir.filePath(QStringLiteral("keep-%1-%2.sqlite").arg(keep).arg(recorded));
    RunHistory history(path);
    history.setKeepRuns(keep);
    QString error;
    for (int i = 1; i <= recorded; ++i) {
        QVERIFY2(history.record(sampleRun(QStringLiteral("/kept.json"), i), &error) > 0,
            qPrintable(error));
        // Another scenario's runs do not count against this one's.
        QVERIFY(history.record(sampleRun(QStringLiteral("/other.json"), i), &error) > 0);
    }
    const QList<HistoryRun> runs = history.runs(QStringLiteral("/kept.json"), &error);
    QCOMPARE(runs.size(), std::min(keep, recorded));
    QCOMPARE(runs.first().scenarioName, QStringLiteral("Sample %1").arg(recorded)); // newest
    QCOMPARE(runs.last().scenarioName,
        QStringLiteral("Sample %1").arg(recorded - std::min(keep, recorded) + 1));
    QCOMPARE(history.runs(QStringLiteral("/other.json"), &error).size(), std::min(keep, recorded));
    // Forgotten runs take their operations with them.
    {
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery count(db);
        QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM operations")) && count.next());
        QCOMPARE(count.value(0).toInt(), 2 * 3 * std::min(keep, recorded));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("count"));
}

void TestRunHistory::deleteHistoryOfOneScenario()
{
    RunHistory history(m_dir.filePath(QStringLiteral("delete.sqlite")));
    QString error;
    for (int i = 1; i <= 4; ++i)
        QVERIFY(history.record(sampleRun(QStringLiteral("/gone.json"), i), &error) > 0);
    QVERIFY(history.record(sampleRun(QStringLiteral("/stays.json"), 1), &error) > 0);
    QCOMPARE(history.deleteHistory(QStringLiteral("/gone.json"), &error), 4);
    QCOMPARE(history.runs(QStringLiteral("/gone.json"), &error).size(), 0);
    QCOMPARE(history.runs({}, &error).size(), 1);
    QCOMPARE(history.deleteHistory(QStringLiteral("/gone.json"), &error), 0);
}

void TestRunHistory::migratesFromTheVersionBefore()
{
    const QString path = m_dir.filePath(QStringLiteral("older.sqlite"));
    {
        // The file as the version before left it, with a run in it.
        QSqlDatabase db
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("older"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QString error;
        QVERIFY2(HistorySchema::migrate(db, false, &error, HistorySchema::CurrentVersion - 1),
            qPrintable(error));
        QCOMPARE(HistorySchema::version(db, &error), HistorySchema::CurrentVersion - 1);
        QVERIFY(!db.tables().contains(QStringLiteral("incomplete")));
        QVERIFY(QSqlQuery(db).exec(QStringLiteral(
            "INSERT INTO runs (scenario_path, scenario_name, content_hash, started_ms, "
            "ended_ms, trigger_kind, status, operation_count) VALUES ('/old.json', 'Old', 'h', "
            "1700000000000, 1700000001000, 'headless', 'success', 0)")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("older"));
    RunHistory history(path);
    QString error;
    QVERIFY2(history.open(&error), qPrintable(error));
    QList<HistoryRun> runs = history.runs({}, &error);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().scenarioName, QStringLiteral("Old"));
    QVERIFY(runs.first().inputs.isEmpty());
    HistoryRun next = sampleRun(QStringLiteral("/old.json"), 2);
    next.inputs.insert(QStringLiteral("city"), QStringLiteral("Zürich"));
    QVERIFY2(history.record(next, &error) > 0, qPrintable(error));
    runs = history.runs({}, &error);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(
        runs.first().inputs.value(QStringLiteral("city")).toString(), QStringLiteral("Zürich"));
}

void TestRunHistory::keepsInputsAndIncompleteExecutions()
{
    RunHistory history(m_dir.filePath(QStringLiteral("incomplete.sqlite")));
    history.setKeepRuns(1);
    QString error;
    HistoryRun run = sampleRun(QStringLiteral("/break.json"), 1);
    run.inputs.insert(QStringLiteral("count"), 3);
    HistoryIncomplete bundle;
    bundle.moduleId = 2;
    bundle.bundle = 3;
    bundle.error = QStringLiteral("503 Service Unavailable");
    bundle.context = QStringLiteral("{\"1\":{\"data\":[1,2,3]}}");
    run.incomplete.append(bundle);
    const qint64 runId = history.record(run, &error);
    QVERIFY2(runId > 0, qPrintable(error));
    // The next run pushes that run out (keep 1); its incomplete bundle stays to be retried.
    QVERIFY(history.record(sampleRun(QStringLiteral("/break.json"), 2), &error) > 0);
    QCOMPARE(history.runs(QStringLiteral("/break.json"), &error).size(), 1);
    QList<HistoryIncomplete> open = history.incomplete(QStringLiteral("/break.json"), true, &error);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().runId, runId);
    QCOMPARE(open.first().moduleId, 2);
    QCOMPARE(open.first().bundle, 3);
    QCOMPARE(open.first().error, bundle.error);
    QCOMPARE(open.first().context, bundle.context);
    QCOMPARE(open.first().inputs.value(QStringLiteral("count")).toInt(), 3);
    QCOMPARE(open.first().state, HistoryIncomplete::State::Open);
    QVERIFY(!open.first().resolvedAt.isValid());

    QVERIFY2(
        history.setIncompleteState(open.first().id, HistoryIncomplete::State::Resolved, &error),
        qPrintable(error));
    QVERIFY(history.incomplete(QStringLiteral("/break.json"), true, &error).isEmpty());
    const QList<HistoryIncomplete> all
        = history.incomplete(QStringLiteral("/break.json"), false, &error);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().state, HistoryIncomplete::State::Resolved);
    QVERIFY(all.first().resolvedAt.isValid());
    QVERIFY(!history.setIncompleteState(999, HistoryIncomplete::State::Resolved, &error));

    // "Delete history" forgets them too.
    QCOMPARE(history.deleteHistory(QStringLiteral("/break.json"), &error), 1);
    QVERIFY(history.incomplete({}, false, &error).isEmpty());
}

void TestRunHistory::recorderMasksSecretsEverywhere()
{
    // Module 1 sent a secret and got a token back; module 2's server echoed both.
    const QString secret = QStringLiteral("s3cret-value-42");
    const QString token = QStringLiteral("eyJ.received.token");
    RunResult results;
    results[1].secretValues = {secret};
    FlowRecord flow;
    OperationRecord first;
    first.input = QJsonObject {{QStringLiteral("body"), QStringLiteral("client_secret=") + secret}};
    first.outputs = {QJsonObject {{QStringLiteral("data"),
        QJsonObject {{QStringLiteral("access_token"), token},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")}}}}};
    OperationRecord second;
    second.input = QJsonObject {{QStringLiteral("url"), QStringLiteral("https://x/?t=") + token}};
    second.outputs = {QJsonObject {{QStringLiteral("echo"), secret + QLatin1Char(' ') + token}}};
    second.failed = true;
    second.error = ModuleError {};
    second.error->message = QStringLiteral("refused ") + token;
    flow.modules[1].operations = {first};
    flow.modules[2].operations = {second};
    flow.modules[2].dropped = {DroppedRecord {2, QStringLiteral("status is not 200")}};
    flow.order = {1, 2};
    results.setFlowRecord(flow);
    QList<Module> modules(2);
    modules[0].id = 1;
    modules[1].id = 2;

    HistoryRun run;
    RunRecorder::addOperations(&run, modules, {1, 2}, results, FlowStatus::Error);
    QCOMPARE(run.operations.size(), 3);
    QCOMPARE(run.operationCount, 2);
    QCOMPARE(run.status, HistoryStatus::Error);
    QCOMPARE(run.operations.at(2).status, QStringLiteral("filtered"));
    QCOMPARE(run.operations.at(2).error, QStringLiteral("status is not 200"));
    for (const HistoryOperation &operation : run.operations) {
        for (const QString &text : {operation.input, operation.output, operation.error}) {
            QVERIFY2(!text.contains(secret), qPrintable(text));
            QVERIFY2(!text.contains(token), qPrintable(text));
        }
    }
    QVERIFY(run.operations.at(0).output.contains(QLatin1String("\"access_token\":\"********\"")));
    QVERIFY(run.operations.at(0).output.contains(QLatin1String("Bearer"))); // not a secret
    QCOMPARE(run.operations.at(1).error, QStringLiteral("refused ********"));
}

void TestRunHistory::recorderCutsLargeTexts()
{
    const QString small(1000, QLatin1Char('a'));
    QCOMPARE(RunRecorder::cut(small), small);
    const QString large(3 * 1024 * 1024, QChar(0x00e9)); // é: two bytes each, 6 MB
    const QString cut = RunRecorder::cut(large);
    QVERIFY(cut.toUtf8().size() < RunRecorder::MaxTextBytes + 200);
    QVERIFY(cut.toUtf8().size() > RunRecorder::MaxTextBytes - 10);
    QVERIFY2(cut.endsWith(QLatin1String("the whole was 6291456 bytes; the history keeps the "
                                        "first 1 MB]")),
        qPrintable(cut.right(100)));
}

void TestRunHistory::defaultLocationIsTheAppsDataFolder()
{
    // scenarist-run's application name differs from the app's; the file is the app's.
    QVERIFY(RunHistory::defaultLocation().endsWith(
        QLatin1String("/Scenarist/Scenarist/run-history.sqlite")));
    qputenv("SCENARIST_HISTORY_DB", "/tmp/elsewhere.sqlite");
    QCOMPARE(RunHistory::locationFromEnvironment(), QStringLiteral("/tmp/elsewhere.sqlite"));
    qunsetenv("SCENARIST_HISTORY_DB");
    QCOMPARE(RunHistory::locationFromEnvironment(), RunHistory::defaultLocation());
}

QTEST_GUILESS_MAIN(TestRunHistory)
#include "tst_runhistory.moc"
