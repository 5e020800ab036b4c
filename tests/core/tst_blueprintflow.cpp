#include "core/io/MakeBlueprint.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtTest>

/// Make blueprints <-> native scenario JSON of version 2, the whole flow tree
/// (docs/make-blueprints.md): every real export of tests/data/make-blueprints/real converts
/// and comes back with the same flow tree, and hostile blueprints give a report, not a crash.
class TestBlueprintFlow : public QObject
{
    Q_OBJECT

private slots:
    void realExportConvertsEveryFlowModule_data();
    void realExportConvertsEveryFlowModule();
    void realExportRoundTrip_data();
    void realExportRoundTrip();

    void routerFallbackIsTheLinkMarkedFallback();
    void routesNestAtLeastThreeDeep();
    void breakCountAndIntervalInSeconds();
    void resumeOutputIsItsMapper();
    void filterOnRouterSitsOnTheLinkIntoIt();
    void iteratorIndexMappingsStayAsTheyAre();
    void aggregatorKeepsTargetAndFeeder();
    void filterOnFirstModuleIsKeptForExport();
    void errorRouteWithoutDirective();
    void editedConfigIsWrittenBack();
    void scenarioMadeInScenaristExports();
    void httpModuleInsideRoute();

    void hostileRoutesNotArrays();
    void hostileFeederNamesNoModule();
    void hostileRepeatedIds();
    void hostileDeepNesting();
    void hostileNonObjectModules();
    void hostileScenarioLinks();
    void mostModulesAScenarioMayHave();
};

namespace {

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

QString realDir()
{
    return QStringLiteral(SCENARIST_TEST_DATA_DIR "/make-blueprints/real");
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject realExport(const char *name)
{
    return readJson(realDir() + QLatin1Char('/') + QString::fromLatin1(name));
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    const QString inArray
        = QString::fromUtf8(QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact));
    return inArray.mid(1, inArray.size() - 2);
}

bool converted(const QString &makeName)
{
    return MakeBlueprint::flowModuleNames().contains(makeName)
        || MakeBlueprint::httpModuleNames().contains(makeName);
}

/// The flow tree as lines: each module's id, Make module and name, its filter, the mapper of
/// converted modules, the router's fallback and the aggregator's feeder, then its routes and
/// error route indented below it.
void canonicalTree(const QJsonArray &flow, const QString &indent, QStringList *lines)
{
    for (const QJsonValue &value : flow) {
        const QJsonObject m = value.toObject();
        const QString makeName = m.value(s("module")).toString();
        const QJsonObject designer
            = m.value(s("metadata")).toObject().value(s("designer")).toObject();
        lines->append(indent
            + QStringLiteral("%1 %2 \u201c%3\u201d")
                  .arg(m.value(s("id")).toInt())
                  .arg(makeName, designer.value(s("name")).toString()));
        if (m.contains(s("filter")))
            lines->append(indent + s("  filter ") + compact(m.value(s("filter"))));
        if (converted(makeName))
            lines->append(indent + s("  mapper ") + compact(m.value(s("mapper"))));
        const QJsonObject parameters = m.value(s("parameters")).toObject();
        if (parameters.contains(s("else")))
            lines->append(indent + s("  else ") + compact(parameters.value(s("else"))));
        if (parameters.contains(s("feeder")))
            lines->append(indent + s("  feeder ") + compact(parameters.value(s("feeder"))));
        const QJsonArray routes = m.value(s("routes")).toArray();
        for (qsizetype i = 0; i < routes.size(); ++i) {
            lines->append(indent + QStringLiteral("  route %1").arg(i + 1));
            canonicalTree(
                routes.at(i).toObject().value(s("flow")).toArray(), indent + s("    "), lines);
        }
        if (m.contains(s("onerror"))) {
            lines->append(indent + s("  error route"));
            canonicalTree(m.value(s("onerror")).toArray(), indent + s("    "), lines);
        }
    }
}

QStringList canonicalTree(const QJsonObject &blueprint)
{
    QStringList lines;
    canonicalTree(blueprint.value(s("flow")).toArray(), QString(), &lines);
    return lines;
}

/// Every module of a blueprint's tree, by walking routes and error routes.
void allModules(const QJsonArray &flow, QList<QJsonObject> *modules)
{
    for (const QJsonValue &value : flow) {
        const QJsonObject m = value.toObject();
        modules->append(m);
        for (const QJsonValue &route : m.value(s("routes")).toArray())
            allModules(route.toObject().value(s("flow")).toArray(), modules);
        allModules(m.value(s("onerror")).toArray(), modules);
    }
}

QJsonObject moduleById(const QJsonObject &scenario, int id)
{
    for (const QJsonValue &m : scenario.value(s("modules")).toArray()) {
        if (m.toObject().value(s("id")).toInt() == id)
            return m.toObject();
    }
    return {};
}

QJsonObject linkInto(const QJsonObject &scenario, int id)
{
    for (const QJsonValue &l : scenario.value(s("links")).toArray()) {
        if (l.toObject().value(s("to")).toInt() == id)
            return l.toObject();
    }
    return {};
}

QList<QJsonObject> linksFrom(const QJsonObject &scenario, int id)
{
    QList<QJsonObject> links;
    for (const QJsonValue &l : scenario.value(s("links")).toArray()) {
        if (l.toObject().value(s("from")).toInt() == id)
            links.append(l.toObject());
    }
    return links;
}

QJsonObject blueprintModule(const QJsonObject &blueprint, int id)
{
    QList<QJsonObject> modules;
    allModules(blueprint.value(s("flow")).toArray(), &modules);
    for (const QJsonObject &m : std::as_const(modules)) {
        if (m.value(s("id")).toInt() == id)
            return m;
    }
    return {};
}

/// What docs/scenario-file.md promises of every converted scenario.
void checkScenarioShape(const QJsonObject &scenario)
{
    QCOMPARE(scenario.value(s("format")).toString(), s("scenarist-scenario"));
    QCOMPARE(scenario.value(s("version")).toInt(), 2);
    const QSet<QString> moduleKeys {
        s("id"), s("type"), s("label"), s("position"), s("note"), s("config"), s("foreign")};
    QSet<int> ids;
    int previous = 0;
    QHash<int, QString> types;
    for (const QJsonValue &value : scenario.value(s("modules")).toArray()) {
        const QJsonObject m = value.toObject();
        for (auto it = m.begin(); it != m.end(); ++it)
            QVERIFY2(moduleKeys.contains(it.key()), qPrintable(it.key()));
        const int id = m.value(s("id")).toInt();
        QVERIFY2(id > previous, "modules are in id order, each id once");
        previous = id;
        ids.insert(id);
        QVERIFY(m.value(s("config")).isObject());
        QCOMPARE(m.value(s("position")).toArray().size(), 2);
        types.insert(id, m.value(s("type")).toString());
    }
    QSet<int> into;
    QHash<int, int> out;
    QSet<int> errorRoutes;
    for (const QJsonValue &value : scenario.value(s("links")).toArray()) {
        const QJsonObject l = value.toObject();
        const int from = l.value(s("from")).toInt();
        const int to = l.value(s("to")).toInt();
        QVERIFY(ids.contains(from));
        QVERIFY(ids.contains(to));
        QVERIFY2(!into.contains(to), "a module has at most one link coming in");
        into.insert(to);
        if (l.value(s("onError")).toBool()) {
            QVERIFY2(!errorRoutes.contains(from), "a module has at most one error route");
            errorRoutes.insert(from);
        } else {
            ++out[from];
        }
        if (l.contains(s("fallback")))
            QCOMPARE(types.value(from), s("flow.router"));
    }
    for (auto it = out.cbegin(); it != out.cend(); ++it) {
        if (it.value() > 1)
            QCOMPARE(types.value(it.key()), s("flow.router"));
    }
}

} // namespace

void TestBlueprintFlow::realExportConvertsEveryFlowModule_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(realDir());
    const QStringList files = dir.entryList({s("*.json")}, QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 12);
    for (const QString &name : files)
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestBlueprintFlow::realExportConvertsEveryFlowModule()
{
    QFETCH(QString, path);
    const QJsonObject blueprint = readJson(path);
    QVERIFY(!blueprint.isEmpty());
    QList<QJsonObject> inTree;
    allModules(blueprint.value(s("flow")).toArray(), &inTree);
    qsizetype otherApps = 0;
    for (const QJsonObject &m : std::as_const(inTree)) {
        if (!converted(m.value(s("module")).toString()))
            ++otherApps;
    }

    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    checkScenarioShape(scenario);
    const QJsonArray modules = scenario.value(s("modules")).toArray();
    QCOMPARE(modules.size(), inTree.size());
    qsizetype foreign = 0;
    for (const QJsonValue &value : modules) {
        const QJsonObject m = value.toObject();
        const QString makeName = m.value(s("foreign")).toObject().value(s("module")).toString();
        if (m.value(s("type")).toString() == s("foreign")) {
            ++foreign;
            QVERIFY2(!converted(makeName), qPrintable(makeName + s(" was not converted")));
        } else {
            QVERIFY2(converted(makeName), qPrintable(makeName));
        }
    }
    QCOMPARE(foreign, otherApps);
    // Every module except the first has its link, inside the route where it was.
    QCOMPARE(scenario.value(s("links")).toArray().size(), inTree.size() - 1);
    for (const QString &line : std::as_const(report))
        QVERIFY2(!line.contains(s("was given the number")), qPrintable(line));
}

void TestBlueprintFlow::realExportRoundTrip_data()
{
    realExportConvertsEveryFlowModule_data();
}

void TestBlueprintFlow::realExportRoundTrip()
{
    QFETCH(QString, path);
    const QJsonObject blueprint = readJson(path);
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    // Through text, as a file would be.
    const QJsonObject reread = QJsonDocument::fromJson(QJsonDocument(scenario).toJson()).object();
    QStringList exportReport;
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(reread, &exportReport);
    QVERIFY2(exportReport.isEmpty(), qPrintable(exportReport.join(QLatin1Char('\n'))));
    QCOMPARE(exported.value(s("name")), blueprint.value(s("name")));
    QCOMPARE(canonicalTree(exported), canonicalTree(blueprint));
    // Stronger: every module comes back key for key, false values and metadata included.
    QList<QJsonObject> before;
    QList<QJsonObject> after;
    allModules(blueprint.value(s("flow")).toArray(), &before);
    allModules(exported.value(s("flow")).toArray(), &after);
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        QJsonObject a = after.at(i);
        QJsonObject b = before.at(i);
        for (const QString &structure : {s("routes"), s("onerror")}) {
            a.remove(structure);
            b.remove(structure);
        }
        QVERIFY2(a == b, qPrintable(compact(a) + s("\n  was imported as\n") + compact(b)));
    }
    QCOMPARE(exported.value(s("flow")), blueprint.value(s("flow")));

    // And once more: the exported blueprint converts to the same scenario.
    QCOMPARE(MakeBlueprint::toScenarioJson(exported, nullptr), scenario);
}

void TestBlueprintFlow::routerFallbackIsTheLinkMarkedFallback()
{
    // Router 2 of the lead intake: parameters.else 0, its first route is the fallback.
    const QJsonObject lead = MakeBlueprint::toScenarioJson(
        realExport("lead-intake-router-break-ignore-resume-makerequest-v4.blueprint.json"),
        nullptr);
    const QList<QJsonObject> routes = linksFrom(lead, 2);
    QCOMPARE(routes.size(), 2);
    QCOMPARE(routes.at(0).value(s("fallback")).toBool(), true);
    QVERIFY(!routes.at(1).contains(s("fallback")));
    QCOMPARE(moduleById(lead, 2).value(s("type")).toString(), s("flow.router"));
    QCOMPARE(moduleById(lead, 2).value(s("config")).toObject(), QJsonObject {});

    // Router 16 of the agency intake: five routes, the fifth (else: 4) is the fallback.
    const QJsonObject agency = MakeBlueprint::toScenarioJson(
        realExport("agency-intake-nested-routers-date-filters.blueprint.json"), nullptr);
    const QList<QJsonObject> five = linksFrom(agency, 16);
    QCOMPARE(five.size(), 5);
    for (int i = 0; i < 4; ++i)
        QVERIFY(!five.at(i).contains(s("fallback")));
    QCOMPARE(five.at(4).value(s("fallback")).toBool(), true);

    // Moving the fallback in the scenario moves parameters.else in the export.
    QJsonArray links = agency.value(s("links")).toArray();
    for (qsizetype i = 0; i < links.size(); ++i) {
        QJsonObject l = links.at(i).toObject();
        if (l.value(s("from")).toInt() != 16)
            continue;
        l.remove(s("fallback"));
        if (l.value(s("to")).toInt() == five.at(1).value(s("to")).toInt())
            l.insert(s("fallback"), true);
        links.replace(i, l);
    }
    QJsonObject moved = agency;
    moved.insert(s("links"), links);
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(moved, nullptr);
    QCOMPARE(blueprintModule(exported, 16).value(s("parameters")).toObject().value(s("else")),
        QJsonValue(1));
}

void TestBlueprintFlow::routesNestAtLeastThreeDeep()
{
    const QJsonObject blueprint = realExport("pdf-split-deep-router-nesting.blueprint.json");
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    // Count the routers above each module by following the links back to the first module.
    QHash<int, int> parent;
    for (const QJsonValue &l : scenario.value(s("links")).toArray())
        parent.insert(l.toObject().value(s("to")).toInt(), l.toObject().value(s("from")).toInt());
    int deepest = 0;
    for (const QJsonValue &m : scenario.value(s("modules")).toArray()) {
        int routers = 0;
        for (int at = parent.value(m.toObject().value(s("id")).toInt()); at != 0;
             at = parent.value(at)) {
            if (moduleById(scenario, at).value(s("type")).toString() == s("flow.router"))
                ++routers;
        }
        deepest = std::max(deepest, routers);
    }
    QCOMPARE(deepest, 7);
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, nullptr);
    QCOMPARE(canonicalTree(exported), canonicalTree(blueprint));
}

void TestBlueprintFlow::breakCountAndIntervalInSeconds()
{
    const QJsonObject blueprint
        = realExport("ai-content-router-iterator-textaggregator-break-vars.blueprint.json");
    QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    const QJsonObject directive = moduleById(scenario, 7);
    QCOMPARE(directive.value(s("type")).toString(), s("flow.break"));
    // Make's "count": "3", "interval": "15" (minutes).
    QCOMPARE(
        directive.value(s("config")).toObject(), parse(R"({"count": 3, "intervalSeconds": 900})"));
    QCOMPARE(linkInto(scenario, 7).value(s("onError")).toBool(), true);
    QCOMPARE(linkInto(scenario, 7).value(s("from")).toInt(), 6);

    // Changed to 5 attempts 90 seconds apart: Make counts minutes, so 2, with a report line.
    QJsonArray modules = scenario.value(s("modules")).toArray();
    for (qsizetype i = 0; i < modules.size(); ++i) {
        QJsonObject m = modules.at(i).toObject();
        if (m.value(s("id")).toInt() == 7) {
            m.insert(s("config"), parse(R"({"count": 5, "intervalSeconds": 90})"));
            modules.replace(i, m);
        }
    }
    scenario.insert(s("modules"), modules);
    QStringList report;
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, &report);
    const QJsonObject mapper = blueprintModule(exported, 7).value(s("mapper")).toObject();
    QCOMPARE(mapper, parse(R"({"count": "5", "retry": true, "interval": "2"})"));
    QVERIFY2(report.join(QLatin1Char('\n')).contains(s("written as 2 minutes")),
        qPrintable(report.join(QLatin1Char('\n'))));
}

void TestBlueprintFlow::resumeOutputIsItsMapper()
{
    // The real Resume (module 37) substitutes nothing: it has no mapper at all.
    const QJsonObject lead = MakeBlueprint::toScenarioJson(
        realExport("lead-intake-router-break-ignore-resume-makerequest-v4.blueprint.json"),
        nullptr);
    QCOMPARE(moduleById(lead, 37).value(s("type")).toString(), s("flow.resume"));
    QCOMPARE(moduleById(lead, 37).value(s("config")).toObject(), parse(R"({"output": []})"));
    QCOMPARE(linkInto(lead, 37).value(s("from")).toInt(), 39);
    QCOMPARE(linkInto(lead, 39).value(s("onError")).toBool(), true);

    // A Resume that substitutes an HTTP module's output.
    const QJsonObject blueprint = parse(R"({"name": "r", "flow": [
        {"id": 1, "module": "http:MakeRequest", "version": 4, "parameters": {},
         "mapper": {"url": "https://example.com", "method": "get"},
         "onerror": [{"id": 2, "module": "builtin:Resume", "version": 1,
                      "mapper": {"data": "{{1.error.message}}", "statusCode": 200, "ok": false},
                      "metadata": {"designer": {"x": 300, "y": 150}}}]}]})");
    QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    QCOMPARE(moduleById(scenario, 2).value(s("config")).toObject(),
        parse(R"({"output": [{"name": "data", "value": "{{1.error.message}}"},
                             {"name": "ok", "value": "false"},
                             {"name": "statusCode", "value": "200"}]})"));
    QCOMPARE(MakeBlueprint::fromScenarioJson(scenario, nullptr).value(s("flow")),
        blueprint.value(s("flow")));

    // The status code changed in Scenarist: written as text; the rest as it was.
    QJsonArray modules = scenario.value(s("modules")).toArray();
    QJsonObject resume = modules.at(1).toObject();
    resume.insert(
        s("config"), parse(R"({"output": [{"name": "data", "value": "{{1.error.message}}"},
                             {"name": "ok", "value": "false"},
                             {"name": "statusCode", "value": "404"}]})"));
    modules.replace(1, resume);
    scenario.insert(s("modules"), modules);
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, nullptr);
    QCOMPARE(blueprintModule(exported, 2).value(s("mapper")).toObject(),
        parse(R"({"data": "{{1.error.message}}", "statusCode": "404", "ok": false})"));
}

void TestBlueprintFlow::filterOnRouterSitsOnTheLinkIntoIt()
{
    const QJsonObject blueprint
        = realExport("review-request-filter-on-router-text-notequal.blueprint.json");
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    const QJsonObject router = blueprintModule(blueprint, 3);
    QCOMPARE(router.value(s("module")).toString(), s("builtin:BasicRouter"));
    const QJsonObject link = linkInto(scenario, 3);
    QCOMPARE(link.value(s("filter")), router.value(s("filter")));
    QVERIFY(!link.value(s("filter")).toObject().value(s("conditions")).toArray().isEmpty());
    // The filter lives on the link only.
    QVERIFY(!moduleById(scenario, 3).value(s("foreign")).toObject().contains(s("filter")));
    QCOMPARE(
        blueprintModule(MakeBlueprint::fromScenarioJson(scenario, nullptr), 3).value(s("filter")),
        router.value(s("filter")));

    // A route's first module: its filter is on the link from the router.
    const QJsonObject agency = MakeBlueprint::toScenarioJson(
        realExport("agency-intake-nested-routers-date-filters.blueprint.json"), nullptr);
    const QJsonObject first = linksFrom(agency, 2).first();
    QCOMPARE(first.value(s("to")).toInt(), 3);
    QVERIFY(first.value(s("filter")).isObject());
}

void TestBlueprintFlow::iteratorIndexMappingsStayAsTheyAre()
{
    const QJsonObject blueprint
        = realExport("campaign-makerequest-v4-iterator-aggregator.blueprint.json");
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    const QJsonObject aggregator = moduleById(scenario, 7);
    QCOMPARE(aggregator.value(s("type")).toString(), s("flow.arrayAggregator"));
    const QJsonObject config = aggregator.value(s("config")).toObject();
    QCOMPARE(config.value(s("source")).toInt(), 5);
    QVERIFY(config.value(s("fields"))
                .toArray()
                .contains(parse(R"({"name": "leadsProcessed", "value": "{{5.__IMTINDEX__}}"})")));
    QCOMPARE(moduleById(scenario, 5).value(s("config")).toObject(),
        parse(R"({"array": "{{3.data[1].results}}"})"));
    QCOMPARE(blueprintModule(MakeBlueprint::fromScenarioJson(scenario, nullptr), 7)
                 .value(s("mapper"))
                 .toObject()
                 .value(s("leadsProcessed"))
                 .toString(),
        s("{{5.__IMTINDEX__}}"));

    // __IMTLENGTH__ in a filter and a mapping, as written.
    const QJsonObject withLength = parse(R"({"flow": [
        {"id": 1, "module": "builtin:BasicFeeder", "mapper": {"array": "{{emptyarray}}"}},
        {"id": 2, "module": "util:SetVariable2",
         "filter": {"name": "last", "conditions": [[{"a": "{{1.__IMTINDEX__}}",
                    "o": "number:equal", "b": "{{1.__IMTLENGTH__}}"}]]},
         "mapper": {"name": "n", "scope": "roundtrip", "value": "{{1.__IMTLENGTH__}}"}}]})");
    const QJsonObject converted = MakeBlueprint::toScenarioJson(withLength, nullptr);
    QCOMPARE(linkInto(converted, 2).value(s("filter")).toObject().value(s("conditions")),
        withLength.value(s("flow"))
            .toArray()
            .at(1)
            .toObject()
            .value(s("filter"))
            .toObject()
            .value(s("conditions")));
    QCOMPARE(moduleById(converted, 2).value(s("config")).toObject(),
        parse(
            R"({"scope": "cycle", "variables": [{"name": "n", "value": "{{1.__IMTLENGTH__}}"}]})"));
    QCOMPARE(MakeBlueprint::fromScenarioJson(converted, nullptr).value(s("flow")),
        withLength.value(s("flow")));
}

void TestBlueprintFlow::aggregatorKeepsTargetAndFeeder()
{
    const QJsonObject blueprint
        = realExport("sheet-to-calendar-iterator-aggregator.blueprint.json");
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    const QJsonObject aggregator = moduleById(scenario, 16);
    QCOMPARE(aggregator.value(s("config")).toObject(),
        parse(R"({"source": 15, "fields": [{"name": "displayName", "value": ""},
                  {"name": "email", "value": "{{15.value}}"}],
                  "groupBy": "", "stopIfEmpty": false})"));
    // What the native config has no place for stays in `foreign`.
    const QJsonObject foreign = aggregator.value(s("foreign")).toObject();
    QCOMPARE(
        foreign.value(s("parameters")).toObject().value(s("target")).toString(), s("2.attendees"));
    QVERIFY(foreign.value(s("metadata")).toObject().contains(s("restore")));
    QVERIFY(foreign.value(s("metadata")).toObject().contains(s("interface")));

    const QJsonObject text = MakeBlueprint::toScenarioJson(
        realExport("ai-content-router-iterator-textaggregator-break-vars.blueprint.json"), nullptr);
    QCOMPARE(moduleById(text, 22).value(s("config")).toObject(),
        parse(R"({"source": 12, "text": "{{21.sectionText}}", "rowSeparator": "\n"})"));
}

void TestBlueprintFlow::filterOnFirstModuleIsKeptForExport()
{
    const QJsonObject blueprint = parse(R"({"flow": [
        {"id": 1, "module": "builtin:BasicRepeater", "mapper": {"start": "1", "repeats": "3",
         "step": "1"}, "filter": {"name": "never", "conditions": [[{"a": "1", "o": "notexist"}]]}},
        {"id": 2, "module": "util:FunctionSleep", "mapper": {"duration": "1"}}]})");
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    QVERIFY2(report.join(QLatin1Char('\n')).contains(s("first module of the scenario")),
        qPrintable(report.join(QLatin1Char('\n'))));
    QVERIFY(moduleById(scenario, 1).value(s("foreign")).toObject().contains(s("filter")));
    QCOMPARE(scenario.value(s("links")).toArray().size(), 1);
    QCOMPARE(MakeBlueprint::fromScenarioJson(scenario, nullptr).value(s("flow")),
        blueprint.value(s("flow")));
}

void TestBlueprintFlow::errorRouteWithoutDirective()
{
    // The crypto watcher's HTTP modules have none; the AI content one ends its routes in Break.
    const QJsonObject blueprint = parse(R"({"flow": [
        {"id": 1, "module": "json:ParseJSON", "parameters": {"type": ""}, "mapper": {"json": "{}"},
         "onerror": [{"id": 2, "module": "slack:CreateMessage", "mapper": {"text": "{{1.error.message}}"}}]},
        {"id": 3, "module": "json:CreateJSON", "parameters": {"type": "", "space": ""},
         "mapper": {"a": "{{1.x}}", "n": 1, "deep": {"list": [true, false]}},
         "onerror": []}]})");
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    checkScenarioShape(scenario);
    QCOMPARE(linkInto(scenario, 2), parse(R"({"from": 1, "to": 2, "onError": true})"));
    QCOMPARE(linkInto(scenario, 3), parse(R"({"from": 1, "to": 3})"));
    QCOMPARE(moduleById(scenario, 2).value(s("type")).toString(), s("foreign"));
    QCOMPARE(moduleById(scenario, 3).value(s("config")).toObject(),
        parse(R"({"value": {"a": "{{1.x}}", "n": 1, "deep": {"list": [true, false]}}})"));
    QCOMPARE(MakeBlueprint::fromScenarioJson(scenario, nullptr).value(s("flow")),
        blueprint.value(s("flow")));
}

void TestBlueprintFlow::editedConfigIsWrittenBack()
{
    const QJsonObject blueprint
        = realExport("ai-content-router-iterator-textaggregator-break-vars.blueprint.json");
    QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    QJsonArray modules = scenario.value(s("modules")).toArray();
    for (qsizetype i = 0; i < modules.size(); ++i) {
        QJsonObject m = modules.at(i).toObject();
        const int id = m.value(s("id")).toInt();
        if (id == 12) // the iterator
            m.insert(s("config"), parse(R"({"array": "{{split(11.inputBrief; \",\")}}"})"));
        if (id == 11) { // Set variable 2, now with two variables
            m.insert(s("config"), parse(R"({"scope": "execution", "variables": [
                {"name": "inputBrief", "value": "{{6.choices[].message.content}}"},
                {"name": "second", "value": "2"}]})"));
            m.insert(s("label"), s("Two now"));
        }
        modules.replace(i, m);
    }
    scenario.insert(s("modules"), modules);
    QStringList report;
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, &report);
    const QJsonObject iterator = blueprintModule(exported, 12);
    QCOMPARE(iterator.value(s("mapper")).toObject(),
        parse(R"({"array": "{{split(11.inputBrief; \",\")}}"})"));
    // Nothing else of the module changed.
    QJsonObject before = blueprintModule(blueprint, 12);
    before.remove(s("mapper"));
    QJsonObject after = iterator;
    after.remove(s("mapper"));
    QCOMPARE(after, before);

    const QJsonObject variables = blueprintModule(exported, 11);
    QCOMPARE(variables.value(s("module")).toString(), s("util:SetVariables"));
    QCOMPARE(variables.value(s("mapper")).toObject(), parse(R"({"scope": "execution", "variables": [
            {"name": "inputBrief", "value": "{{6.choices[].message.content}}"},
            {"name": "second", "value": "2"}]})"));
    QCOMPARE(variables.value(s("metadata"))
                 .toObject()
                 .value(s("designer"))
                 .toObject()
                 .value(s("name"))
                 .toString(),
        s("Two now"));
    QVERIFY(report.join(QLatin1Char('\n')).contains(s("util:SetVariables")));
}

void TestBlueprintFlow::scenarioMadeInScenaristExports()
{
    const QJsonObject scenario = parse(R"({"format": "scenarist-scenario", "version": 2,
        "name": "Made here",
        "modules": [
          {"id": 1, "type": "flow.repeater", "label": "", "position": [0, 0],
           "config": {"start": "1", "repeats": "3", "step": "1"}},
          {"id": 2, "type": "flow.router", "label": "Split", "position": [300, 0], "config": {}},
          {"id": 3, "type": "flow.setVariables", "label": "", "position": [600, -100],
           "config": {"scope": "cycle", "variables": [{"name": "a", "value": "{{1.i}}"}]}},
          {"id": 4, "type": "flow.getVariables", "label": "", "position": [600, 100],
           "config": {"names": ["a", "b"]}},
          {"id": 5, "type": "flow.break", "label": "", "position": [900, 100],
           "config": {"count": 2, "intervalSeconds": 120}},
          {"id": 6, "type": "flow.textAggregator", "label": "", "position": [900, -100],
           "config": {"source": 1, "text": "{{3.a}}", "rowSeparator": ", "}},
          {"id": 7, "type": "flow.throw", "label": "", "position": [900, 300],
           "config": {"message": "no"}}],
        "links": [
          {"from": 1, "to": 2},
          {"from": 2, "to": 3, "filter": {"name": "odd", "conditions": [[{"a": "{{1.i}}", "o": "number:greater", "b": "1"}]]}},
          {"from": 2, "to": 4, "fallback": true},
          {"from": 4, "to": 5, "onError": true},
          {"from": 3, "to": 6},
          {"from": 4, "to": 7}]})");
    QStringList report;
    const QJsonObject blueprint = MakeBlueprint::fromScenarioJson(scenario, &report);
    QCOMPARE(blueprint.value(s("name")).toString(), s("Made here"));
    QCOMPARE(canonicalTree(blueprint),
        QStringList({s("1 builtin:BasicRepeater \u201c\u201d"),
            s("  mapper {\"repeats\":\"3\",\"start\":\"1\",\"step\":\"1\"}"),
            s("2 builtin:BasicRouter \u201cSplit\u201d"), s("  mapper null"), s("  else 1"),
            s("  route 1"), s("    3 util:SetVariables \u201c\u201d"),
            s("      filter {\"conditions\":[[{\"a\":\"{{1.i}}\",\"b\":\"1\",\"o\":\"number:"
              "greater\"}]],\"name\":\"odd\"}"),
            s("      mapper "
              "{\"scope\":\"roundtrip\",\"variables\":[{\"name\":\"a\",\"value\":\"{{1."
              "i}}\"}]}"),
            s("    6 util:TextAggregator \u201c\u201d"), s("      mapper {\"value\":\"{{3.a}}\"}"),
            s("      feeder 1"), s("  route 2"), s("    4 util:GetVariables \u201c\u201d"),
            s("      mapper {\"variables\":[\"a\",\"b\"]}"), s("      error route"),
            s("        5 builtin:Break \u201c\u201d"),
            s("          mapper {\"count\":\"2\",\"interval\":\"2\",\"retry\":true}"),
            s("    7 scenarist:Throw \u201c\u201d")}));
    QCOMPARE(
        blueprintModule(blueprint, 7).value(s("mapper")).toObject(), parse(R"({"message": "no"})"));
    QCOMPARE(blueprintModule(blueprint, 6).value(s("parameters")).toObject(),
        parse(R"({"feeder": 1, "rowSeparator": "other", "otherRowSeparator": ", "})"));
    QVERIFY2(report.join(QLatin1Char('\n')).contains(s("Make will refuse it")),
        qPrintable(report.join(QLatin1Char('\n'))));

    // And it reads back as the same scenario.
    const QJsonObject again = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    const auto linkSet = [](const QJsonObject &o) {
        QStringList links;
        for (const QJsonValue &l : o.value(s("links")).toArray())
            links.append(compact(l));
        links.sort();
        return links;
    };
    QCOMPARE(linkSet(again), linkSet(scenario));
    for (const QJsonValue &m : scenario.value(s("modules")).toArray()) {
        const QJsonObject read = moduleById(again, m.toObject().value(s("id")).toInt());
        QCOMPARE(read.value(s("type")), m.toObject().value(s("type")));
        QCOMPARE(read.value(s("config")), m.toObject().value(s("config")));
        QCOMPARE(read.value(s("label")), m.toObject().value(s("label")));
        QCOMPARE(read.value(s("position")), m.toObject().value(s("position")));
    }
}

void TestBlueprintFlow::httpModuleInsideRoute()
{
    const QJsonObject blueprint
        = realExport("crypto-watcher-makerequest-v4-iterators-router-number-filter.blueprint.json");
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, nullptr);
    qsizetype http = 0;
    for (const QJsonValue &v : scenario.value(s("modules")).toArray()) {
        const QJsonObject m = v.toObject();
        if (m.value(s("type")).toString() != s("http.request"))
            continue;
        ++http;
        const QJsonObject config = m.value(s("config")).toObject();
        QVERIFY(config.contains(s("method")));
        QVERIFY(config.contains(s("url")));
        QVERIFY(config.contains(s("body")));
    }
    QCOMPARE(http, 3);

    // An edited URL is written in Make's key; the rest of the module as imported.
    QJsonObject edited = scenario;
    QJsonArray modules = edited.value(s("modules")).toArray();
    int id = 0;
    for (qsizetype i = 0; i < modules.size(); ++i) {
        QJsonObject m = modules.at(i).toObject();
        if (m.value(s("type")).toString() == s("http.request") && id == 0) {
            id = m.value(s("id")).toInt();
            QJsonObject config = m.value(s("config")).toObject();
            config.insert(s("url"), s("https://example.com/changed"));
            m.insert(s("config"), config);
            modules.replace(i, m);
        }
    }
    edited.insert(s("modules"), modules);
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(edited, nullptr);
    QJsonObject after = blueprintModule(exported, id);
    QCOMPARE(after.value(s("mapper")).toObject().value(s("url")).toString(),
        s("https://example.com/changed"));
    QJsonObject before = blueprintModule(blueprint, id);
    QJsonObject afterMapper = after.value(s("mapper")).toObject();
    QJsonObject beforeMapper = before.value(s("mapper")).toObject();
    afterMapper.remove(s("url"));
    beforeMapper.remove(s("url"));
    QCOMPARE(afterMapper, beforeMapper);
}

void TestBlueprintFlow::hostileRoutesNotArrays()
{
    const QJsonObject blueprint = parse(R"({"flow": [
        {"id": 1, "module": "builtin:BasicFeeder", "mapper": {"array": "{{emptyarray}}"}},
        {"id": 2, "module": "builtin:BasicRouter", "routes": {"flow": []}},
        {"id": 3, "module": "builtin:BasicRouter", "routes": [{"flow": {"id": 9}}, 7]},
        {"id": 4, "module": "builtin:BasicRouter", "routes": [{"flow": []},
           {"flow": [{"id": 5, "module": "util:FunctionSleep", "mapper": {"duration": "1"}},
                     {"id": 6, "module": "builtin:BasicRouter", "routes": null}]}],
         "parameters": {"else": 0}}]})");
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    checkScenarioShape(scenario);
    const QString all = report.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(s("its routes are not a list")), qPrintable(all));
    QVERIFY2(all.contains(s("one of its routes is not a route with a flow")), qPrintable(all));
    QCOMPARE(moduleById(scenario, 2).value(s("type")).toString(), s("foreign"));
    QCOMPARE(moduleById(scenario, 3).value(s("type")).toString(), s("foreign"));
    QCOMPARE(moduleById(scenario, 4).value(s("type")).toString(), s("flow.router"));
    // A router without routes has nothing to link: it stays as it came.
    QCOMPARE(moduleById(scenario, 6).value(s("type")).toString(), s("foreign"));
    QVERIFY2(all.contains(s("Module 6 (builtin:BasicRouter): it has no route with a module in it")),
        qPrintable(all));
    // The empty first route (the fallback) has no link; it is written back at its place.
    QCOMPARE(linksFrom(scenario, 4).size(), 1);
    QVERIFY(!linksFrom(scenario, 4).first().contains(s("fallback")));
    QCOMPARE(MakeBlueprint::fromScenarioJson(scenario, nullptr).value(s("flow")),
        blueprint.value(s("flow")));
}

void TestBlueprintFlow::hostileFeederNamesNoModule()
{
    const QJsonObject blueprint = parse(R"({"flow": [
        {"id": 1, "module": "builtin:BasicFeeder", "mapper": {"array": "{{emptyarray}}"}},
        {"id": 2, "module": "builtin:BasicAggregator", "parameters": {"feeder": 99},
         "mapper": {"a": "{{1.value}}"}},
        {"id": 3, "module": "util:TextAggregator", "parameters": {"feeder": "one"}},
        {"id": 7, "module": "builtin:BasicAggregator", "parameters": {"feeder": 7}},
        {"id": 4, "module": "builtin:BasicRouter", "routes": [
           {"flow": [{"id": 5, "module": "builtin:BasicFeeder", "mapper": {"array": "[]"}}]},
           {"flow": [{"id": 6, "module": "builtin:BasicAggregator", "parameters": {"feeder": 5}}]}]}]})");
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    checkScenarioShape(scenario);
    const QString all = report.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(s("collects the bundles of module 99, which is not before it")),
        qPrintable(all));
    // 99: no such module; "one": not a number; 5: in another route; 7: itself.
    for (int id : {2, 3, 6, 7})
        QCOMPARE(moduleById(scenario, id).value(s("type")).toString(), s("foreign"));
    QCOMPARE(MakeBlueprint::fromScenarioJson(scenario, nullptr).value(s("flow")),
        blueprint.value(s("flow")));
}

void TestBlueprintFlow::hostileRepeatedIds()
{
    const QJsonObject blueprint = parse(R"({"flow": [
        {"id": 1, "module": "builtin:BasicFeeder", "mapper": {"array": "[1]"}},
        {"id": 1, "module": "util:FunctionSleep", "mapper": {"duration": "1"}},
        {"module": "json:ParseJSON", "mapper": {"json": "{}"}},
        {"id": -4, "module": "builtin:Ignore"},
        {"id": 2, "module": "builtin:BasicRouter", "routes": [
           {"flow": [{"id": 2, "module": "builtin:Commit"}]}]}]})");
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    checkScenarioShape(scenario);
    QCOMPARE(scenario.value(s("modules")).toArray().size(), 6);
    const QString all = report.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(s("had the number 1 of another module")), qPrintable(all));
    QVERIFY2(all.contains(s("had no number")), qPrintable(all));
    QVERIFY2(all.contains(s("had the number -4, which a scenario cannot use")), qPrintable(all));
    QVERIFY2(all.contains(s("had the number 2 of another module")), qPrintable(all));
    // Export gives each its new number and the same tree.
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, nullptr);
    QList<QJsonObject> modules;
    allModules(exported.value(s("flow")).toArray(), &modules);
    QSet<int> ids;
    for (const QJsonObject &m : std::as_const(modules))
        ids.insert(m.value(s("id")).toInt());
    QCOMPARE(ids.size(), 6);
    QCOMPARE(modules.at(1).value(s("module")).toString(), s("util:FunctionSleep"));
    QCOMPARE(modules.at(5).value(s("module")).toString(), s("builtin:Commit"));
}

void TestBlueprintFlow::hostileDeepNesting()
{
    // 10,000 routers each holding the next in its only route (built in code: JSON text that
    // deep is refused by the parser before it gets here).
    constexpr int depth = 10000;
    QJsonObject inner {{s("id"), depth + 1}, {s("module"), s("builtin:Ignore")}};
    for (int id = depth; id >= 1; --id) {
        inner = QJsonObject {{s("id"), id}, {s("module"), s("builtin:BasicRouter")},
            {s("routes"), QJsonArray {QJsonObject {{s("flow"), QJsonArray {inner}}}}}};
    }
    const QJsonObject blueprint {{s("flow"), QJsonArray {inner}}};
    QElapsedTimer timer;
    timer.start();
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    QVERIFY(timer.elapsed() < 5000);
    checkScenarioShape(scenario);
    const QString all = report.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(s("deeper than 100 levels")), qPrintable(all));
    // The first 100 routers convert; the 101st keeps all below it for export.
    QCOMPARE(scenario.value(s("modules")).toArray().size(), MakeBlueprint::maxRouteDepth + 1);
    const QJsonObject kept = moduleById(scenario, MakeBlueprint::maxRouteDepth + 1);
    QCOMPARE(kept.value(s("type")).toString(), s("foreign"));
    QVERIFY(kept.value(s("foreign")).toObject().contains(s("routes")));
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, nullptr);
    QVERIFY(exported.value(s("flow")) == blueprint.value(s("flow")));

    // The same depth of error routes.
    QJsonObject failing {{s("id"), depth + 1}, {s("module"), s("builtin:Ignore")}};
    for (int id = depth; id >= 1; --id) {
        failing = QJsonObject {{s("id"), id}, {s("module"), s("json:ParseJSON")},
            {s("onerror"), QJsonArray {failing}}};
    }
    report.clear();
    const QJsonObject errors
        = MakeBlueprint::toScenarioJson(QJsonObject {{s("flow"), QJsonArray {failing}}}, &report);
    QCOMPARE(errors.value(s("modules")).toArray().size(), MakeBlueprint::maxRouteDepth + 1);
    // Both open as the editor opens them.
    QString error;
    const auto deepRoutes = MakeBlueprint::importScenario(blueprint, nullptr, &error);
    QVERIFY2(deepRoutes, qPrintable(error));
    QCOMPARE(deepRoutes->modules.size(), MakeBlueprint::maxRouteDepth + 1);
    const auto deepErrors = MakeBlueprint::importScenario(
        QJsonObject {{s("flow"), QJsonArray {failing}}}, nullptr, &error);
    QVERIFY2(deepErrors, qPrintable(error));
    QCOMPARE(deepErrors->modules.size(), MakeBlueprint::maxRouteDepth + 1);

    // A scenario whose routers nest deeper than a blueprint may: cut, with a message.
    QJsonArray modules;
    QJsonArray links;
    for (int id = 1; id <= depth; ++id) {
        modules.append(
            QJsonObject {{s("id"), id}, {s("type"), s("flow.router")}, {s("label"), QString()},
                {s("position"), QJsonArray {0, 0}}, {s("config"), QJsonObject {}}});
        if (id > 1)
            links.append(QJsonObject {{s("from"), id - 1}, {s("to"), id}});
    }
    report.clear();
    const QJsonObject cut = MakeBlueprint::fromScenarioJson(
        QJsonObject {{s("modules"), modules}, {s("links"), links}}, &report);
    QVERIFY2(report.join(QLatin1Char('\n')).contains(s("nested more than 100 deep")),
        qPrintable(report.join(QLatin1Char('\n'))));
    QVERIFY(!cut.value(s("flow")).toArray().isEmpty());
}

void TestBlueprintFlow::hostileNonObjectModules()
{
    const QJsonObject blueprint = parse(R"({"flow": [
        "text", 12, null, [1, 2],
        {"id": 1, "module": "builtin:BasicRouter", "routes": [{"flow": [false,
           {"id": 2, "module": 5, "mapper": []}]}]},
        {"id": 3, "module": "util:SetVariables", "mapper": {"variables": "none", "scope": 3}},
        {"id": 4, "module": "builtin:Break", "mapper": {"count": "{{1.n}}", "interval": -1}},
        {"id": 5, "module": "util:FunctionSleep", "mapper": null, "metadata": []}]})");
    QStringList report;
    const QJsonObject scenario = MakeBlueprint::toScenarioJson(blueprint, &report);
    checkScenarioShape(scenario);
    const QString all = report.join(QLatin1Char('\n'));
    QCOMPARE(all.count(s("is not a module")), 5);
    QVERIFY2(all.contains(s("Module 2 (): belongs to another app")), qPrintable(all));
    QVERIFY2(all.contains(s("its variable lifetime \u201c3\u201d is unknown")), qPrintable(all));
    QVERIFY2(
        all.contains(s("its \u201ccount\u201d ({{1.n}}) is not a whole number")), qPrintable(all));
    QCOMPARE(moduleById(scenario, 4).value(s("config")).toObject(),
        parse(R"({"count": 3, "intervalSeconds": 900})"));
    QCOMPARE(moduleById(scenario, 2).value(s("type")).toString(), s("foreign"));
    QCOMPARE(scenario.value(s("modules")).toArray().size(), 5);
    // What could be read exports as it was.
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, nullptr);
    QCOMPARE(blueprintModule(exported, 4).value(s("mapper")).toObject(),
        parse(R"({"count": "{{1.n}}", "interval": -1})"));
    QCOMPARE(blueprintModule(exported, 3).value(s("mapper")).toObject(),
        parse(R"({"variables": "none", "scope": 3})"));
}

void TestBlueprintFlow::hostileScenarioLinks()
{
    const QJsonObject scenario = parse(R"({"format": "scenarist-scenario", "version": 2,
        "modules": [
          {"id": 1, "type": "flow.iterator", "config": {"array": "[]"}},
          {"id": 2, "type": "flow.sleep", "config": {"seconds": "1"}},
          {"id": 3, "type": "flow.sleep", "config": {"seconds": 5}},
          {"id": 3, "type": "flow.ignore"},
          "nothing",
          {"id": 4, "type": "http.request", "config": {"method": 7}},
          {"id": 5, "type": "martian", "config": []}],
        "links": [
          {"from": 1, "to": 2}, {"from": 2, "to": 3}, {"from": 3, "to": 2},
          {"from": 1, "to": 3}, {"from": 1, "to": 9}, {"from": 4, "to": 4}, 17]})");
    QStringList report;
    const QJsonObject blueprint = MakeBlueprint::fromScenarioJson(scenario, &report);
    const QString all = report.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(s("Two modules have the number 3")), qPrintable(all));
    QVERIFY2(all.contains(s("Item 5 of the modules is not a module")), qPrintable(all));
    QVERIFY2(all.contains(s("Module 2 has two links coming in")), qPrintable(all));
    QVERIFY2(all.contains(s("joins no two modules")), qPrintable(all));
    QVERIFY2(all.contains(s("Module 4: its request could not be read")), qPrintable(all));
    QVERIFY2(all.contains(s("Module 5 (martian) has no Make counterpart")), qPrintable(all));
    QList<QJsonObject> modules;
    allModules(blueprint.value(s("flow")).toArray(), &modules);
    QCOMPARE(modules.size(), 5);
    QCOMPARE(modules.at(0).value(s("module")).toString(), s("builtin:BasicFeeder"));
    QCOMPARE(modules.at(2).value(s("mapper")).toObject(), parse(R"({"duration": "5"})"));
}

void TestBlueprintFlow::mostModulesAScenarioMayHave()
{
    // A flat flow longer than a scenario may be: an iterator, then aggregators of it.
    constexpr int count = 100005;
    QJsonArray flow {QJsonObject {{s("id"), 1}, {s("module"), s("builtin:BasicFeeder")},
        {s("mapper"), QJsonObject {{s("array"), s("[1]")}}}}};
    for (int id = 2; id <= count; ++id) {
        flow.append(QJsonObject {{s("id"), id}, {s("module"), s("builtin:BasicAggregator")},
            {s("parameters"), QJsonObject {{s("feeder"), 1}}}});
    }
    QElapsedTimer timer;
    timer.start();
    QStringList report;
    const QJsonObject scenario
        = MakeBlueprint::toScenarioJson(QJsonObject {{s("flow"), flow}}, &report);
    const QJsonArray modules = scenario.value(s("modules")).toArray();
    QCOMPARE(modules.size(), 100000);
    QCOMPARE(modules.last().toObject().value(s("type")).toString(), s("flow.arrayAggregator"));
    QVERIFY2(report.join(QLatin1Char('\n')).contains(s("more than 100,000 modules")),
        qPrintable(report.join(QLatin1Char('\n'))));
    const QJsonObject exported = MakeBlueprint::fromScenarioJson(scenario, nullptr);
    QCOMPARE(exported.value(s("flow")).toArray().size(), 100000);
    qInfo() << "100,000 modules converted and exported in" << timer.elapsed() << "ms";
}

QTEST_GUILESS_MAIN(TestBlueprintFlow)
#include "tst_blueprintflow.moc"
