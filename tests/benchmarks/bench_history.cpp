// bench_history: what recording a run in the run history costs (docs/run-history.md) beside
// the run itself. A run of 10,000 operations against the in-process sandbox: a token, a
// Repeater of 4,999, a request with the token for each bundle, Set variables on each answer.
// Recording it (RunRecorder masking every text, then RunHistory writing it to an SQLite file
// in WAL mode) is measured with QBENCHMARK and printed as a share of the run's time; the target
// is under 20 %. Not a test: it fails only when the run or the recording goes wrong.
// Usage: bench_history [-iterations N] (Qt Test's options)

#include "core/history/RunHistory.h"
#include "core/history/RunRecorder.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

class BenchHistory : public QObject
{
    Q_OBJECT

private slots:
    void recordTenThousandOperations()
    {
        const QByteArray file = R"({"format": "scenarist-scenario", "version": 2, "modules": [
            {"id": 1, "type": "http.request", "config": {"method": "POST",
                "url": "{{sandbox.url}}/oauth/token", "body": {"type": "urlencoded", "fields": [
                {"name": "grant_type", "value": "client_credentials"},
                {"name": "client_id", "value": "demo-client"},
                {"name": "client_secret", "value": "demo-secret"},
                {"name": "scope", "value": "read"}]}, "parseResponse": true}},
            {"id": 2, "type": "flow.repeater", "config": {"start": "1", "repeats": "4999"}},
            {"id": 3, "type": "http.request", "config": {"method": "GET",
                "url": "{{sandbox.url}}/api/items/{{2.i % 20 + 1}}",
                "headers": [{"name": "Authorization",
                    "value": "{{1.data.token_type}} {{1.data.access_token}}"}],
                "body": {"type": "none"}, "parseResponse": true}},
            {"id": 4, "type": "flow.setVariables", "config": {"scope": "cycle",
                "variables": [{"name": "name", "value": "{{3.data.name}}"}]}}],
            "links": [{"from": 1, "to": 2}, {"from": 2, "to": 3}, {"from": 3, "to": 4}]})";
        QString error;
        auto document = ScenarioFile::parse(file, &error);
        QVERIFY2(document, qPrintable(error));
        Scenario scenario;
        document->applyTo(scenario);

        SandboxServer sandbox;
        QVERIFY2(sandbox.start(0, &error), qPrintable(error));
        ScenarioRunner runner;
        runner.setNamedRoot(QStringLiteral("sandbox"),
            QJsonObject {{QStringLiteral("url"), sandbox.baseUrl().toString()}});
        runner.setInProcessSandbox(sandbox.baseUrl());
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        QElapsedTimer runTimer;
        runTimer.start();
        runner.runAll(scenario);
        QVERIFY(finished.wait(600000));
        const double runMs = runTimer.nsecsElapsed() / 1e6;
        QCOMPARE(runner.lastStatus(), FlowStatus::Success);

        QTemporaryDir dir;
        RunHistory history(dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY2(history.open(&error), qPrintable(error));
        qint64 nanoseconds = 0;
        int recordings = 0;
        QBENCHMARK
        {
            QElapsedTimer timer;
            timer.start();
            HistoryRun run;
            run.scenarioPath = QStringLiteral("/bench/history.scenario.json");
            run.scenarioName = QStringLiteral("bench_history");
            run.startedAt = QDateTime::currentDateTimeUtc();
            run.endedAt = run.startedAt;
            RunRecorder::addOperations(&run, scenario.modules(),
                runner.results().flowRecord()->order, runner.results(), runner.lastStatus());
            QCOMPARE(run.operationCount, 10000);
            QVERIFY2(history.record(run, &error) > 0, qPrintable(error));
            nanoseconds += timer.nsecsElapsed();
            ++recordings;
        }
        const double recordMs = nanoseconds / 1e6 / recordings;
        std::printf("bench_history: a run of 10,000 operations took %.0f ms; recording it took "
                    "%.0f ms: %.1f %% of the run (target under 20 %%)\n",
            runMs, recordMs, 100.0 * recordMs / runMs);
    }
};

QTEST_GUILESS_MAIN(BenchHistory)
#include "bench_history.moc"
