// What the History panel reads from the run history (docs/run-history.md): a scenario's runs,
// newest first, filtered by status, with their inputs; and a recorded run read back as
// results for the canvas and the inspector.

#include "core/history/PastRun.h"
#include "core/history/RunHistory.h"

#include <QTemporaryDir>
#include <QtTest>

class TestPastRun : public QObject
{
    Q_OBJECT

private slots:
    void listsRunsByStatusNewestFirst()
    {
        QTemporaryDir dir;
        RunHistory history(dir.filePath(QStringLiteral("history.sqlite")));
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
        const QString mine = QStringLiteral("/work/mine.scenario.json");
        const HistoryStatus outcomes[] = {HistoryStatus::Success, HistoryStatus::Error,
            HistoryStatus::Warning, HistoryStatus::Success};
        for (int i = 0; i < 4; ++i) {
            HistoryRun run;
            run.scenarioPath = mine;
            run.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000000 + i * 1000, Qt::UTC);
            run.endedAt = run.startedAt.addMSecs(1500);
            run.status = outcomes[i];
            run.trigger = i == 1 ? RunTrigger::Headless : RunTrigger::App;
            run.inputs = QJsonObject {{QStringLiteral("n"), i}};
            QVERIFY2(history.record(run, &error) > 0, qPrintable(error));
        }
        HistoryRun other;
        other.scenarioPath = QStringLiteral("/work/other.scenario.json");
        QVERIFY2(history.record(other, &error) > 0, qPrintable(error));

        QList<HistoryRun> runs = history.runList(mine, QString(), 0, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(runs.size(), 4);
        QCOMPARE(runs.first().inputs.value(QStringLiteral("n")).toInt(), 3);
        QCOMPARE(runs.last().inputs.value(QStringLiteral("n")).toInt(), 0);
        QCOMPARE(runs.at(2).trigger, RunTrigger::Headless);
        QCOMPARE(runs.first().startedAt.msecsTo(runs.first().endedAt), 1500);

        runs = history.runList(mine, outcomeKey(HistoryStatus::Success), 0, &error);
        QCOMPARE(runs.size(), 2);
        for (const HistoryRun &run : runs)
            QCOMPARE(run.status, HistoryStatus::Success);
        QCOMPARE(history.runList(mine, outcomeKey(HistoryStatus::Error), 0, &error).size(), 1);
        runs = history.runList(mine, QString(), 2, &error);
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.first().inputs.value(QStringLiteral("n")).toInt(), 3);
    }

    void recordedRunReadsBackAsResults()
    {
        HistoryOperation first;
        first.moduleId = 2;
        first.status = QStringLiteral("succeeded");
        first.input = QStringLiteral("{\"url\":\"https://example.org/items\"}");
        first.output = QStringLiteral("{\"statusCode\":200,\"data\":{\"id\":7}}");
        first.durationMs = 40;
        HistoryOperation second = first;
        second.bundle = 2;
        second.status = QStringLiteral("failed");
        second.output.clear();
        second.error = QStringLiteral("The server said 500");
        HistoryOperation stopped;
        stopped.moduleId = 5;
        stopped.bundle = 3;
        stopped.status = QStringLiteral("filtered");
        stopped.error = QStringLiteral("city is not Paris");

        const RunResult results
            = PastRun::toRunResult({first, second, stopped}, HistoryStatus::Warning);
        QVERIFY(results.flowRecord());
        const FlowRecord &flow = *results.flowRecord();
        QCOMPARE(flow.order, (QList<int> {2, 5}));
        QCOMPARE(flow.status, FlowStatus::Warning);
        QCOMPARE(flow.modules.value(2).operations.size(), 2);
        const OperationRecord &shown = flow.modules.value(2).operations.first();
        QCOMPARE(shown.input.toObject().value(QStringLiteral("url")).toString(),
            QStringLiteral("https://example.org/items"));
        QCOMPARE(shown.outputs.size(), 1);
        QCOMPARE(shown.outputs.first()
                     .toObject()
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toInt(),
            7);
        const OperationRecord &failed = flow.modules.value(2).operations.last();
        QVERIFY(failed.failed);
        QVERIFY(failed.outputs.isEmpty());
        QCOMPARE(failed.error->message, QStringLiteral("The server said 500"));
        QCOMPARE(results.run(2).status, ModuleRunStatus::Failed);
        QCOMPARE(results.run(2).operations, 2);
        QCOMPARE(flow.modules.value(5).dropped.size(), 1);
        QCOMPARE(flow.modules.value(5).dropped.first().reason, QStringLiteral("city is not Paris"));
        QCOMPARE(results.status(5), ModuleRunStatus::Skipped);
    }

    void textsReadBackAsValues()
    {
        QCOMPARE(PastRun::valueFromText(QStringLiteral("\"Paris\"")),
            QJsonValue(QStringLiteral("Paris")));
        QCOMPARE(PastRun::valueFromText(QStringLiteral("12")), QJsonValue(12));
        QVERIFY(PastRun::valueFromText(QString()).isUndefined());
        // A text the history cut at 1 MB is no longer JSON: it shows as the text it is.
        const QString cut
            = QStringLiteral("{\"items\":[1,2\n[cut here: the whole was 3000000 bytes]");
        QCOMPARE(PastRun::valueFromText(cut), QJsonValue(cut));
    }
};

QTEST_GUILESS_MAIN(TestPastRun)
#include "tst_pastrun.moc"
