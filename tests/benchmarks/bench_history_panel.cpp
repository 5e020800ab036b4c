// bench_history_panel: how long the History panel (docs/run-history.md) takes to list 10,000
// runs of one scenario. The history is filled once, outside the measured block (10,000 runs
// of one operation each, a tenth with inputs, statuses mixed). Measured with QBENCHMARK: the
// panel's refresh, from the query to the rows ready in its model; then, timed apart, the
// list's first paint in a 1024×640 window. Target: under 100 ms. Not a test: it fails only
// when the history cannot be filled or read.
// Usage: bench_history_panel [-iterations N] (Qt Test's options)

#include "core/history/RunHistory.h"
#include "ui/history/HistoryListModel.h"
#include "ui/history/HistoryPanel.h"

#include <QElapsedTimer>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

class BenchHistoryPanel : public QObject
{
    Q_OBJECT

    static constexpr int Runs = 10000;
    const QString scenario = QStringLiteral("/bench/history-panel.scenario.json");
    QTemporaryDir m_dir;
    QString location;

private slots:
    void initTestCase()
    {
        location = m_dir.filePath(QStringLiteral("history.sqlite"));
        QString error;
        {
            RunHistory history(location);
            history.setKeepRuns(0); // keep every run
            QVERIFY2(history.open(&error), qPrintable(error));
            QElapsedTimer fill;
            fill.start();
            const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-30);
            for (int i = 0; i < Runs; ++i) {
                HistoryRun run;
                run.scenarioPath = scenario;
                run.scenarioName = QStringLiteral("bench_history_panel");
                run.contentHash = QStringLiteral("0123456789abcdef");
                run.startedAt = start.addSecs(i * 60);
                run.endedAt = run.startedAt.addMSecs(300 + i % 900);
                run.trigger = i % 3 == 0 ? RunTrigger::Headless : RunTrigger::App;
                run.status = i % 10 == 0 ? HistoryStatus::Error
                    : i % 7 == 0         ? HistoryStatus::Warning
                                         : HistoryStatus::Success;
                if (i % 10 == 5)
                    run.inputs = QJsonObject {{QStringLiteral("city"), QStringLiteral("Paris")},
                        {QStringLiteral("days"), i % 30}};
                HistoryOperation operation;
                operation.moduleId = 1;
                operation.moduleType = QStringLiteral("http.request");
                operation.moduleName = QStringLiteral("Get the weather");
                operation.status = QStringLiteral("succeeded");
                operation.input
                    = QStringLiteral("{\"method\":\"GET\",\"url\":\"https://example.org\"}");
                operation.output = QStringLiteral("{\"statusCode\":200,\"data\":{\"ok\":true}}");
                run.operations.append(operation);
                run.operationCount = 1;
                QVERIFY2(history.record(run, &error) > 0, qPrintable(error));
            }
            std::printf("bench_history_panel: filled the history with %d runs in %.1f s\n", Runs,
                fill.elapsed() / 1000.0);
        }
    }

    void listTenThousandRuns()
    {
        HistoryPanel panel(location);
        panel.resize(1024, 640);
        panel.setScenario(scenario);
        QCOMPARE(panel.model()->rowCount(), Runs);

        qint64 nanoseconds = 0;
        int refreshes = 0;
        QBENCHMARK
        {
            QElapsedTimer timer;
            timer.start();
            panel.refresh();
            nanoseconds += timer.nsecsElapsed();
            ++refreshes;
        }
        QCOMPARE(panel.model()->rowCount(), Runs);
        const double listMs = nanoseconds / 1e6 / refreshes;

        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.refresh();
        QElapsedTimer paint;
        paint.start();
        panel.view()->viewport()->repaint();
        const double paintMs = paint.nsecsElapsed() / 1e6;
        std::printf("bench_history_panel: listing %d runs took %.1f ms (query to rows ready), "
                    "the list's paint %.1f ms: %.1f ms in all (target under 100 ms)\n",
            Runs, listMs, paintMs, listMs + paintMs);
    }
};

QTEST_MAIN(BenchHistoryPanel)
#include "bench_history_panel.moc"
