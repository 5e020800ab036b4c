#include "TestSupport.h"
#include "core/flow/Filter.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QUuid>
#include <QtTest>

namespace {

/// JSON written with single quotes, which read better inside C++ strings.
QJsonValue js(const QString &singleQuoted)
{
    QJsonParseError error;
    const QByteArray bytes = QStringLiteral("[%1]").arg(singleQuoted).replace('\'', '"').toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (doc.isNull())
        qFatal("bad JSON in the test: %s (%s)", bytes.constData(), qPrintable(error.errorString()));
    return doc.array().first();
}

QJsonObject moduleOf(int id, const QString &type, const QJsonValue &config = QJsonObject {})
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("type"), type},
        {QStringLiteral("config"), config}};
}

/// An HTTP module; `jsonBody`, when given, is sent as a raw application/json body.
QJsonObject request(
    int id, const QString &method, const QString &url, const QString &jsonBody = QString())
{
    QJsonObject body {{QStringLiteral("type"), QStringLiteral("none")}};
    if (!jsonBody.isNull()) {
        body = QJsonObject {{QStringLiteral("type"), QStringLiteral("raw")},
            {QStringLiteral("contentType"), QStringLiteral("application/json")},
            {QStringLiteral("content"), jsonBody}};
    }
    return moduleOf(id, QStringLiteral("http.request"),
        QJsonObject {{QStringLiteral("method"), method}, {QStringLiteral("url"), url},
            {QStringLiteral("body"), body}, {QStringLiteral("timeoutSeconds"), 20}});
}

QJsonObject link(int from, int to, const QJsonObject &extra = {})
{
    QJsonObject l = extra;
    l.insert(QStringLiteral("from"), from);
    l.insert(QStringLiteral("to"), to);
    return l;
}

QJsonObject onError()
{
    return QJsonObject {{QStringLiteral("onError"), true}};
}

QJsonObject filtered(const QString &a, const QString &o, const std::optional<QString> &b)
{
    QJsonObject condition {{QStringLiteral("a"), a}, {QStringLiteral("o"), o}};
    if (b)
        condition.insert(QStringLiteral("b"), *b);
    return QJsonObject {{QStringLiteral("filter"),
        QJsonObject {{QStringLiteral("name"), QStringLiteral("Only some")},
            {QStringLiteral("conditions"), QJsonArray {QJsonArray {condition}}}}}};
}

/// A scenario read from a version 2 file, as the app opens one.
Scenario *scenarioOf(const QJsonArray &modules, const QJsonArray &links,
    const QString &timeZone = QString(), const QString &name = QStringLiteral("Flows"))
{
    QJsonObject file {{QStringLiteral("format"), QStringLiteral("scenarist-scenario")},
        {QStringLiteral("version"), 2}, {QStringLiteral("name"), name},
        {QStringLiteral("modules"), modules}, {QStringLiteral("links"), links}};
    if (!timeZone.isEmpty())
        file.insert(QStringLiteral("timeZone"), timeZone);
    QString error;
    const auto document = ScenarioFile::parse(QJsonDocument(file).toJson(), &error);
    if (!document) {
        qWarning("the test's scenario was refused: %s", qPrintable(error));
        return nullptr;
    }
    auto *scenario = new Scenario;
    document->applyTo(*scenario);
    return scenario;
}

/// What a run did, as the app and scenarist-run see it.
struct Outcome
{
    bool finished = false;
    bool ok = false;
    FlowStatus status = FlowStatus::Error;
    FlowRecord record; ///< empty for a straight chain
    RunResult results;
    /// The URL httpbin echoed for each request, in the order the answers came.
    QStringList echoedUrls;

    QList<OperationRecord> operations(int id) const { return record.modules.value(id).operations; }
    /// What httpbin received in each operation of module `id` (its echo), in order.
    QList<QJsonObject> echoes(int id) const
    {
        QList<QJsonObject> list;
        for (const OperationRecord &operation : operations(id)) {
            list.append(
                operation.outputs.value(0).toObject().value(QStringLiteral("data")).toObject());
        }
        return list;
    }
    /// One query parameter httpbin received, for each operation of module `id`.
    QStringList args(int id, const QString &name) const
    {
        QStringList list;
        for (const QJsonObject &echo : echoes(id))
            list.append(echo.value(QStringLiteral("args")).toObject().value(name).toString());
        return list;
    }
};

Outcome runWith(ScenarioRunner &runner, const Scenario &scenario, int timeoutMs = 30000)
{
    Outcome outcome;
    QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
    QObject context;
    QObject::connect(&runner, &ScenarioRunner::moduleFinished, &context,
        [&](ModuleId id, ModuleRunStatus status) {
            const QJsonObject echo
                = runner.results().run(id).output.value(QStringLiteral("data")).toObject();
            if (status == ModuleRunStatus::Succeeded && echo.contains(QStringLiteral("url")))
                outcome.echoedUrls.append(echo.value(QStringLiteral("url")).toString());
        });
    runner.runAll(scenario);
    outcome.finished = finished.wait(timeoutMs);
    if (!outcome.finished) {
        runner.cancel();
        return outcome;
    }
    outcome.ok = finished.first().first().toBool();
    outcome.status = runner.lastStatus();
    if (const FlowRecord *record = runner.flowRecord())
        outcome.record = *record;
    outcome.results = runner.results();
    return outcome;
}

Outcome run(const QJsonArray &modules, const QJsonArray &links)
{
    std::unique_ptr<Scenario> scenario(scenarioOf(modules, links));
    if (!scenario)
        return {};
    ScenarioRunner runner;
    return runWith(runner, *scenario);
}

/// For a filter operator (as Make names it), a first value that passes, one that is stopped,
/// and the second value. False when the test has no sample for it.
bool samplesFor(const QString &o, QJsonValue *pass, QJsonValue *stop, std::optional<QString> *b)
{
    const QStringList parts = o.split(QLatin1Char(':'));
    const QString family = parts.value(0);
    const QString verb = parts.value(1);
    const bool ci = parts.value(2) == QLatin1String("ci");
    const bool negated = verb.startsWith(QLatin1String("not"));
    const QString base = negated ? verb.mid(3) : verb;
    const auto finish = [&](const QJsonValue &yes, const QJsonValue &no) {
        *pass = negated ? no : yes;
        *stop = negated ? yes : no;
        return true;
    };
    b->reset();
    if (o == QLatin1String("exist"))
        return finish(QStringLiteral("here"), QJsonValue::Null);
    if (o == QLatin1String("notexist")) {
        *pass = QString();
        *stop = QStringLiteral("here");
        return true;
    }
    if (family == QLatin1String("text")) {
        const QHash<QString, QString> second {{QStringLiteral("equal"), QStringLiteral("Hello")},
            {QStringLiteral("contain"), QStringLiteral("ell")},
            {QStringLiteral("startwith"), QStringLiteral("He")},
            {QStringLiteral("endwith"), QStringLiteral("lo")},
            {QStringLiteral("pattern"), QStringLiteral("^H.l+o$")}};
        if (!second.contains(base))
            return false;
        // Case counts unless :ci: "HELLO" is stopped where "Hello" passes.
        *b = ci ? second.value(base).toUpper() : second.value(base);
        return finish(
            QStringLiteral("Hello"), ci ? QStringLiteral("World") : QStringLiteral("HELLO"));
    }
    if (family == QLatin1String("boolean")) {
        *b = QStringLiteral("true");
        return base == QLatin1String("equal") && finish(true, false);
    }
    if (family == QLatin1String("array") && base == QLatin1String("contain")) {
        *b = ci ? QStringLiteral("B") : QStringLiteral("b");
        return finish(js(QStringLiteral("['a', 'b']")),
            ci ? js(QStringLiteral("['a', 'c']")) : js(QStringLiteral("['a', 'B']")));
    }
    // Comparisons: a low, a middle and a high first value, the second being the middle.
    QJsonValue low, mid, high;
    if (family == QLatin1String("number")) {
        low = 9;
        mid = 10;
        high = 11;
        *b = QStringLiteral("10");
    } else if (family == QLatin1String("date")) {
        low = QStringLiteral("2024-04-30T12:00:00Z");
        mid = QStringLiteral("2024-05-01T14:00:00+02:00"); // the same moment as the second
        high = QStringLiteral("2024-05-02T12:00:00Z");
        *b = QStringLiteral("2024-05-01T12:00:00Z");
    } else if (family == QLatin1String("time")) {
        low = QStringLiteral("11:59");
        mid = QStringLiteral("12:00:00");
        high = QStringLiteral("12:01");
        *b = QStringLiteral("12:00");
    } else if (family == QLatin1String("array")) {
        low = js(QStringLiteral("[1]"));
        mid = js(QStringLiteral("[1, 2]"));
        high = js(QStringLiteral("[1, 2, 3]"));
        *b = QStringLiteral("2"); // the list's length
    } else {
        return false;
    }
    // Here "not" is a verb of its own, not the opposite of another.
    const QHash<QString, QPair<QJsonValue, QJsonValue>> verbs {
        {QStringLiteral("equal"), {mid, high}}, {QStringLiteral("notequal"), {high, mid}},
        {QStringLiteral("less"), {low, mid}}, {QStringLiteral("greater"), {high, mid}},
        {QStringLiteral("lessorequal"), {mid, high}},
        {QStringLiteral("greaterorequal"), {mid, low}}};
    if (!verbs.contains(verb))
        return false;
    *pass = verbs.value(verb).first;
    *stop = verbs.value(verb).second;
    return true;
}

} // namespace

/// Flow control (docs/flow-control.md, docs/filters.md) against real servers: every kind of
/// module, every filter operator and every error directive, with requests to Debian's
/// httpbin (its /anything echoes what arrived) started by the ctest fixture, and the built-in
/// sandbox for an endpoint that asks to wait (Retry-After).
class TestThirdPartyFlows : public QObject
{
    Q_OBJECT

private:
    QString m_httpbin;

    QString anything(const QString &rest = QString()) const
    {
        return m_httpbin + QStringLiteral("/anything") + rest;
    }
    /// Module 1: httpbin echoes `json`, so that later modules read it as {{1.data.json.…}}.
    QJsonObject echoing(const QString &singleQuotedJson) const
    {
        return request(1, QStringLiteral("POST"), anything(),
            QString::fromUtf8(
                QJsonDocument(js(singleQuotedJson).toObject()).toJson(QJsonDocument::Compact)));
    }

private slots:
    void initTestCase()
    {
        m_httpbin = TestSupport::thirdPartyServers().value(QStringLiteral("HTTPBIN_URL"));
        QVERIFY2(!m_httpbin.isEmpty(),
            "httpbin is not running: run this test through ctest, whose fixture "
            "thirdparty_servers_start starts it.");
    }

    // ---- Each kind of module -------------------------------------------------------------

    void iteratorSendsOneRequestPerItem()
    {
        const Outcome o
            = run({echoing(QStringLiteral("{'items': ['red', 'green', 'blue']}")),
                      moduleOf(2, QStringLiteral("flow.iterator"),
                          QJsonObject {
                              {QStringLiteral("array"), QStringLiteral("{{1.data.json.items}}")}}),
                      request(3, QStringLiteral("GET"),
                          anything(QStringLiteral(
                              "?item={{2.value}}&n={{2.__IMTINDEX__}}&of={{2.__IMTLENGTH__}}")))},
                {link(1, 2), link(2, 3)});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QCOMPARE(o.args(3, QStringLiteral("item")),
            (QStringList {QStringLiteral("red"), QStringLiteral("green"), QStringLiteral("blue")}));
        QCOMPARE(o.args(3, QStringLiteral("n")),
            (QStringList {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
        QCOMPARE(o.args(3, QStringLiteral("of")),
            (QStringList {QStringLiteral("3"), QStringLiteral("3"), QStringLiteral("3")}));
        // The iterator ran once, for the one bundle it received, and gave three.
        QCOMPARE(o.operations(2).size(), 1);
        QCOMPARE(o.operations(2).first().outputs.size(), 3);
        QCOMPARE(o.operations(3).last().bundle, 3);
    }

    void arrayAggregatorGroupsAndStopsIfEmpty_data()
    {
        QTest::addColumn<QString>("items");
        QTest::addColumn<QString>("groupBy");
        QTest::addColumn<bool>("stopIfEmpty");
        QTest::addColumn<QStringList>("received"); // key:count:values, one per request
        const QString three = QStringLiteral(
            "[{'k': 'x', 'v': 'one'}, {'k': 'y', 'v': 'two'}, {'k': 'x', 'v': 'three'}]");
        QTest::newRow("all in one")
            << three << QString() << false << QStringList {QStringLiteral(":3:one,two,three")};
        QTest::newRow("group by") << three << QStringLiteral("{{2.k}}") << false
                                  << QStringList {QStringLiteral("x:2:one,three"),
                                         QStringLiteral("y:1:two")};
        QTest::newRow("empty goes on")
            << QStringLiteral("[]") << QString() << false << QStringList {QStringLiteral(":0:")};
        QTest::newRow("empty, stop if empty")
            << QStringLiteral("[]") << QString() << true << QStringList();
        QTest::newRow("group by, stop if empty")
            << QStringLiteral("[]") << QStringLiteral("{{2.k}}") << true << QStringList();
    }
    void arrayAggregatorGroupsAndStopsIfEmpty()
    {
        QFETCH(QString, items);
        QFETCH(QString, groupBy);
        QFETCH(bool, stopIfEmpty);
        QFETCH(QStringList, received);
        const Outcome o = run(
            {echoing(QStringLiteral("{'items': %1}").arg(items)),
                moduleOf(2, QStringLiteral("flow.iterator"),
                    QJsonObject {
                        {QStringLiteral("array"), QStringLiteral("{{1.data.json.items}}")}}),
                moduleOf(3, QStringLiteral("flow.arrayAggregator"),
                    QJsonObject {{QStringLiteral("source"), 2},
                        {QStringLiteral("fields"),
                            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("v")},
                                {QStringLiteral("value"), QStringLiteral("{{2.v}}")}}}},
                        {QStringLiteral("groupBy"), groupBy},
                        {QStringLiteral("stopIfEmpty"), stopIfEmpty}}),
                request(4, QStringLiteral("GET"),
                    anything(QStringLiteral("?key={{3.key}}&count={{length(3.array)}}"
                                            "&values={{join(map(3.array; v); ,)}}")))},
            {link(1, 2), link(2, 3), link(3, 4)});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QStringList got;
        for (const QJsonObject &echo : o.echoes(4)) {
            const QJsonObject args = echo.value(QStringLiteral("args")).toObject();
            got.append(QStringList {args.value(QStringLiteral("key")).toString(),
                args.value(QStringLiteral("count")).toString(),
                args.value(QStringLiteral("values")).toString()}
                           .join(QLatin1Char(':')));
        }
        QCOMPARE(got, received);
        if (received.isEmpty())
            QCOMPARE(o.results.run(4).status, ModuleRunStatus::Skipped);
    }

    void textAggregatorJoinsOneTextPerBundle()
    {
        const Outcome o = run(
            {echoing(QStringLiteral("{'items': ['red', 'green', 'blue']}")),
                moduleOf(2, QStringLiteral("flow.iterator"),
                    QJsonObject {
                        {QStringLiteral("array"), QStringLiteral("{{1.data.json.items}}")}}),
                moduleOf(3, QStringLiteral("flow.textAggregator"),
                    QJsonObject {{QStringLiteral("source"), 2},
                        {QStringLiteral("text"), QStringLiteral("{{2.__IMTINDEX__}}={{2.value}}")},
                        {QStringLiteral("rowSeparator"), QStringLiteral("; ")}}),
                request(4, QStringLiteral("POST"), anything(),
                    QStringLiteral("{\"joined\": \"{{3.text}}\"}"))},
            {link(1, 2), link(2, 3), link(3, 4)});
        QVERIFY(o.finished);
        QCOMPARE(o.echoes(4).size(), 1);
        QCOMPARE(o.echoes(4)
                     .first()
                     .value(QStringLiteral("json"))
                     .toObject()
                     .value(QStringLiteral("joined"))
                     .toString(),
            QStringLiteral("1=red; 2=green; 3=blue"));
    }

    void routerTakesRoutesInOrderAndTheFallbackLast()
    {
        // Item 1 passes no filter (fallback), 2 only route 1, 3 both routes. The fallback
        // stands first in the file: it is still tried after the others.
        const Outcome o = run(
            {echoing(QStringLiteral("{'items': [1, 2, 3]}")),
                moduleOf(2, QStringLiteral("flow.iterator"),
                    QJsonObject {
                        {QStringLiteral("array"), QStringLiteral("{{1.data.json.items}}")}}),
                moduleOf(3, QStringLiteral("flow.router")),
                request(4, QStringLiteral("GET"), anything(QStringLiteral("/over1/{{2.value}}"))),
                request(5, QStringLiteral("GET"), anything(QStringLiteral("/over2/{{2.value}}"))),
                request(6, QStringLiteral("GET"), anything(QStringLiteral("/other/{{2.value}}")))},
            {link(1, 2), link(2, 3), link(3, 6, QJsonObject {{QStringLiteral("fallback"), true}}),
                link(3, 4,
                    filtered(QStringLiteral("{{2.value}}"), QStringLiteral("number:greater"),
                        QStringLiteral("1"))),
                link(3, 5,
                    filtered(QStringLiteral("{{2.value}}"), QStringLiteral("number:greater"),
                        QStringLiteral("2")))});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        const QString base = anything();
        QCOMPARE(o.echoedUrls,
            (QStringList {base, base + QStringLiteral("/other/1"),
                base + QStringLiteral("/over1/2"), base + QStringLiteral("/over1/3"),
                base + QStringLiteral("/over2/3")}));
        // The bundles a route's filter stopped, each with its number and why.
        const QList<DroppedRecord> dropped = o.record.modules.value(5).dropped;
        QCOMPARE(dropped.size(), 2);
        QCOMPARE(dropped.at(0).bundle, 1);
        QCOMPARE(dropped.at(1).bundle, 2);
        QVERIFY2(dropped.at(1).reason.contains(QLatin1String("2 is not greater than 2")),
            qPrintable(dropped.at(1).reason));
        QVERIFY(o.record.modules.value(6).dropped.isEmpty());
    }

    void repeaterGivesOneBundlePerStep()
    {
        const Outcome o
            = run({moduleOf(1, QStringLiteral("flow.repeater"),
                       QJsonObject {{QStringLiteral("start"), QStringLiteral("1")},
                           {QStringLiteral("repeats"), QStringLiteral("3")},
                           {QStringLiteral("step"), QStringLiteral("2")}}),
                      request(2, QStringLiteral("GET"), anything(QStringLiteral("?i={{1.i}}")))},
                {link(1, 2)});
        QVERIFY(o.finished);
        QCOMPARE(o.args(2, QStringLiteral("i")),
            (QStringList {QStringLiteral("1"), QStringLiteral("3"), QStringLiteral("5")}));
    }

    void variablesKeepTheirScope()
    {
        // Two flows run one after the other: a cycle variable is gone in the second, an
        // execution variable is still there.
        const auto set = [](int id, const char *scope, const char *name, const char *value) {
            return moduleOf(id, QStringLiteral("flow.setVariables"),
                QJsonObject {{QStringLiteral("scope"), QLatin1String(scope)},
                    {QStringLiteral("variables"),
                        QJsonArray {QJsonObject {{QStringLiteral("name"), QLatin1String(name)},
                            {QStringLiteral("value"), QLatin1String(value)}}}}});
        };
        const auto get = [](int id) {
            return moduleOf(id, QStringLiteral("flow.getVariables"),
                QJsonObject {{QStringLiteral("names"),
                    QJsonArray {QStringLiteral("kept"), QStringLiteral("brief")}}});
        };
        const QString url = QStringLiteral("?kept={{%1.kept}}&brief={{%1.brief}}");
        const Outcome o = run({echoing(QStringLiteral("{'x': 'from httpbin'}")),
                                  set(2, "execution", "kept", "{{1.data.json.x}}"),
                                  set(3, "cycle", "brief", "cycle {{1.data.json.x}}"), get(4),
                                  request(5, QStringLiteral("GET"), anything(url.arg(4))), get(10),
                                  request(11, QStringLiteral("GET"), anything(url.arg(10)))},
            {link(1, 2), link(2, 3), link(3, 4), link(4, 5), link(10, 11)});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QCOMPARE(o.args(5, QStringLiteral("kept")), QStringList {QStringLiteral("from httpbin")});
        QCOMPARE(
            o.args(5, QStringLiteral("brief")), QStringList {QStringLiteral("cycle from httpbin")});
        QCOMPARE(o.args(11, QStringLiteral("kept")), QStringList {QStringLiteral("from httpbin")});
        QCOMPARE(o.args(11, QStringLiteral("brief")), QStringList {QString()});
    }

    void sleepWaitsBetweenTwoRequests()
    {
        const Outcome o
            = run({request(1, QStringLiteral("GET"), anything(QStringLiteral("?x=before"))),
                      moduleOf(2, QStringLiteral("flow.sleep"),
                          QJsonObject {{QStringLiteral("seconds"), QStringLiteral("1")}}),
                      request(3, QStringLiteral("GET"),
                          anything(QStringLiteral("?x={{1.data.args.x}}")))},
                {link(1, 2), link(2, 3)});
        QVERIFY(o.finished);
        QCOMPARE(o.args(3, QStringLiteral("x")), QStringList {QStringLiteral("before")});
        const OperationRecord first = o.operations(1).value(0);
        const qint64 waited = o.operations(3).value(0).attempts.value(0).atMs
            - (first.attempts.value(0).atMs + first.durationMs);
        // Never shorter than asked: an API limited to one call a second must not see two.
        QVERIFY2(waited >= 1000, qPrintable(QString::number(waited)));
    }

    void parseJsonGivesOneBundlePerElement()
    {
        // httpbin echoes the text it got as `data`; Parse JSON reads it back.
        QJsonObject text = request(1, QStringLiteral("POST"), anything(),
            QStringLiteral("[{\"n\": 1, \"name\": \"a\"}, {\"n\": 2, \"name\": \"b\"}]"));
        QJsonObject config = text.value(QStringLiteral("config")).toObject();
        QJsonObject body = config.value(QStringLiteral("body")).toObject();
        body.insert(QStringLiteral("contentType"), QStringLiteral("text/plain"));
        config.insert(QStringLiteral("body"), body);
        text.insert(QStringLiteral("config"), config);
        const Outcome o = run(
            {text,
                moduleOf(2, QStringLiteral("json.parse"),
                    QJsonObject {{QStringLiteral("json"), QStringLiteral("{{1.data.data}}")}}),
                request(3, QStringLiteral("GET"),
                    anything(QStringLiteral("?n={{2.n + 10}}&name={{2.name}}")))},
            {link(1, 2), link(2, 3)});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QCOMPARE(o.args(3, QStringLiteral("n")),
            (QStringList {QStringLiteral("11"), QStringLiteral("12")}));
        QCOMPARE(o.args(3, QStringLiteral("name")),
            (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
    }

    void createJsonWritesWhatTheNextRequestSends()
    {
        const Outcome o = run(
            {request(1, QStringLiteral("GET"), anything(QStringLiteral("?name=Ann%20Lee"))),
                moduleOf(2, QStringLiteral("json.create"),
                    QJsonObject {{QStringLiteral("value"),
                        js(QStringLiteral(
                            "{'name': '{{1.data.args.name}}', 'tags': ['a', 'b'], 'n': 3}"))}}),
                request(3, QStringLiteral("POST"), anything(), QStringLiteral("{{2.json}}"))},
            {link(1, 2), link(2, 3)});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QCOMPARE(o.echoes(3).value(0).value(QStringLiteral("json")).toObject(),
            js(QStringLiteral("{'name': 'Ann Lee', 'tags': ['a', 'b'], 'n': 3}")).toObject());
    }

    void throwFailsTheBundleIntoItsErrorRoute()
    {
        const Outcome o = run(
            {request(1, QStringLiteral("GET"), anything(QStringLiteral("?x=7"))),
                moduleOf(2, QStringLiteral("flow.throw"),
                    QJsonObject {{QStringLiteral("message"),
                        QStringLiteral("Order {{1.data.args.x}} is on hold")}}),
                request(3, QStringLiteral("GET"),
                    anything(QStringLiteral("?message={{2.error.message}}&type={{2.error.type}}"))),
                moduleOf(4, QStringLiteral("flow.ignore")),
                request(5, QStringLiteral("GET"), anything(QStringLiteral("?never=1")))},
            {link(1, 2), link(2, 5), link(2, 3, onError()), link(3, 4)});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QCOMPARE(o.args(3, QStringLiteral("message")),
            QStringList {QStringLiteral("Order 7 is on hold")});
        QCOMPARE(o.args(3, QStringLiteral("type")), QStringList {QStringLiteral("RuntimeError")});
        QVERIFY(o.operations(5).isEmpty());
        QCOMPARE(o.operations(2).value(0).handledBy, QStringLiteral("ignore"));
    }

    // ---- Each filter operator ------------------------------------------------------------

    void everyFilterOperator_data()
    {
        QTest::addColumn<QString>("op");
        // The operators come from the filter's own table: one added there needs a sample here.
        for (const QString &op : Filter::knownOperators())
            QTest::newRow(qPrintable(op)) << op;
    }
    void everyFilterOperator()
    {
        QFETCH(QString, op);
        QJsonValue pass, stop;
        std::optional<QString> b;
        if (!samplesFor(op, &pass, &stop, &b))
            QFAIL(qPrintable(QStringLiteral("No sample values for the operator %1: add them to "
                                            "samplesFor().")
                                 .arg(op)));
        QCOMPARE(b.has_value(), Filter::operatorTakesSecondValue(op));
        // httpbin echoes both values; route 1 filters on the one that passes, route 2 on the
        // one that is stopped.
        const QJsonObject sent {{QStringLiteral("pass"), pass}, {QStringLiteral("stop"), stop}};
        const Outcome o = run(
            {request(1, QStringLiteral("POST"), anything(),
                 QString::fromUtf8(QJsonDocument(sent).toJson(QJsonDocument::Compact))),
                moduleOf(2, QStringLiteral("flow.router")),
                request(3, QStringLiteral("GET"), anything(QStringLiteral("?passed=")) + op),
                request(4, QStringLiteral("GET"), anything(QStringLiteral("?stopped=")) + op)},
            {link(1, 2), link(2, 3, filtered(QStringLiteral("{{1.data.json.pass}}"), op, b)),
                link(2, 4, filtered(QStringLiteral("{{1.data.json.stop}}"), op, b))});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QCOMPARE(o.echoes(1).value(0).value(QStringLiteral("json")).toObject(), sent);
        QCOMPARE(o.args(3, QStringLiteral("passed")), QStringList {op});
        QVERIFY(o.record.modules.value(3).dropped.isEmpty());
        QVERIFY(o.record.modules.value(3).warnings.isEmpty());
        QVERIFY(o.operations(4).isEmpty());
        const QList<DroppedRecord> dropped = o.record.modules.value(4).dropped;
        QCOMPARE(dropped.size(), 1);
        QCOMPARE(dropped.first().bundle, 1);
        // The reason names the condition (its mapping, its operator in words) and both values
        // compared.
        const QString reason = dropped.first().reason;
        QString stopText = stop.toVariant().toString();
        if (stop.isArray())
            stopText
                = QString::fromUtf8(QJsonDocument(stop.toArray()).toJson(QJsonDocument::Compact));
        QVERIFY2(reason.contains(QLatin1String("{{1.data.json.stop}}"))
                && reason.contains(Filter::operatorWords(op)) && reason.contains(stopText)
                && (!b || reason.contains(*b)),
            qPrintable(reason));
        QVERIFY2(o.record.modules.value(4).warnings.isEmpty(),
            qPrintable(o.record.modules.value(4).warnings.join(QLatin1Char('\n'))));
    }

    // ---- Each directive ------------------------------------------------------------------

    void everyDirectiveOnAnErrorRoute_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("directive");
        QTest::addColumn<QJsonObject>("config");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("after"); // what httpbin got after module 3, in order
        QTest::addColumn<int>("tries");
        const QStringList onAfter {QStringLiteral("200:"), QStringLiteral("201:")};
        for (int code : {500, 429}) {
            const auto row = [code](const char *name) {
                return &QTest::newRow(
                    qPrintable(QStringLiteral("%1 %2").arg(code).arg(QLatin1String(name))));
            };
            *row("ignore") << code << QStringLiteral("flow.ignore") << QJsonObject {}
                           << int(FlowStatus::Success) << onAfter << 1;
            *row("resume") << code << QStringLiteral("flow.resume")
                           << js(QStringLiteral("{'output': [{'name': 'statusCode', 'value': "
                                                "'299'}, {'name': 'resumed', 'value': 'yes'}]}"))
                                  .toObject()
                           << int(FlowStatus::Success)
                           << QStringList {QStringLiteral("200:"), QStringLiteral("299:yes"),
                                  QStringLiteral("201:")}
                           << 1;
            *row("commit") << code << QStringLiteral("flow.commit") << QJsonObject {}
                           << int(FlowStatus::Success) << QStringList {QStringLiteral("200:")} << 1;
            *row("rollback") << code << QStringLiteral("flow.rollback") << QJsonObject {}
                             << int(FlowStatus::Error) << QStringList {QStringLiteral("200:")} << 1;
            *row("break") << code << QStringLiteral("flow.break")
                          << js(QStringLiteral("{'count': 2, 'intervalSeconds': 0}")).toObject()
                          << int(FlowStatus::Warning) << onAfter << 3;
        }
    }
    void everyDirectiveOnAnErrorRoute()
    {
        QFETCH(int, code);
        QFETCH(QString, directive);
        QFETCH(QJsonObject, config);
        QFETCH(int, status);
        QFETCH(QStringList, after);
        QFETCH(int, tries);
        // Three items; the second gets an error status from httpbin. Module 3's error route
        // (4, then the directive) tells httpbin what it read of the error.
        const Outcome o = run(
            {echoing(QStringLiteral("{'codes': [200, %1, 201]}").arg(code)),
                moduleOf(2, QStringLiteral("flow.iterator"),
                    QJsonObject {
                        {QStringLiteral("array"), QStringLiteral("{{1.data.json.codes}}")}}),
                request(
                    3, QStringLiteral("GET"), m_httpbin + QStringLiteral("/status/{{2.value}}")),
                request(4, QStringLiteral("GET"),
                    anything(
                        QStringLiteral("?failed={{3.error.statusCode}}&type={{3.error.type}}"))),
                moduleOf(5, directive, config),
                request(6, QStringLiteral("GET"),
                    anything(QStringLiteral("?status={{3.statusCode}}&resumed={{3.resumed}}")))},
            {link(1, 2), link(2, 3), link(3, 6), link(3, 4, onError()), link(4, 5)});
        QVERIFY(o.finished);
        QCOMPARE(int(o.status), status);
        QCOMPARE(o.ok, status == int(FlowStatus::Success));
        // The error route read the failure once, with its status and type.
        QCOMPARE(o.args(4, QStringLiteral("failed")), QStringList {QString::number(code)});
        QCOMPARE(o.args(4, QStringLiteral("type")),
            QStringList {
                code == 429 ? QStringLiteral("RateLimitError") : QStringLiteral("RuntimeError")});
        QStringList got;
        for (const QJsonObject &echo : o.echoes(6)) {
            const QJsonObject args = echo.value(QStringLiteral("args")).toObject();
            got.append(args.value(QStringLiteral("status")).toString() + QLatin1Char(':')
                + args.value(QStringLiteral("resumed")).toString());
        }
        QCOMPARE(got, after);
        // The failed operation says which directive dealt with it, and lists each try with
        // the status httpbin answered.
        const OperationRecord failed = o.operations(3).value(1);
        QCOMPARE(failed.failed, true);
        QCOMPARE(failed.bundle, 2);
        QCOMPARE(failed.handledBy, directive.mid(directive.indexOf(QLatin1Char('.')) + 1));
        QCOMPARE(failed.attempts.size(), tries);
        for (const AttemptRecord &attempt : failed.attempts)
            QCOMPARE(attempt.statusCode, code);
        QCOMPARE(o.operations(3).value(0).attempts.value(0).statusCode, 200);
        if (directive == QLatin1String("flow.break")) {
            QCOMPARE(o.record.incomplete.size(), 1);
            QCOMPARE(o.record.incomplete.first().module, 3);
            QCOMPARE(o.record.incomplete.first().bundle, 2);
        } else {
            QVERIFY(o.record.incomplete.isEmpty());
        }
        if (directive == QLatin1String("flow.commit")
            || directive == QLatin1String("flow.rollback")) {
            QCOMPARE(o.operations(3).size(), 2); // the third item never went
            QCOMPARE(o.record.stoppedAt, 5);
        }
    }

    void breakWaitsAsRetryAfterAsks_data()
    {
        QTest::addColumn<int>("busy");
        QTest::addColumn<int>("retryAfter");
        QTest::addColumn<QList<int>>("statuses");
        QTest::newRow("twice 1 s") << 2 << 1 << QList<int> {429, 429, 200};
        // Longer waits must not end early either (timers of seconds may be imprecise).
        QTest::newRow("once 3 s") << 1 << 3 << QList<int> {429, 200};
    }
    void breakWaitsAsRetryAfterAsks()
    {
        QFETCH(int, busy);
        QFETCH(int, retryAfter);
        QFETCH(QList<int>, statuses);
        // httpbin cannot answer 429 with Retry-After, the sandbox's /api/busy can: `busy`
        // times 429 asking to wait `retryAfter` seconds, then 200.
        SandboxServer sandbox;
        QString error;
        QVERIFY2(sandbox.start(0, &error), qPrintable(error));
        const QString base = sandbox.baseUrl().toString();
        QJsonObject token = moduleOf(1, QStringLiteral("http.request"),
            js(QStringLiteral("{'method': 'POST', 'url': '%1/oauth/token', 'body': {'type': "
                              "'urlencoded', 'fields': [{'name': 'grant_type', 'value': "
                              "'client_credentials'}, {'name': 'client_id', 'value': '%2'}, "
                              "{'name': 'client_secret', 'value': '%3'}, {'name': 'scope', "
                              "'value': 'read'}]}}")
                    .arg(base, SandboxServer::demoClientId(), SandboxServer::demoClientSecret())));
        const QString key = QUuid::createUuid().toString(QUuid::Id128);
        QJsonObject busyModule = moduleOf(2, QStringLiteral("http.request"),
            js(QStringLiteral("{'method': 'GET', 'url': "
                              "'%1/api/busy?key=%2&busy=%3&retry_after=%4', 'headers': [{'name': "
                              "'Authorization', 'value': '{{1.data.token_type}} "
                              "{{1.data.access_token}}'}]}")
                    .arg(base, key)
                    .arg(busy)
                    .arg(retryAfter)));
        const Outcome o = run({token, busyModule,
                                  moduleOf(3, QStringLiteral("flow.break"),
                                      js(QStringLiteral("{'count': 3, 'intervalSeconds': 0}"))),
                                  request(4, QStringLiteral("POST"), anything(),
                                      QStringLiteral("{\"attempt\": {{2.data.attempt}}}"))},
            {link(1, 2), link(2, 4), link(2, 3, onError())});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QVERIFY(o.ok);
        // The last try worked, and the bundle went on to httpbin.
        QCOMPARE(o.echoes(4).value(0).value(QStringLiteral("json")).toObject(),
            (QJsonObject {{QStringLiteral("attempt"), busy + 1}}));
        const QList<OperationRecord> operations = o.operations(2);
        QCOMPARE(operations.size(), 1); // tries are not operations of their own
        const QList<AttemptRecord> attempts = operations.first().attempts;
        QList<int> got;
        for (const AttemptRecord &attempt : attempts)
            got.append(attempt.statusCode);
        QCOMPARE(got, statuses);
        for (qsizetype i = 1; i < attempts.size(); ++i) {
            const qint64 waited = attempts.at(i).atMs - attempts.at(i - 1).atMs;
            QVERIFY2(waited >= retryAfter * 1000,
                qPrintable(QStringLiteral("try %1 came %2 ms after the one "
                                          "before")
                               .arg(i + 1)
                               .arg(waited)));
        }
        QCOMPARE(operations.first().failed, false);
        QVERIFY(o.record.incomplete.isEmpty());
    }

    // ---- Depth-first order ---------------------------------------------------------------

    void bundlesGoDepthFirstThroughEveryRoute()
    {
        // Three items into a router of two routes; route 1 has two requests. Each item goes
        // through route 1 to its end, then route 2, before the next item starts.
        const Outcome o = run(
            {echoing(QStringLiteral("{'items': ['item1', 'item2', 'item3']}")),
                moduleOf(2, QStringLiteral("flow.iterator"),
                    QJsonObject {
                        {QStringLiteral("array"), QStringLiteral("{{1.data.json.items}}")}}),
                moduleOf(3, QStringLiteral("flow.router")),
                request(4, QStringLiteral("POST"), anything(QStringLiteral("/{{2.value}}/route1")),
                    QStringLiteral("{\"item\": \"{{2.value}}\"}")),
                request(5, QStringLiteral("POST"),
                    anything(QStringLiteral("/{{2.value}}/route1-then")),
                    QStringLiteral("{\"after\": \"{{4.data.json.item}}\"}")),
                request(6, QStringLiteral("POST"), anything(QStringLiteral("/{{2.value}}/route2")),
                    QStringLiteral("{\"item\": \"{{2.value}}\"}"))},
            {link(1, 2), link(2, 3), link(3, 4), link(4, 5), link(3, 6)});
        QVERIFY(o.finished);
        QCOMPARE(o.status, FlowStatus::Success);
        QStringList expected {anything()};
        for (const char *item : {"item1", "item2", "item3"}) {
            for (const char *route : {"route1", "route1-then", "route2"})
                expected.append(anything(
                    QStringLiteral("/%1/%2").arg(QLatin1String(item), QLatin1String(route))));
        }
        QCOMPARE(o.echoedUrls, expected);
        // The record tells the same story: each request started once the one before it in
        // that order had finished.
        QHash<QString, QPair<qint64, qint64>> when; // URL -> start and end, in ms of the run
        for (int id : {4, 5, 6}) {
            for (const OperationRecord &operation : o.operations(id)) {
                const qint64 at = operation.attempts.value(0).atMs;
                when.insert(operation.outputs.value(0)
                                .toObject()
                                .value(QStringLiteral("data"))
                                .toObject()
                                .value(QStringLiteral("url"))
                                .toString(),
                    {at, at + operation.durationMs});
            }
        }
        QCOMPARE(when.size(), 9);
        for (qsizetype i = 2; i < expected.size(); ++i) {
            QVERIFY2(when.value(expected.at(i)).first >= when.value(expected.at(i - 1)).second,
                qPrintable(expected.at(i)));
        }
        QCOMPARE(o.record.order, (QList<int> {1, 2, 3, 4, 5, 6}));
        // Route 1's second request saw route 1's first for the same item.
        QCOMPARE(o.echoes(5).value(2).value(QStringLiteral("json")).toObject(),
            js(QStringLiteral("{'after': 'item3'}")).toObject());
    }

    // ---- The run's own variables ---------------------------------------------------------

    void systemVariablesReachTheServer_data()
    {
        QTest::addColumn<bool>("flows");
        QTest::newRow("a straight chain") << false;
        QTest::newRow("flows") << true;
    }
    void systemVariablesReachTheServer()
    {
        QFETCH(bool, flows);
        const QString body = QStringLiteral(
            "{\"execution\": \"{{executionId}}\", \"scenario\": \"{{scenarioId}}\", "
            "\"trigger\": \"{{triggerTimestamp}}\", \"operations\": "
            "\"{{operationsConsumed}}\", \"offset\": \"{{formatDate(now; Z)}}\"}");
        QJsonArray modules {request(2, QStringLiteral("POST"), anything(), body),
            request(3, QStringLiteral("POST"), anything(), body)};
        QJsonArray links {link(2, 3)};
        if (flows) {
            // A repeater of one step in front: one operation before module 2.
            modules.prepend(moduleOf(1, QStringLiteral("flow.repeater"),
                QJsonObject {{QStringLiteral("repeats"), QStringLiteral("1")}}));
            links.prepend(link(1, 2));
            // Another kind reads the count as well: three operations before it.
            modules.append(moduleOf(4, QStringLiteral("flow.setVariables"),
                QJsonObject {{QStringLiteral("variables"),
                    QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("ops")},
                        {QStringLiteral("value"), QStringLiteral("{{operationsConsumed}}")}}}}}));
            links.append(link(3, 4));
        }
        // A zone far from the computer's (UTC on test machines): dates are written in it.
        std::unique_ptr<Scenario> scenario(
            scenarioOf(modules, links, QStringLiteral("Asia/Tokyo"), QStringLiteral("Orders")));
        QVERIFY(scenario);
        ScenarioRunner runner;
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const Outcome first = runWith(runner, *scenario);
        const Outcome second = runWith(runner, *scenario);
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        QVERIFY(first.finished && second.finished);
        QVERIFY(first.ok && second.ok);
        const auto received = [](const Outcome &o, ModuleId id) {
            return o.results.run(id)
                .output.value(QStringLiteral("data"))
                .toObject()
                .value(QStringLiteral("json"))
                .toObject();
        };
        const QJsonObject one = received(first, 2);
        const QJsonObject two = received(first, 3);
        const QString executionId = one.value(QStringLiteral("execution")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(executionId).hasMatch(),
            qPrintable(executionId));
        QCOMPARE(two.value(QStringLiteral("execution")).toString(), executionId);
        const QString nextId = received(second, 2).value(QStringLiteral("execution")).toString();
        QVERIFY2(nextId != executionId && nextId.size() == 32, qPrintable(nextId));
        // The scenario's id is a number, the same on every run.
        const QString scenarioId = one.value(QStringLiteral("scenario")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9]+$")).match(scenarioId).hasMatch(),
            qPrintable(scenarioId));
        QCOMPARE(received(second, 3).value(QStringLiteral("scenario")).toString(), scenarioId);
        const qint64 trigger = one.value(QStringLiteral("trigger")).toString().toLongLong();
        QVERIFY2(trigger >= before && trigger <= after, qPrintable(QString::number(trigger)));
        QCOMPARE(two.value(QStringLiteral("trigger")).toString(),
            one.value(QStringLiteral("trigger")).toString());
        const int start = flows ? 1 : 0;
        QCOMPARE(one.value(QStringLiteral("operations")).toString(), QString::number(start));
        QCOMPARE(two.value(QStringLiteral("operations")).toString(), QString::number(start + 1));
        QCOMPARE(one.value(QStringLiteral("offset")).toString(), QStringLiteral("+09:00"));
        QVERIFY(first.results.run(2).warnings.isEmpty());
        if (flows) {
            const QList<OperationRecord> set = first.operations(4);
            QCOMPARE(set.size(), 1);
            QCOMPARE(
                set.first().outputs.value(0).toObject().value(QStringLiteral("ops")).toDouble(),
                3.0);
        }
    }
};

QTEST_GUILESS_MAIN(TestThirdPartyFlows)
#include "tst_thirdparty_flows.moc"
