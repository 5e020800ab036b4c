// scenarist-run records every run in the run history (docs/run-history.md): two runners at
// once lose nothing, a runner killed while writing leaves a readable history, and no secret
// or received token ever reaches the database file.

#include "HeadlessProcess.h"
#include "core/history/RunHistory.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

namespace {

QString example(const char *name)
{
    return QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

/// The database's bytes, with its write-ahead log if one is left.
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

QString integrity(const QString &path)
{
    const QString name = QStringLiteral("integrity-check");
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next())
                result = query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

class TestHistoryHeadless : public QObject
{
    Q_OBJECT

private slots:
    void recordsEachRun();
    void noSecretOrTokenInTheFile();
    void twoRunnersAtOnceLoseNothing();
    void killedWhileWritingLeavesAReadableHistory();
    void noHistoryRecordsNothing();
    void unwritableHistoryKeepsTheExitStatus();
    void deleteHistoryForgetsTheScenario();
};

void TestHistoryHeadless::recordsEachRun()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    const HeadlessOutcome outcome = runHeadless({QStringLiteral("--sandbox"),
        QStringLiteral("--history-db"), db, QStringLiteral("--repeat"), QStringLiteral("3"),
        example("iterate-and-aggregate.scenario.json")});
    QCOMPARE(outcome.exitCode, 0);
    RunHistory history(db);
    QString error;
    const QList<HistoryRun> runs = history.runs({}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(runs.size(), 3);
    const HistoryRun &last = runs.first();
    QVERIFY(last.scenarioPath.endsWith(QLatin1String("iterate-and-aggregate.scenario.json")));
    QCOMPARE(last.trigger, RunTrigger::Headless);
    QCOMPARE(last.status, HistoryStatus::Success);
    QVERIFY(last.operationCount > 3);
    QVERIFY(last.endedAt >= last.startedAt);
    QCOMPARE(last.contentHash.size(), 64);
    const QList<HistoryOperation> operations = history.operations(last.id, &error);
    QVERIFY(operations.size() >= last.operationCount);
    QVERIFY(!operations.first().input.isEmpty());
}

void TestHistoryHeadless::noSecretOrTokenInTheFile()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    const HeadlessOutcome outcome = runHeadless({QStringLiteral("--sandbox"),
        QStringLiteral("--history-db"), db, QStringLiteral("--output"), QStringLiteral("json"),
        example("oauth2-client-credentials.scenario.json")});
    QCOMPARE(outcome.exitCode, 0);
    // The token the sandbox gave, as the JSON report shows module 1's answer.
    const QJsonObject report = QJsonDocument::fromJson(outcome.out).object();
    const QString token = report.value(QStringLiteral("modules"))
                              .toArray()
                              .at(0)
                              .toObject()
                              .value(QStringLiteral("output"))
                              .toObject()
                              .value(QStringLiteral("data"))
                              .toObject()
                              .value(QStringLiteral("access_token"))
                              .toString();
    QVERIFY(token.size() >= 16);
    const QByteArray bytes = fileBytes(db);
    QVERIFY(bytes.contains("Who am I?")); // the run is there
    QVERIFY(bytes.contains("********"));
    QVERIFY2(!bytes.contains(token.toUtf8()), "the received token is in the history's file");
    QVERIFY2(!bytes.contains("demo-secret"), "the client secret is in the history's file");
}

void TestHistoryHeadless::twoRunnersAtOnceLoseNothing()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    const QStringList arguments {QStringLiteral("--sandbox"), QStringLiteral("--history-db"), db,
        QStringLiteral("--keep-runs"), QStringLiteral("1000"), QStringLiteral("--repeat"),
        QStringLiteral("40"), example("iterate-and-aggregate.scenario.json")};
    QProcess first;
    QProcess second;
    first.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    second.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    first.start(QStringLiteral(SCENARIST_RUN_EXECUTABLE), arguments);
    second.start(QStringLiteral(SCENARIST_RUN_EXECUTABLE), arguments);
    QVERIFY(first.waitForFinished(120000));
    QVERIFY(second.waitForFinished(120000));
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(second.exitCode(), 0);
    RunHistory history(db);
    QString error;
    const QList<HistoryRun> runs = history.runs({}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(runs.size(), 80);
    for (const HistoryRun &run : runs)
        QCOMPARE(history.operations(run.id, &error).size(), 9);
}

void TestHistoryHeadless::killedWhileWritingLeavesAReadableHistory()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    QProcess runner;
    runner.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    runner.setStandardOutputFile(QProcess::nullDevice());
    runner.start(QStringLiteral(SCENARIST_RUN_EXECUTABLE),
        {QStringLiteral("--sandbox"), QStringLiteral("--history-db"), db,
            QStringLiteral("--keep-runs"), QStringLiteral("5"), QStringLiteral("--repeat"),
            QStringLiteral("1000000"), example("iterate-and-aggregate.scenario.json")});
    QVERIFY(runner.waitForStarted());
    // Runs are written back to back: a SIGKILL at any moment lands in or near a write.
    QTRY_VERIFY_WITH_TIMEOUT(fileBytes(db).size() > 20000, 30000);
    QTest::qWait(300);
    ::kill(pid_t(runner.processId()), SIGKILL);
    QVERIFY(runner.waitForFinished(10000));
    QCOMPARE(runner.exitStatus(), QProcess::CrashExit);

    QCOMPARE(integrity(db), QStringLiteral("ok"));
    RunHistory history(db);
    QString error;
    const QList<HistoryRun> runs = history.runs({}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!runs.isEmpty());
    QVERIFY(runs.size() <= 5);
    for (const HistoryRun &run : runs)
        QCOMPARE(history.operations(run.id, &error).size(), 9);
}

void TestHistoryHeadless::noHistoryRecordsNothing()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    const HeadlessOutcome outcome
        = runHeadless({QStringLiteral("--sandbox"), QStringLiteral("--no-history"),
                          example("iterate-and-aggregate.scenario.json")},
            {{QStringLiteral("SCENARIST_HISTORY_DB"), db}});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY(!QFile::exists(db));
    // Without --no-history, the environment's history is the one written.
    QCOMPARE(
        runHeadless({QStringLiteral("--sandbox"), example("iterate-and-aggregate.scenario.json")},
            {{QStringLiteral("SCENARIST_HISTORY_DB"), db}})
            .exitCode,
        0);
    QVERIFY(QFile::exists(db));
}

void TestHistoryHeadless::unwritableHistoryKeepsTheExitStatus()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const HeadlessOutcome outcome = runHeadless({QStringLiteral("--sandbox"),
        QStringLiteral("--history-db"), blocker.fileName() + QStringLiteral("/history.sqlite"),
        example("iterate-and-aggregate.scenario.json")});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.err.contains("warning: this run is not recorded in the history"),
        outcome.err.constData());
    QVERIFY(outcome.out.contains("succeeded"));
}

void TestHistoryHeadless::deleteHistoryForgetsTheScenario()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    const QString kept = example("router-and-filters.scenario.json");
    const QString deleted = example("iterate-and-aggregate.scenario.json");
    for (const QString &file : {kept, deleted, deleted})
        QCOMPARE(
            runHeadless({QStringLiteral("--sandbox"), QStringLiteral("--history-db"), db, file})
                .exitCode,
            0);
    const HeadlessOutcome outcome = runHeadless(
        {QStringLiteral("--history-db"), db, QStringLiteral("--delete-history"), deleted});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.out.startsWith("Deleted 2 run(s)"), outcome.out.constData());
    RunHistory history(db);
    QString error;
    const QList<HistoryRun> runs = history.runs({}, &error);
    QCOMPARE(runs.size(), 1);
    QVERIFY(runs.first().scenarioPath.endsWith(QLatin1String("router-and-filters.scenario.json")));
}

QTEST_GUILESS_MAIN(TestHistoryHeadless)
#include "tst_history_headless.moc"
