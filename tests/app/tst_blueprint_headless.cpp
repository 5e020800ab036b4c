// scenarist-run on a Make blueprint with a router, filters and an error route: it is read as the
// editor reads it (ScenarioOpener, the whole flow converted) and runs against the sandbox.

#include "HeadlessProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

QJsonObject moduleOf(const QJsonObject &report, int id)
{
    for (const QJsonValue &module : report.value(s("modules")).toArray()) {
        if (module.toObject().value(s("id")).toInt() == id)
            return module.toObject();
    }
    return {};
}

} // namespace

class TestBlueprintHeadless : public QObject
{
    Q_OBJECT

private slots:
    void runsRoutesFiltersAndErrorRoutes()
    {
        const HeadlessOutcome outcome = runHeadless({s("--sandbox"), s("--output"), s("json"),
            s(SCENARIST_TEST_DATA_DIR "/blueprints/sandbox-router-v4.blueprint.json")});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        // Every module converted: nothing to report.
        QVERIFY2(!outcome.err.contains("not converted"), outcome.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(outcome.out).object();
        QCOMPARE(report.value(s("status")).toString(), s("success"));
        QCOMPARE(report.value(s("modules")).toArray().size(), 6);
        QCOMPARE(moduleOf(report, 2).value(s("type")).toString(), s("flow.router"));

        // The first route's filter lets the bundle through: the token works.
        const QJsonObject me = moduleOf(report, 3);
        QCOMPARE(me.value(s("status")).toString(), s("succeeded"));
        QCOMPARE(me[s("output")][s("data")][s("client_id")].toString(), s("demo-client"));

        // The second route's filter stops it, and says why.
        const QJsonObject never = moduleOf(report, 4);
        QCOMPARE(never.value(s("status")).toString(), s("skipped"));
        const QJsonArray dropped = never.value(s("dropped")).toArray();
        QCOMPARE(dropped.size(), 1);
        QVERIFY2(dropped[0][s("reason")].toString().contains(s("does not exist")),
            qPrintable(dropped[0][s("reason")].toString()));

        // The third route fails (404), and its error route ends in Ignore: the run succeeds.
        const QJsonArray failed = moduleOf(report, 5).value(s("operations")).toArray();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0][s("status")].toString(), s("failed"));
        QCOMPARE(failed[0][s("handledBy")].toString(), s("ignore"));
        QCOMPARE(moduleOf(report, 6).value(s("type")).toString(), s("flow.ignore"));
        QCOMPARE(moduleOf(report, 6).value(s("status")).toString(), s("succeeded"));
    }

    // --convert reads a blueprint the same way: the same modules, links and filters.
    void convertsAsItRuns()
    {
        const HeadlessOutcome outcome = runHeadless({s("--convert"),
            s(SCENARIST_TEST_DATA_DIR "/blueprints/sandbox-router-v4.blueprint.json")});
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        QVERIFY2(outcome.err.isEmpty(), outcome.err.constData());
        const QJsonObject scenario = QJsonDocument::fromJson(outcome.out).object();
        QCOMPARE(scenario.value(s("modules")).toArray().size(), 6);
        int filters = 0;
        int errorRoutes = 0;
        for (const QJsonValue &link : scenario.value(s("links")).toArray()) {
            filters += link.toObject().contains(s("filter")) ? 1 : 0;
            errorRoutes += link.toObject().value(s("onError")).toBool() ? 1 : 0;
        }
        QCOMPARE(filters, 2);
        QCOMPARE(errorRoutes, 1);
    }
};

QTEST_GUILESS_MAIN(TestBlueprintHeadless)
#include "tst_blueprint_headless.moc"
