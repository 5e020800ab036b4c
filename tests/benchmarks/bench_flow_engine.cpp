// bench_flow_engine: what the bundle scheduler and the kinds cost without any request. A
// Repeater of 10 into a Repeater of 10,000 (100,000 bundles), Set variables on each bundle, a
// Text aggregator joining them per outer bundle; every operation kept, as for the inspector.
// Prints the operations a second beside Qt Test's own figure. Not a test: it fails only when
// the run goes wrong. Usage: bench_flow_engine [-iterations N] (Qt Test's options)

#include "core/io/ScenarioFile.h"
#include "core/run/FlowRun.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <cstdio>

class BenchFlowEngine : public QObject
{
    Q_OBJECT

private slots:
    void repeaterSetVariablesTextAggregator()
    {
        const QByteArray file = R"({"format": "scenarist-scenario", "version": 2, "modules": [
            {"id": 1, "type": "flow.repeater", "config": {"start": "1", "repeats": "10"}},
            {"id": 2, "type": "flow.repeater", "config": {"start": "1", "repeats": "10000"}},
            {"id": 3, "type": "flow.setVariables", "config": {"scope": "cycle",
                "variables": [{"name": "n", "value": "{{1.i}}-{{2.i}}"}]}},
            {"id": 4, "type": "flow.textAggregator", "config": {"source": 2, "text": "{{3.n}}",
                "rowSeparator": ","}}],
            "links": [{"from": 1, "to": 2}, {"from": 2, "to": 3}, {"from": 3, "to": 4}]})";
        QString error;
        const auto doc = ScenarioFile::parse(file, &error);
        QVERIFY2(doc, qPrintable(error));

        qint64 operations = 0;
        qint64 nanoseconds = 0;
        QBENCHMARK
        {
            FlowRun run(doc->modules, doc->links);
            QSignalSpy finished(&run, &FlowRun::finished);
            QElapsedTimer timer;
            timer.start();
            run.start(MappingContext());
            QVERIFY(!finished.isEmpty() || finished.wait(120000));
            nanoseconds += timer.nsecsElapsed();
            QCOMPARE(run.record().status, FlowStatus::Success);
            qint64 count = 0;
            for (const ModuleFlowRecord &module : run.record().modules)
                count += module.operations.size();
            QCOMPARE(count, 1 + 10 + 100000 + 10);
            const QString joined = run.record()
                                       .modules.value(4)
                                       .operations.last()
                                       .outputs.value(0)
                                       .toObject()
                                       .value(QStringLiteral("text"))
                                       .toString();
            QVERIFY(joined.startsWith(QStringLiteral("10-1,10-2,")));
            operations += count;
        }
        std::printf("bench_flow_engine: %lld operations in %.0f ms: %.0f operations a second\n",
            static_cast<long long>(operations), nanoseconds / 1e6,
            operations / (nanoseconds / 1e9));
    }
};

QTEST_GUILESS_MAIN(BenchFlowEngine)
#include "bench_flow_engine.moc"
