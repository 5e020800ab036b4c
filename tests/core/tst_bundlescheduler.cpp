#include "core/flow/BundleScheduler.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

Q_DECLARE_METATYPE(FlowStatus)

namespace {

using Behaviour = std::function<StepResult(int id, const MappingContext &context)>;

/// Steps that do what each test tells them, and log every operation as "id:bundle", the
/// bundle being the `value` of the nearest iterator output in the context (module 1 or 2).
class FakeSteps : public FlowSteps
{
public:
    QHash<int, Behaviour> behaviours;
    QStringList log;
    bool async = false;
    int cancelled = 0;

    void run(int id, const MappingContext &context, std::function<void(StepResult)> done) override
    {
        log.append(QStringLiteral("%1:%2").arg(id).arg(label(context)));
        const Behaviour behaviour = behaviours.value(id);
        StepResult result = behaviour ? behaviour(id, context) : pass(id, context);
        if (async)
            QTimer::singleShot(0, [done, result]() { done(result); });
        else
            done(result);
    }

    void collect(int, const MappingContext &context, CollectedBundles &into) override
    {
        into.parts.append(label(context));
    }

    StepResult aggregate(int id, const MappingContext &, const CollectedBundles &collected) override
    {
        QJsonArray array;
        for (const QJsonValue &part : collected.parts)
            array.append(part);
        log.append(QStringLiteral("%1:[%2]").arg(id).arg(array.size()));
        StepResult result;
        result.outputs.append(QJsonObject {{QStringLiteral("array"), array}});
        return result;
    }

    void cancel() override { ++cancelled; }

    static QString label(const MappingContext &context)
    {
        for (int id : {2, 1}) {
            const QJsonValue value
                = context.moduleOutputs.value(id).toObject().value(QStringLiteral("value"));
            if (!value.isUndefined())
                return value.toVariant().toString();
        }
        return QStringLiteral("-");
    }

    static StepResult pass(int id, const MappingContext &)
    {
        StepResult result;
        result.outputs.append(QJsonObject {{QStringLiteral("from"), id}});
        return result;
    }
};

/// Emits one bundle {value} per item.
Behaviour iterate(const QJsonArray &items)
{
    return [items](int, const MappingContext &) {
        StepResult result;
        for (const QJsonValue &item : items)
            result.outputs.append(QJsonObject {{QStringLiteral("value"), item}});
        return result;
    };
}

Behaviour failWhen(const QString &bundle, ModuleErrorType type = ModuleErrorType::RuntimeError,
    int retryAfter = -1)
{
    return [=](int id, const MappingContext &context) {
        if (FakeSteps::label(context) != bundle)
            return FakeSteps::pass(id, context);
        StepResult result;
        ModuleError error;
        error.type = type;
        error.message = QStringLiteral("module %1 failed on %2").arg(id).arg(bundle);
        error.statusCode = 500;
        error.retryAfterSeconds = retryAfter;
        result.error = error;
        return result;
    };
}

BundleNode chainNode(int id, QList<int> next)
{
    BundleNode node;
    node.id = id;
    for (int to : next)
        node.routes.append(BundleRoute {to, Filter(), false});
    return node;
}

Filter filterOf(const QString &a, const QString &o, const QString &b)
{
    Filter filter;
    filter.name = QStringLiteral("test");
    FilterCondition condition;
    condition.a = a;
    condition.o = o;
    condition.b = b;
    filter.conditions = {{condition}};
    return filter;
}

BundleGraph graphOf(const QList<BundleNode> &nodes, QList<int> starts = {1})
{
    BundleGraph graph;
    for (const BundleNode &node : nodes)
        graph.nodes.insert(node.id, node);
    graph.starts = starts;
    return graph;
}

/// Runs to the end (at most 20 s) and returns the status.
FlowStatus runToEnd(BundleScheduler &scheduler)
{
    QSignalSpy finished(&scheduler, &BundleScheduler::finished);
    scheduler.start(MappingContext());
    if (finished.isEmpty() && !finished.wait(20000))
        return FlowStatus::Error;
    return finished.first().first().value<FlowStatus>();
}

} // namespace

class TestBundleScheduler : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<FlowStatus>(); }

    void depthFirstAcrossBundlesAndRoutes_data()
    {
        QTest::addColumn<bool>("async");
        QTest::newRow("answers at once") << false;
        QTest::newRow("answers later") << true;
    }

    void depthFirstAcrossBundlesAndRoutes()
    {
        QFETCH(bool, async);
        // 1 iterator (a, b) -> 2 router -> route 1: 3 -> 5; route 2: 4.
        FakeSteps steps;
        steps.async = async;
        steps.behaviours.insert(1, iterate({"a", "b"}));
        // Route 2 sees the router and what came before it, never what route 1 did.
        QStringList seenBy4;
        steps.behaviours.insert(4, [&seenBy4](int id, const MappingContext &context) {
            QList<int> ids = context.moduleOutputs.keys();
            std::sort(ids.begin(), ids.end());
            QStringList seen;
            for (int seenId : ids)
                seen.append(QString::number(seenId));
            seenBy4.append(seen.join(QLatin1Char(',')));
            return FakeSteps::pass(id, context);
        });
        BundleScheduler scheduler(graphOf({chainNode(1, {2}), chainNode(2, {3, 4}),
                                      chainNode(3, {5}), chainNode(4, {}), chainNode(5, {})}),
            &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        QCOMPARE(steps.log,
            QStringList({"1:-", "2:a", "3:a", "5:a", "4:a", "2:b", "3:b", "5:b", "4:b"}));
        QCOMPARE(seenBy4, QStringList({"1,2", "1,2"}));
        QCOMPARE(scheduler.record().order, QList<int>({1, 2, 3, 5, 4}));
        QCOMPARE(scheduler.record().modules.value(2).operations.size(), 2);
        QCOMPARE(scheduler.record().modules.value(2).operations.at(1).bundle, 2);
    }

    void aFilterDropsBundlesAndSaysWhy()
    {
        FakeSteps steps;
        steps.behaviours.insert(1, iterate({1, 2, 3}));
        BundleNode first = chainNode(1, {});
        first.routes.append(BundleRoute {2,
            filterOf(QStringLiteral("{{1.value}}"), QStringLiteral("number:greater"), "1"), false});
        BundleScheduler scheduler(graphOf({first, chainNode(2, {})}), &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        QCOMPARE(steps.log, QStringList({"1:-", "2:2", "2:3"}));
        const ModuleFlowRecord record = scheduler.record().modules.value(2);
        QCOMPARE(record.dropped.size(), 1);
        QCOMPARE(record.dropped.first().bundle, 1);
        QVERIFY2(record.dropped.first().reason.contains(QLatin1String("1 is not greater than 1")),
            qPrintable(record.dropped.first().reason));
    }

    void aFilterThatCannotCompareWarns()
    {
        FakeSteps steps;
        steps.behaviours.insert(1, iterate({"abc"}));
        BundleNode first = chainNode(1, {});
        first.routes.append(BundleRoute {2,
            filterOf(QStringLiteral("{{1.value}}"), QStringLiteral("number:greater"), "1"), false});
        BundleScheduler scheduler(graphOf({first, chainNode(2, {})}), &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        const ModuleFlowRecord record = scheduler.record().modules.value(2);
        QCOMPARE(record.dropped.size(), 1);
        QCOMPARE(record.warnings.size(), 1);
        QVERIFY2(record.warnings.first().contains(QLatin1String("not a number")),
            qPrintable(record.warnings.first()));
    }

    void theFallbackRouteTakesWhatNoOtherRouteTook()
    {
        FakeSteps steps;
        steps.behaviours.insert(1, iterate({"x", "y"}));
        BundleNode router = chainNode(2, {});
        router.routes.append(BundleRoute {4, Filter(), true}); // the fallback, listed first
        router.routes.append(BundleRoute {
            3, filterOf(QStringLiteral("{{1.value}}"), QStringLiteral("text:equal"), "x"), false});
        BundleScheduler scheduler(
            graphOf({chainNode(1, {2}), router, chainNode(3, {}), chainNode(4, {})}), &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        QCOMPARE(steps.log, QStringList({"1:-", "2:x", "3:x", "2:y", "4:y"}));
        QCOMPARE(scheduler.record().modules.value(3).dropped.size(), 1);
    }

    void anAggregatorCollectsOneOperationOfItsSource()
    {
        // 1 emits two lists; 2 iterates each; 3 runs per item; 4 aggregates what 2 emitted in
        // one operation (so twice: 2 items, then 3); 5 runs after each aggregation.
        FakeSteps steps;
        steps.behaviours.insert(1, [](int, const MappingContext &) {
            StepResult result;
            result.outputs = {QJsonObject {{QStringLiteral("list"), QJsonArray {"a", "b"}}},
                QJsonObject {{QStringLiteral("list"), QJsonArray {"c", "d", "e"}}}};
            return result;
        });
        steps.behaviours.insert(2, [](int, const MappingContext &context) {
            StepResult result;
            const QJsonArray list
                = context.moduleOutputs.value(1).toObject().value(QStringLiteral("list")).toArray();
            for (const QJsonValue &item : list)
                result.outputs.append(QJsonObject {{QStringLiteral("value"), item}});
            return result;
        });
        QStringList seenBy5;
        steps.behaviours.insert(5, [&seenBy5](int id, const MappingContext &context) {
            seenBy5.append(QStringLiteral("%1 %2 %3")
                               .arg(int(context.moduleOutputs.contains(1)))
                               .arg(int(context.moduleOutputs.contains(3)))
                               .arg(context.moduleOutputs.value(4)
                                        .toObject()
                                        .value(QStringLiteral("array"))
                                        .toArray()
                                        .size()));
            return FakeSteps::pass(id, context);
        });
        BundleNode aggregator = chainNode(4, {5});
        aggregator.aggregatorSource = 2;
        BundleScheduler scheduler(graphOf({chainNode(1, {2}), chainNode(2, {3}), chainNode(3, {4}),
                                      aggregator, chainNode(5, {})}),
            &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        QCOMPARE(steps.log,
            QStringList({"1:-", "2:-", "3:a", "3:b", "4:[2]", "5:-", "2:-", "3:c", "3:d", "3:e",
                "4:[3]", "5:-"}));
        // After the aggregator: modules before its source are there, those between are not.
        QCOMPARE(seenBy5, QStringList({"1 0 2", "1 0 3"}));
        QCOMPARE(scheduler.record().modules.value(4).operations.size(), 2);
        QCOMPARE(scheduler.record().modules.value(2).operations.size(), 2);
    }

    void anAggregatorOfAnEmptyListStillAnswers()
    {
        FakeSteps steps;
        steps.behaviours.insert(1, iterate({}));
        BundleNode aggregator = chainNode(3, {});
        aggregator.aggregatorSource = 1;
        BundleScheduler scheduler(
            graphOf({chainNode(1, {2}), chainNode(2, {3}), aggregator}), &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        QCOMPARE(steps.log, QStringList({"1:-", "3:[0]"}));
    }

    void aFailureWithNoErrorRouteStopsTheRun()
    {
        FakeSteps steps;
        steps.behaviours.insert(1, iterate({"a", "b", "c"}));
        steps.behaviours.insert(2, failWhen(QStringLiteral("b")));
        BundleScheduler scheduler(
            graphOf({chainNode(1, {2}), chainNode(2, {3}), chainNode(3, {})}), &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Error);
        QCOMPARE(steps.log, QStringList({"1:-", "2:a", "3:a", "2:b"}));
        QCOMPARE(scheduler.record().stoppedAt, 2);
        QCOMPARE(scheduler.record().stopReason, QStringLiteral("module 2 failed on b"));
        const OperationRecord failed = scheduler.record().modules.value(2).operations.last();
        QVERIFY(failed.failed);
        QVERIFY(failed.handledBy.isEmpty());
    }

    void errorRoutes_data()
    {
        QTest::addColumn<int>("directive");
        QTest::addColumn<QStringList>("log");
        QTest::addColumn<FlowStatus>("status");
        QTest::addColumn<QString>("handledBy");
        // 1 iterates a, b, c; 2 fails on b; its error route: 8 (sees the error) -> 9 directive.
        QTest::newRow("no directive: as Ignore")
            << int(FlowDirective::None)
            << QStringList({"1:-", "2:a", "3:a", "2:b", "8:b", "9:b", "2:c", "3:c"})
            << FlowStatus::Success << "ignore";
        QTest::newRow("Ignore") << int(FlowDirective::Ignore)
                                << QStringList({"1:-", "2:a", "3:a", "2:b", "8:b", "2:c", "3:c"})
                                << FlowStatus::Success << "ignore";
        QTest::newRow("Resume") << int(FlowDirective::Resume)
                                << QStringList({"1:-", "2:a", "3:a", "2:b", "8:b", "9:b", "3:b",
                                       "2:c", "3:c"})
                                << FlowStatus::Success << "resume";
        QTest::newRow("Commit") << int(FlowDirective::Commit)
                                << QStringList({"1:-", "2:a", "3:a", "2:b", "8:b"})
                                << FlowStatus::Success << "commit";
        QTest::newRow("Rollback") << int(FlowDirective::Rollback)
                                  << QStringList({"1:-", "2:a", "3:a", "2:b", "8:b"})
                                  << FlowStatus::Error << "rollback";
    }

    void errorRoutes()
    {
        QFETCH(int, directive);
        QFETCH(QStringList, log);
        QFETCH(FlowStatus, status);
        QFETCH(QString, handledBy);
        FakeSteps steps;
        steps.behaviours.insert(1, iterate({"a", "b", "c"}));
        steps.behaviours.insert(2, failWhen(QStringLiteral("b")));
        QString errorSeen;
        steps.behaviours.insert(8, [&errorSeen](int id, const MappingContext &context) {
            const QJsonObject error = context.moduleOutputs.value(2)
                                          .toObject()
                                          .value(QStringLiteral("error"))
                                          .toObject();
            errorSeen = QStringLiteral("%1|%2|%3")
                            .arg(error.value(QStringLiteral("message")).toString(),
                                error.value(QStringLiteral("type")).toString())
                            .arg(error.value(QStringLiteral("statusCode")).toInt());
            return FakeSteps::pass(id, context);
        });
        QString resumedInto3;
        steps.behaviours.insert(9, [](int, const MappingContext &) {
            StepResult result; // Resume's substitute output
            result.outputs.append(QJsonObject {{QStringLiteral("substitute"), true}});
            return result;
        });
        steps.behaviours.insert(3, [&resumedInto3](int id, const MappingContext &context) {
            if (context.moduleOutputs.value(2)
                    .toObject()
                    .value(QStringLiteral("substitute"))
                    .toBool())
                resumedInto3 = FakeSteps::label(context);
            return FakeSteps::pass(id, context);
        });
        BundleNode failing = chainNode(2, {3});
        failing.errorRoute = 8;
        BundleNode end = chainNode(9, {});
        end.directive = FlowDirective(directive);
        BundleScheduler scheduler(
            graphOf({chainNode(1, {2}), failing, chainNode(3, {}), chainNode(8, {9}), end}),
            &steps);
        QCOMPARE(runToEnd(scheduler), status);
        QCOMPARE(steps.log, log);
        QCOMPARE(errorSeen, QStringLiteral("module 2 failed on b|RuntimeError|500"));
        const OperationRecord failed = scheduler.record().modules.value(2).operations.at(1);
        QVERIFY(failed.failed);
        QCOMPARE(failed.handledBy, handledBy);
        QCOMPARE(resumedInto3, directive == int(FlowDirective::Resume) ? "b" : "");
        QVERIFY(scheduler.record().incomplete.isEmpty());
    }

    void breakTriesAgainAndGoesOnWhenItWorks()
    {
        FakeSteps steps;
        steps.behaviours.insert(1, iterate({"a", "b"}));
        int calls = 0;
        steps.behaviours.insert(2, [&calls](int id, const MappingContext &context) {
            if (FakeSteps::label(context) == "a" && ++calls <= 2)
                return failWhen(QStringLiteral("a"))(id, context);
            return FakeSteps::pass(id, context);
        });
        BundleNode failing = chainNode(2, {3});
        failing.errorRoute = 9;
        BundleNode retry = chainNode(9, {});
        retry.directive = FlowDirective::Break;
        retry.breakCount = 3;
        BundleScheduler scheduler(
            graphOf({chainNode(1, {2}), failing, chainNode(3, {}), retry}), &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        QCOMPARE(steps.log, QStringList({"1:-", "2:a", "2:a", "2:a", "3:a", "2:b", "3:b"}));
        const OperationRecord first = scheduler.record().modules.value(2).operations.first();
        QVERIFY(!first.failed);
        QCOMPARE(first.attempts.size(), 3);
        QCOMPARE(first.attempts.last().result, QStringLiteral("succeeded"));
        QCOMPARE(scheduler.record().modules.value(2).operations.size(), 2); // not one per try
    }

    void breakKeepsABundleThatStillFailsAsIncomplete()
    {
        FakeSteps steps;
        steps.behaviours.insert(1, iterate({"a", "b", "c"}));
        steps.behaviours.insert(
            2, failWhen(QStringLiteral("b"), ModuleErrorType::RateLimitError, 1));
        BundleNode failing = chainNode(2, {3});
        failing.errorRoute = 9;
        BundleNode retry = chainNode(9, {});
        retry.directive = FlowDirective::Break;
        retry.breakCount = 1;
        retry.breakIntervalSeconds = 0;
        BundleScheduler scheduler(
            graphOf({chainNode(1, {2}), failing, chainNode(3, {}), retry}), &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Warning);
        QCOMPARE(steps.log, QStringList({"1:-", "2:a", "3:a", "2:b", "2:b", "2:c", "3:c"}));
        QCOMPARE(scheduler.record().incomplete.size(), 1);
        QCOMPARE(scheduler.record().incomplete.first().module, 2);
        QCOMPARE(scheduler.record().incomplete.first().bundle, 2);
        const OperationRecord failed = scheduler.record().modules.value(2).operations.at(1);
        QCOMPARE(failed.handledBy, QStringLiteral("break"));
        QCOMPARE(failed.attempts.size(), 2);
        // Retry-After: 1 with an interval of 0: the second try waited about a second.
        const qint64 waited = failed.attempts.at(1).atMs - failed.attempts.at(0).atMs;
        QVERIFY2(waited >= 950, qPrintable(QString::number(waited)));
    }

    void retryAfterIsCapped()
    {
        FakeSteps steps;
        steps.behaviours.insert(
            1, failWhen(QStringLiteral("-"), ModuleErrorType::RateLimitError, 86400));
        BundleNode failing = chainNode(1, {});
        failing.errorRoute = 9;
        BundleNode retry = chainNode(9, {});
        retry.directive = FlowDirective::Break;
        retry.breakCount = 1;
        BundleScheduler scheduler(graphOf({failing, retry}), &steps);
        scheduler.setMaxRetryWaitSeconds(1);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(runToEnd(scheduler), FlowStatus::Warning);
        QVERIFY(clock.elapsed() < 5000);
    }

    void stopCancelsTheOperationUnderWay()
    {
        FakeSteps steps;
        steps.behaviours.insert(
            1, failWhen(QStringLiteral("-"), ModuleErrorType::RateLimitError, 60));
        BundleNode failing = chainNode(1, {});
        failing.errorRoute = 9;
        BundleNode retry = chainNode(9, {});
        retry.directive = FlowDirective::Break;
        retry.breakCount = 2;
        BundleScheduler scheduler(graphOf({failing, retry}), &steps);
        QSignalSpy finished(&scheduler, &BundleScheduler::finished);
        scheduler.start(MappingContext());
        QVERIFY(scheduler.isRunning()); // waiting 60 s before trying again
        scheduler.cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<FlowStatus>(), FlowStatus::Error);
        QTest::qWait(50);
        QCOMPARE(steps.log, QStringList({"1:-"}));
    }

    void manyBundlesAndLongChainsDoNotExhaustTheStack()
    {
        FakeSteps steps;
        QJsonArray items;
        for (int i = 0; i < 100000; ++i)
            items.append(i);
        steps.behaviours.insert(1, iterate(items));
        QList<BundleNode> nodes {chainNode(1, {2}), chainNode(2, {3}), chainNode(3, {})};
        BundleNode aggregator = chainNode(4, {5});
        aggregator.aggregatorSource = 1;
        nodes[2].routes.append(BundleRoute {4, Filter(), false});
        nodes.append(aggregator);
        // After the aggregator, a chain of 20,000 modules.
        for (int id = 5; id < 20005; ++id)
            nodes.append(chainNode(id, id + 1 < 20005 ? QList<int> {id + 1} : QList<int> {}));
        BundleScheduler scheduler(graphOf(nodes), &steps);
        QCOMPARE(runToEnd(scheduler), FlowStatus::Success);
        QCOMPARE(scheduler.record().modules.value(3).operations.size(), 100000);
        QCOMPARE(scheduler.record().modules.value(20004).operations.size(), 1);
        QVERIFY(steps.log.contains(QStringLiteral("4:[100000]")));
    }
};

QTEST_GUILESS_MAIN(TestBundleScheduler)
#include "tst_bundlescheduler.moc"
