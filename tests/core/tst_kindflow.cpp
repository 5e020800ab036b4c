#include "core/io/ScenarioFile.h"
#include "core/mapping/FieldTemplate.h"
#include "core/model/Scenario.h"
#include "core/run/FlowRun.h"
#include "core/run/ScenarioRunner.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

/// Real kinds of module through a run (FlowRun: the bundle scheduler and the kind registry),
/// depth first as Make runs them (docs/flow-control.md): routes, filters and fallbacks,
/// aggregators, error routes and their directives, variables, Sleep.
class TestKindFlow : public QObject
{
    Q_OBJECT

private:
    /// Runs to the end, waiting (20 s at most) in the test's event loop; then stops it.
    static FlowStatus runToEnd(FlowRun &run)
    {
        QSignalSpy finished(&run, &FlowRun::finished);
        run.start(MappingContext());
        if (finished.isEmpty() && !finished.wait(20000))
            run.stop();
        return run.record().status;
    }
    static QByteArray json(const char *singleQuoted)
    {
        return QByteArray(singleQuoted).replace('\'', '"');
    }
    static QJsonObject object(const char *singleQuoted)
    {
        return QJsonDocument::fromJson(json(singleQuoted)).object();
    }
    /// A scenario read from a version 2 file of these modules and links.
    static ScenarioDocument read(const char *modules, const char *links)
    {
        const QByteArray bytes = json("{'format': 'scenarist-scenario', 'version': 2, "
                                      "'modules': ")
            + json(modules) + json(", 'links': ") + json(links) + "}";
        QString error;
        const auto doc = ScenarioFile::parse(bytes, &error);
        if (!doc)
            qFatal("%s", qPrintable(error));
        return *doc;
    }
    /// Stands for an HTTP module: records which module ran with what, and outputs the text of
    /// its URL mapped ({"text": …}); "(no value)" when the mapping fails.
    struct Recorder
    {
        QStringList calls;
        FlowRun::HttpRun run()
        {
            return [this](const Module &m, const MappingContext &context,
                       std::function<void(StepResult)> done) {
                const FieldTemplate::Result r = evaluateField(m.config.url, context);
                calls.append(QStringLiteral("%1:%2").arg(m.id).arg(
                    r.ok() ? r.text : QStringLiteral("(no value)")));
                done(FlowRun::resultOf(
                    Emitted::one(QJsonObject {{QStringLiteral("text"), r.text}}), QJsonValue()));
            };
        }
    };
    static QString http(int id, const char *url)
    {
        return QStringLiteral("{'id': %1, 'type': 'http.request', 'config': {'url': '%2'}}")
            .arg(id)
            .arg(QLatin1String(url));
    }

private slots:
    void bundlesGoDepthFirstThroughEveryRoute()
    {
        const QByteArray modules
            = QStringLiteral(
                "[{'id': 1, 'type': 'flow.repeater', 'config': {'repeats': '2'}}, {'id': 2, "
                "'type': 'flow.router', 'config': {}}, %1, %2, %3]")
                  .arg(http(3, "a{{1.i}}"), http(4, "b{{1.i}}"), http(5, "after a{{1.i}}"))
                  .toUtf8();
        const ScenarioDocument doc = read(modules.constData(),
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3}, {'from': 2, 'to': 4}, {'from': 3, "
            "'to': 5}]");
        Recorder recorder;
        FlowRun scheduler(doc.modules, doc.links);
        scheduler.setHttpRun(recorder.run());
        runToEnd(scheduler);
        QCOMPARE(scheduler.record().status, FlowStatus::Success);
        // Bundle 1 goes through route 1 (3, then 5) and route 2 before bundle 2 starts.
        QCOMPARE(recorder.calls,
            (QStringList {QStringLiteral("3:a1"), QStringLiteral("5:after a1"),
                QStringLiteral("4:b1"), QStringLiteral("3:a2"), QStringLiteral("5:after a2"),
                QStringLiteral("4:b2")}));
        QCOMPARE(scheduler.record().order, (QList<int> {1, 2, 3, 5, 4}));
        QCOMPARE(scheduler.record().modules.value(1).operations.size(), 1);
        QCOMPARE(scheduler.record().modules.value(2).operations.size(), 2);
    }

    void filtersDropBundlesAndTheFallbackTakesTheRest()
    {
        const QByteArray modules = QStringLiteral(
            "[{'id': 1, 'type': 'flow.repeater', 'config': {'repeats': '3'}}, {'id': 2, "
            "'type': 'flow.router', 'config': {}}, %1, %2]")
                                       .arg(http(3, "two {{1.i}}"), http(4, "other {{1.i}}"))
                                       .toUtf8();
        const ScenarioDocument doc = read(modules.constData(),
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 4, 'fallback': true}, {'from': 2, 'to': 3, "
            "'filter': {'name': 'Two', 'conditions': [[{'a': '{{1.i}}', 'o': 'number:equal', "
            "'b': '2'}]]}}]");
        Recorder recorder;
        FlowRun scheduler(doc.modules, doc.links);
        scheduler.setHttpRun(recorder.run());
        runToEnd(scheduler);
        QCOMPARE(recorder.calls,
            (QStringList {QStringLiteral("4:other 1"), QStringLiteral("3:two 2"),
                QStringLiteral("4:other 3")}));
        const QList<DroppedRecord> dropped = scheduler.record().modules.value(3).dropped;
        QCOMPARE(dropped.size(), 2);
        QCOMPARE(dropped.at(0).bundle, 1);
        QCOMPARE(dropped.at(1).bundle, 3);
        // The reason names the condition and both values compared.
        QVERIFY2(dropped.at(0).reason.contains(QLatin1String("{{1.i}}"))
                && dropped.at(0).reason.contains(QLatin1String("1 is not equal to 2")),
            qPrintable(dropped.at(0).reason));
        QVERIFY(scheduler.record().modules.value(4).dropped.isEmpty());
    }

    void anAggregatorCollectsOneOperationOfItsSource()
    {
        const QByteArray modules = QStringLiteral(
            "[{'id': 1, 'type': 'json.parse', 'config': {'json': '{\\\"items\\\": [{\\\"id\\\": "
            "1}, "
            "{\\\"id\\\": 2}, {\\\"id\\\": 3}]}'}}, {'id': 2, 'type': 'flow.iterator', 'config': "
            "{'array': '{{1.items}}'}}, {'id': 3, 'type': 'flow.setVariables', 'config': "
            "{'variables': [{'name': 'x', 'value': '{{2.id}}'}]}}, {'id': 4, 'type': "
            "'flow.arrayAggregator', 'config': {'source': 2, 'fields': [{'name': 'id', 'value': "
            "'{{3.x}}'}]}}, %1, %2]")
                                       .arg(http(5, "{{4.__IMTAGGLENGTH__}}"), http(6, "{{2.id}}"))
                                       .toUtf8();
        const ScenarioDocument doc = read(modules.constData(),
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3}, {'from': 3, 'to': 4}, {'from': 4, "
            "'to': 5}, {'from': 5, 'to': 6}]");
        Recorder recorder;
        FlowRun scheduler(doc.modules, doc.links);
        scheduler.setHttpRun(recorder.run());
        runToEnd(scheduler);
        QCOMPARE(scheduler.record().status, FlowStatus::Success);
        QCOMPARE(scheduler.record().modules.value(3).operations.size(), 3);
        const auto aggregated = scheduler.record().modules.value(4).operations;
        QCOMPARE(aggregated.size(), 1);
        QCOMPARE(aggregated.first().outputs,
            QList<QJsonValue> {object("{'array': [{'id': 1}, {'id': 2}, {'id': 3}], "
                                      "'__IMTAGGLENGTH__': 3}")});
        // After the aggregator, the iterator's items are out of reach, as in Make.
        QCOMPARE(
            recorder.calls, (QStringList {QStringLiteral("5:3"), QStringLiteral("6:(no value)")}));
    }

    void errorRoutesEndInTheirDirective_data()
    {
        QTest::addColumn<QByteArray>("directive");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("calls");
        QTest::addColumn<QString>("handledBy");
        QTest::addColumn<int>("incomplete");
        const auto row = [](const char *name, const char *directive, FlowStatus s,
                             QStringList calls, const char *handledBy, int incomplete) {
            QTest::newRow(name) << json(directive) << int(s) << calls
                                << QString::fromLatin1(handledBy) << incomplete;
        };
        row("ignore", "{'id': 4, 'type': 'flow.ignore', 'config': {}}", FlowStatus::Success,
            {QStringLiteral("3:no 1"), QStringLiteral("3:no 2")}, "ignore", 0);
        row("no directive", "{'id': 4, 'type': 'flow.setVariables', 'config': {}}",
            FlowStatus::Success, {QStringLiteral("3:no 1"), QStringLiteral("3:no 2")}, "ignore", 0);
        row("resume",
            "{'id': 4, 'type': 'flow.resume', 'config': {'output': [{'name': 'id', "
            "'value': 'zero'}]}}",
            FlowStatus::Success,
            {QStringLiteral("3:no 1"), QStringLiteral("5:zero"), QStringLiteral("3:no 2"),
                QStringLiteral("5:zero")},
            "resume", 0);
        row("commit", "{'id': 4, 'type': 'flow.commit', 'config': {}}", FlowStatus::Success,
            {QStringLiteral("3:no 1")}, "commit", 0);
        row("rollback", "{'id': 4, 'type': 'flow.rollback', 'config': {}}", FlowStatus::Error,
            {QStringLiteral("3:no 1")}, "rollback", 0);
        row("break",
            "{'id': 4, 'type': 'flow.break', 'config': {'count': 2, "
            "'intervalSeconds': 0}}",
            FlowStatus::Warning, {QStringLiteral("3:no 1"), QStringLiteral("3:no 2")}, "break", 2);
    }
    void errorRoutesEndInTheirDirective()
    {
        QFETCH(QByteArray, directive);
        QFETCH(int, status);
        QFETCH(QStringList, calls);
        QFETCH(QString, handledBy);
        QFETCH(int, incomplete);
        // The error route maps the error: module 3 records {{2.error.message}}.
        const QByteArray modules = QStringLiteral(
            "[{'id': 1, 'type': 'flow.repeater', 'config': {'repeats': '2'}}, {'id': 2, "
            "'type': 'flow.throw', 'config': {'message': 'no {{1.i}}'}}, %1, %2, %3]")
                                       .arg(http(3, "{{2.error.message}}"),
                                           QString::fromUtf8(directive), http(5, "{{2.id}}"))
                                       .toUtf8();
        const ScenarioDocument doc = read(modules.constData(),
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3, 'onError': true}, {'from': 3, 'to': 4}, "
            "{'from': 2, 'to': 5}]");
        Recorder recorder;
        FlowRun scheduler(doc.modules, doc.links);
        scheduler.setHttpRun(recorder.run());
        runToEnd(scheduler);
        QCOMPARE(int(scheduler.record().status), status);
        QCOMPARE(recorder.calls, calls);
        const auto failed = scheduler.record().modules.value(2).operations;
        QVERIFY(!failed.isEmpty());
        QCOMPARE(failed.first().handledBy, handledBy);
        QCOMPARE(failed.first().error->type, ModuleErrorType::RuntimeError);
        QCOMPARE(scheduler.record().incomplete.size(), incomplete);
        if (incomplete)
            QCOMPARE(scheduler.record().incomplete.first().error, QStringLiteral("no 1"));
    }

    void aFailureWithoutErrorRouteStopsTheRun()
    {
        const QByteArray modules = QStringLiteral(
            "[{'id': 1, 'type': 'flow.repeater', 'config': {'repeats': '3'}}, {'id': 2, "
            "'type': 'flow.throw', 'label': 'Refuse', 'config': {'message': 'no {{1.i}}'}}, %1]")
                                       .arg(http(3, "x"))
                                       .toUtf8();
        const ScenarioDocument doc
            = read(modules.constData(), "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3}]");
        Recorder recorder;
        FlowRun scheduler(doc.modules, doc.links);
        scheduler.setHttpRun(recorder.run());
        runToEnd(scheduler);
        QCOMPARE(scheduler.record().status, FlowStatus::Error);
        QVERIFY(recorder.calls.isEmpty());
        QCOMPARE(scheduler.record().modules.value(2).operations.size(), 1);
        QCOMPARE(scheduler.record().stoppedAt, 2);
        QVERIFY2(scheduler.record().stopReason.contains(QLatin1String("no 1")),
            qPrintable(scheduler.record().stopReason));
    }

    void breakRetriesAndASucceedingRetryGoesOn()
    {
        const QByteArray modules = QStringLiteral(
            "[%1, {'id': 2, 'type': 'flow.break', 'config': {'count': 3, 'intervalSeconds': "
            "0}}, %2]")
                                       .arg(http(1, "flaky"), http(3, "after {{1.text}}"))
                                       .toUtf8();
        const ScenarioDocument doc = read(
            modules.constData(), "[{'from': 1, 'to': 2, 'onError': true}, {'from': 1, 'to': 3}]");
        int attempts = 0;
        QStringList calls;
        FlowRun scheduler(doc.modules, doc.links);
        scheduler.setHttpRun([&](const Module &m, const MappingContext &context,
                                 std::function<void(StepResult)> done) {
            if (m.id == 1 && ++attempts < 3) {
                done(FlowRun::resultOf(
                    Emitted::failure(ModuleErrorType::RateLimitError, QStringLiteral("429")),
                    QJsonValue()));
                return;
            }
            calls.append(
                QStringLiteral("%1:%2").arg(m.id).arg(evaluateField(m.config.url, context).text));
            done(FlowRun::resultOf(
                Emitted::one(QJsonObject {{QStringLiteral("text"), QStringLiteral("ok")}}),
                QJsonValue()));
        });
        runToEnd(scheduler);
        QCOMPARE(attempts, 3);
        QCOMPARE(scheduler.record().status, FlowStatus::Success);
        QVERIFY(scheduler.record().incomplete.isEmpty());
        QCOMPARE(calls, (QStringList {QStringLiteral("1:flaky"), QStringLiteral("3:after ok")}));
        QVERIFY(!scheduler.record().modules.value(1).operations.first().error);
    }

    void anIncompleteBundleRunsAgainFromWhereItFailed()
    {
        // Bundle 2 fails at module 2 and Break gives up on it; the others go on to module 4.
        const QByteArray modules
            = QStringLiteral("[{'id': 1, 'type': 'flow.repeater', 'config': {'repeats': '3'}}, "
                             "%1, {'id': 3, 'type': 'flow.break', 'config': {'count': 0, "
                             "'intervalSeconds': 0}}, %2]")
                  .arg(http(2, "item {{1.i}}"), http(4, "after {{2.text}} of {{1.i}}"))
                  .toUtf8();
        const ScenarioDocument doc = read(modules.constData(),
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3, 'onError': true}, {'from': 2, 'to': 4}]");
        bool failing = true;
        QStringList calls;
        auto http = [&](const Module &m, const MappingContext &context,
                        std::function<void(StepResult)> done) {
            const QString text = evaluateField(m.config.url, context).text;
            calls.append(QStringLiteral("%1:%2").arg(m.id).arg(text));
            if (failing && text == QLatin1String("item 2")) {
                done(FlowRun::resultOf(
                    Emitted::failure(ModuleErrorType::RuntimeError, QStringLiteral("500")),
                    QJsonValue()));
                return;
            }
            done(FlowRun::resultOf(
                Emitted::one(QJsonObject {{QStringLiteral("text"), text}}), QJsonValue()));
        };
        FlowRun first(doc.modules, doc.links);
        first.setHttpRun(http);
        runToEnd(first);
        QCOMPARE(first.record().status, FlowStatus::Warning);
        QCOMPARE(first.record().incomplete.size(), 1);
        const IncompleteRecord incomplete = first.record().incomplete.first();
        QCOMPARE(incomplete.module, 2);
        QCOMPARE(incomplete.bundle, 2);

        // The server is fixed: the retry runs module 2 on bundle 2 as it had it, then the rest
        // of the route, and nothing before it.
        failing = false;
        calls.clear();
        FlowRun again(doc.modules, doc.links);
        again.setHttpRun(http);
        QSignalSpy finished(&again, &FlowRun::finished);
        again.retry(MappingContext(), incomplete);
        if (finished.isEmpty())
            QVERIFY(finished.wait(20000));
        QCOMPARE(again.record().status, FlowStatus::Success);
        QCOMPARE(calls,
            (QStringList {QStringLiteral("2:item 2"), QStringLiteral("4:after item 2 of 2")}));
        QVERIFY(!again.record().modules.contains(1));
        QCOMPARE(again.record().modules.value(2).operations.first().bundle, 2);
    }

    void aKindRunsAloneOnWhatTheModulesBeforeItGave()
    {
        // "Run this module only" on an iterator: it lists its items, passes nothing on.
        const ScenarioDocument doc = read(
            "[{'id': 1, 'type': 'json.parse', 'config': {'json': '{\\\"items\\\": [{\\\"id\\\": "
            "7}, {\\\"id\\\": 8}]}'}}, {'id': 2, 'type': 'flow.iterator', 'config': {'array': "
            "'{{1.items}}'}}, {'id': 3, 'type': 'flow.setVariables', 'config': {'variables': "
            "[{'name': 'n', 'value': '{{2.id}}'}]}}]",
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3}]");
        Scenario scenario;
        doc.applyTo(scenario);
        ScenarioRunner runner;
        QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
        runner.runModule(scenario, 1);
        QVERIFY(finished.wait(10000));
        runner.runModule(scenario, 2);
        QVERIFY(finished.wait(10000));
        QCOMPARE(runner.results().run(2).status, ModuleRunStatus::Succeeded);
        QCOMPARE(runner.results().run(2).output.value(QStringLiteral("id")).toInt(), 7);
        QCOMPARE(
            runner.results().flowRecord()->modules.value(2).operations.first().outputs.size(), 2);
        // Module 1 keeps its result and its operation; module 3 did not run.
        QCOMPARE(runner.results().flowRecord()->modules.value(1).operations.size(), 1);
        QCOMPARE(runner.results().run(1).status, ModuleRunStatus::Succeeded);
        QVERIFY(!runner.results().flowRecord()->modules.contains(3));
        QCOMPARE(runner.results().run(3).status, ModuleRunStatus::Idle);
    }

    void tenThousandBundlesGoThroughWithoutDeepCalls()
    {
        const ScenarioDocument doc = read(
            "[{'id': 1, 'type': 'flow.repeater', 'config': {'repeats': '10000'}}, {'id': 2, "
            "'type': 'flow.setVariables', 'config': {'variables': [{'name': 'n', 'value': "
            "'{{1.i}}'}]}}, {'id': 3, 'type': 'flow.textAggregator', 'config': {'source': 1, "
            "'text': '{{2.n}}', 'rowSeparator': ','}}]",
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3}]");
        FlowRun scheduler(doc.modules, doc.links);
        QElapsedTimer clock;
        clock.start();
        runToEnd(scheduler);
        qInfo("10,000 bundles through a repeater, set variables and a text aggregator: %lld ms",
            clock.elapsed());
        QCOMPARE(scheduler.record().modules.value(2).operations.size(), 10000);
        const QString text = scheduler.record()
                                 .modules.value(3)
                                 .operations.first()
                                 .outputs.first()[QStringLiteral("text")]
                                 .toString();
        QVERIFY(text.startsWith(QLatin1String("1,2,3,")));
        QVERIFY(text.endsWith(QLatin1String(",9999,10000")));
    }

    void sleepWaitsAndStopEndsItAtOnce()
    {
        const ScenarioDocument doc
            = read("[{'id': 1, 'type': 'flow.sleep', 'config': {'seconds': '1'}}]", "[]");
        FlowRun scheduler(doc.modules, doc.links);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        QVERIFY2(clock.elapsed() >= 950, qPrintable(QString::number(clock.elapsed())));

        const ScenarioDocument longer
            = read("[{'id': 1, 'type': 'flow.sleep', 'config': {'seconds': '300'}}]", "[]");
        FlowRun stopped(longer.modules, longer.links);
        QTimer::singleShot(100, &stopped, &FlowRun::stop);
        clock.restart();
        QCOMPARE(runToEnd(stopped), FlowStatus::Error);
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    }

    void variablesLastForTheirScope()
    {
        // Two flows: the cycle variable of the first is gone in the second, the execution
        // variable is kept.
        const ScenarioDocument doc = read(
            "[{'id': 1, 'type': 'flow.setVariables', 'config': {'scope': 'cycle', 'variables': "
            "[{'name': 'c', 'value': '1'}]}}, {'id': 2, 'type': 'flow.setVariables', 'config': "
            "{'scope': 'execution', 'variables': [{'name': 'e', 'value': '2'}]}}, {'id': 3, "
            "'type': 'flow.getVariables', 'config': {'names': ['c', 'e']}}, {'id': 4, 'type': "
            "'flow.getVariables', 'config': {'names': ['c', 'e']}}]",
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3}]");
        FlowRun scheduler(doc.modules, doc.links);
        runToEnd(scheduler);
        QCOMPARE(scheduler.record().modules.value(3).operations.first().outputs,
            QList<QJsonValue> {object("{'c': '1', 'e': '2'}")});
        QCOMPARE(scheduler.record().modules.value(4).operations.first().outputs,
            QList<QJsonValue> {object("{'c': null, 'e': '2'}")});
    }

    void stopIsHeardInALongRunOfInstantSteps()
    {
        // 100,000 operations that each answer at once: the run must still give the event loop
        // turns (the window repaints, Stop is heard), not hold the thread to the end.
        const ScenarioDocument doc
            = read("[{'id': 1, 'type': 'flow.repeater', 'config': {'repeats': '10'}}, "
                   "{'id': 2, 'type': 'flow.repeater', 'config': {'repeats': '10000'}}, "
                   "{'id': 3, 'type': 'flow.setVariables', 'config': {'variables': "
                   "[{'name': 'n', 'value': '{{2.i}}'}]}}]",
                "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3}]");
        FlowRun run(doc.modules, doc.links);
        QSignalSpy finished(&run, &FlowRun::finished);
        run.start(MappingContext());
        QVERIFY2(finished.isEmpty(), "the whole run happened before start() returned");
        QTimer::singleShot(0, &run, [&run] { run.stop(); });
        QVERIFY(finished.wait(5000));
        QCOMPARE(run.record().status, FlowStatus::Error);
        QVERIFY(run.record().modules.value(3).operations.size() < 100000);
        QVERIFY(run.record().stopReason.contains(QStringLiteral("Stopped")));
    }
};

QTEST_GUILESS_MAIN(TestKindFlow)
#include "tst_kindflow.moc"
