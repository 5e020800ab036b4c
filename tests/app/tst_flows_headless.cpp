// scenarist-run on scenarios with flow modules (docs/flow-control.md): the three examples of
// resources/examples, each against the built-in sandbox, offline.

#include "HeadlessProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

QString example(const char *name)
{
    return QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/%1.scenario.json")
        .arg(QLatin1String(name));
}

QJsonObject moduleOf(const QJsonObject &report, int id)
{
    for (const QJsonValue &module : report.value(QStringLiteral("modules")).toArray()) {
        if (module.toObject().value(QStringLiteral("id")).toInt() == id)
            return module.toObject();
    }
    return {};
}

QJsonObject run(const char *name, int *exitCode)
{
    const HeadlessOutcome outcome = runHeadless({QStringLiteral("--sandbox"),
        QStringLiteral("--output"), QStringLiteral("json"), example(name)});
    *exitCode = outcome.exitCode;
    if (outcome.exitCode != 0)
        qWarning("%s", outcome.err.constData());
    return QJsonDocument::fromJson(outcome.out).object();
}

} // namespace

class TestFlowsHeadless : public QObject
{
    Q_OBJECT

private slots:
    void iterateAndAggregate()
    {
        int exitCode = -1;
        const QJsonObject report = run("iterate-and-aggregate", &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(report.value(QStringLiteral("status")).toString(), QStringLiteral("success"));
        // One request per item, then one bundle with every item fetched.
        QCOMPARE(moduleOf(report, 4)
                     .value(QStringLiteral("output"))
                     .toObject()
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toInt(),
            5);
        const QJsonObject collected
            = moduleOf(report, 5).value(QStringLiteral("output")).toObject();
        QCOMPARE(collected.value(QStringLiteral("__IMTAGGLENGTH__")).toInt(), 5);
        const QJsonArray items = collected.value(QStringLiteral("array")).toArray();
        QCOMPARE(items.size(), 5);
        QCOMPARE(items.first().toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Blue pen"));
        QCOMPARE(items.last().toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Ruler"));
        // One operation per item, each with the item's number.
        const QJsonArray operations
            = moduleOf(report, 4).value(QStringLiteral("operations")).toArray();
        QCOMPARE(operations.size(), 5);
        QCOMPARE(operations.last().toObject().value(QStringLiteral("bundle")).toInt(), 5);
        QCOMPARE(operations.last().toObject().value(QStringLiteral("status")).toString(),
            QStringLiteral("succeeded"));
        // The iterator ran once and gave five bundles.
        const QJsonArray iterated
            = moduleOf(report, 3).value(QStringLiteral("operations")).toArray();
        QCOMPARE(iterated.size(), 1);
        QCOMPARE(iterated.first().toObject().value(QStringLiteral("outputs")).toArray().size(), 5);
    }

    void routerAndFilters()
    {
        int exitCode = -1;
        const QJsonObject report = run("router-and-filters", &exitCode);
        QCOMPARE(exitCode, 0);
        // Route 1 (price over 2) collects five names; the fallback took the other items.
        QCOMPARE(moduleOf(report, 5)
                     .value(QStringLiteral("output"))
                     .toObject()
                     .value(QStringLiteral("text"))
                     .toString(),
            QStringLiteral("Ruler (2.2), Notebook A5 (3.9), Notebook A4 (4.9), Sticky notes (2.5), "
                           "Stapler (7.95)"));
        QCOMPARE(moduleOf(report, 6)
                     .value(QStringLiteral("output"))
                     .toObject()
                     .value(QStringLiteral("cheap"))
                     .toString(),
            QStringLiteral("Staples"));
        // The five items the filter stopped, each with its number and why.
        const QJsonArray dropped = moduleOf(report, 5).value(QStringLiteral("dropped")).toArray();
        QCOMPARE(dropped.size(), 5);
        QCOMPARE(dropped.first().toObject().value(QStringLiteral("bundle")).toInt(), 1);
        const QString reason
            = dropped.first().toObject().value(QStringLiteral("reason")).toString();
        QVERIFY2(reason.contains(QLatin1String("1.5 is not greater than 2")), qPrintable(reason));
        // Modules are listed in the order they first ran.
        QList<int> listed;
        for (const QJsonValue &module : report.value(QStringLiteral("modules")).toArray())
            listed.append(module.toObject().value(QStringLiteral("id")).toInt());
        QCOMPARE(listed, (QList<int> {1, 2, 3, 4, 6, 5}));
    }

    void errorHandling()
    {
        int exitCode = -1;
        QElapsedTimer clock;
        clock.start();
        const QJsonObject report = run("error-handling", &exitCode);
        // Break waited as Retry-After asked (1 s, twice); Resume stood in for the 404.
        QCOMPARE(exitCode, 0);
        QVERIFY2(clock.elapsed() >= 1900, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("status")).toString(), QStringLiteral("success"));
        const QJsonObject outcome = moduleOf(report, 6).value(QStringLiteral("output")).toObject();
        QCOMPARE(
            outcome.value(QStringLiteral("busy")).toString(), QStringLiteral("answered on try 3"));
        QCOMPARE(outcome.value(QStringLiteral("item")).toString(), QStringLiteral("(no item 999)"));
        QCOMPARE(moduleOf(report, 4).value(QStringLiteral("status")).toString(),
            QStringLiteral("failed"));
        // The busy endpoint's one operation lists its three tries; the 404 was dealt with by
        // Resume.
        const QJsonObject busy
            = moduleOf(report, 2).value(QStringLiteral("operations")).toArray().first().toObject();
        QCOMPARE(busy.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(busy.value(QStringLiteral("attempts")).toArray().size(), 3);
        // Each try says what the server answered.
        QList<int> statuses;
        for (const QJsonValue &attempt : busy.value(QStringLiteral("attempts")).toArray())
            statuses.append(attempt.toObject().value(QStringLiteral("statusCode")).toInt(-1));
        QCOMPARE(statuses, (QList<int> {429, 429, 200}));
        const QJsonObject missing
            = moduleOf(report, 4).value(QStringLiteral("operations")).toArray().first().toObject();
        QCOMPARE(missing.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(missing.value(QStringLiteral("handledBy")).toString(), QStringLiteral("resume"));
        QCOMPARE(missing.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("statusCode"))
                     .toInt(),
            404);
    }
};

QTEST_GUILESS_MAIN(TestFlowsHeadless)
#include "tst_flows_headless.moc"
