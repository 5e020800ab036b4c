#include "core/io/ScenarioFile.h"
#include "core/kinds/KindRegistry.h"
#include "core/kinds/arrayaggregator/ArrayAggregatorKind.h"
#include "core/kinds/repeater/RepeaterKind.h"
#include "core/kinds/setvariables/SetVariablesKind.h"
#include "core/model/FlowGraph.h"
#include "core/model/Scenario.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

/// Module kinds (core/kinds), their configs in version 2 scenario files, the rules a file's
/// links must follow, and version 1 files read with the same meaning (docs/scenario-file.md).
class TestKinds : public QObject
{
    Q_OBJECT

private:
    /// JSON written with single quotes, so that test data reads without escapes.
    static QByteArray json(const char *singleQuoted)
    {
        return QByteArray(singleQuoted).replace('\'', '"');
    }
    static QJsonObject object(const char *singleQuoted)
    {
        return QJsonDocument::fromJson(json(singleQuoted)).object();
    }
    /// A version 2 file of these modules and links (JSON lists, single-quoted).
    static QByteArray file(const char *modules, const char *links = "[]")
    {
        return json("{'format': 'scenarist-scenario', 'version': 2, 'modules': ") + json(modules)
            + json(", 'links': ") + json(links) + "}";
    }
    static QByteArray fileOf(const QJsonArray &modules, const QJsonArray &links)
    {
        return QJsonDocument(
            QJsonObject {{QStringLiteral("format"), ScenarioFile::formatName()},
                {QStringLiteral("version"), 2}, {QStringLiteral("modules"), modules},
                {QStringLiteral("links"), links}})
            .toJson();
    }
    static QJsonObject module(
        int id, const QString &type, const QJsonObject &config = {}, const QString &label = {})
    {
        QJsonObject m {{QStringLiteral("id"), id}, {QStringLiteral("type"), type},
            {QStringLiteral("config"), config}};
        if (!label.isEmpty())
            m.insert(QStringLiteral("label"), label);
        return m;
    }
    static QJsonObject http(int id, const QString &label = {})
    {
        return module(id, QStringLiteral("http.request"),
            QJsonObject {{QStringLiteral("url"), QStringLiteral("http://127.0.0.1/")}}, label);
    }
    static QJsonObject link(int from, int to, const QJsonObject &extra = {})
    {
        QJsonObject l = extra;
        l.insert(QStringLiteral("from"), from);
        l.insert(QStringLiteral("to"), to);
        return l;
    }

private slots:
    void everyKindIsRegisteredOnce()
    {
        const QStringList expected {QStringLiteral("http.request"), QStringLiteral("flow.iterator"),
            QStringLiteral("flow.arrayAggregator"), QStringLiteral("flow.textAggregator"),
            QStringLiteral("flow.router"), QStringLiteral("flow.repeater"),
            QStringLiteral("flow.setVariables"), QStringLiteral("flow.getVariables"),
            QStringLiteral("flow.sleep"), QStringLiteral("json.parse"),
            QStringLiteral("json.create"), QStringLiteral("flow.throw"),
            QStringLiteral("flow.ignore"), QStringLiteral("flow.resume"),
            QStringLiteral("flow.break"), QStringLiteral("flow.commit"),
            QStringLiteral("flow.rollback"), QStringLiteral("foreign")};
        QStringList names = KindRegistry::typeNames();
        QCOMPARE(names.size(), expected.size());
        for (const QString &type : expected) {
            const KindInfo *kind = KindRegistry::find(type);
            QVERIFY2(kind, qPrintable(type));
            QCOMPARE(kind->type, type);
            QVERIFY(!kind->displayName.isEmpty());
            QVERIFY(kind->displayName != type);
            // Every kind but the two kept outside KindConfig reads its config, and its new
            // module's config writes the type it belongs to.
            QCOMPARE(kind->read == nullptr, kind->configIsHttpRequest || kind->placeholder);
            if (kind->makeDefault) {
                QCOMPARE(kind->makeDefault().data()->type(), type);
                // A module without a label shows its kind in plain words.
                QCOMPARE(kind->makeDefault().data()->kindName(), kind->displayName);
                Module module;
                module.type = type;
                module.settings = kind->makeDefault();
                QCOMPARE(module.displayName(), kind->displayName);
            }
        }
        QVERIFY(!KindRegistry::find(QStringLiteral("flow.nothing")));
        QCOMPARE(KindRegistry::find(QStringLiteral("flow.router"))->directive, FlowDirective::None);
        QCOMPARE(KindRegistry::find(QStringLiteral("flow.break"))->directive, FlowDirective::Break);
        QCOMPARE(
            KindRegistry::find(QStringLiteral("flow.resume"))->directive, FlowDirective::Resume);
    }

    void configsRoundTripThroughTheFile_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QByteArray>("config");
        const auto row = [](const char *type, const char *config) {
            QTest::newRow(type) << QString::fromLatin1(type) << json(config);
        };
        row("flow.iterator", "{'array': '{{1.data.items}}'}");
        row("flow.arrayAggregator",
            "{'source': 2, 'fields': [{'name': 'id', 'value': '{{2.id}}'}, {'name': 'n', "
            "'value': ''}], 'groupBy': '{{2.kind}}', 'stopIfEmpty': true}");
        row("flow.textAggregator", "{'source': 2, 'text': '{{2.name}}', 'rowSeparator': '\\t'}");
        row("flow.router", "{}");
        row("flow.repeater", "{'start': '0', 'repeats': '10000', 'step': '{{1.data.step}}'}");
        row("flow.setVariables",
            "{'scope': 'execution', 'variables': [{'name': 'total', 'value': '{{1.sum}}'}]}");
        row("flow.getVariables", "{'names': ['total', 'count']}");
        row("flow.sleep", "{'seconds': '300'}");
        row("json.parse", "{'json': '{{1.data}}'}");
        row("json.create", "{'value': {'a': [1, '{{1.x}}', {'b': null}], 'c': false}}");
        row("flow.throw", "{'message': 'Out of stock: {{1.data.sku}}'}");
        row("flow.ignore", "{}");
        row("flow.resume", "{'output': [{'name': 'id', 'value': '0'}]}");
        row("flow.break", "{'count': 3, 'intervalSeconds': 900}");
        row("flow.commit", "{}");
        row("flow.rollback", "{}");
    }
    void configsRoundTripThroughTheFile()
    {
        QFETCH(QString, type);
        QFETCH(QByteArray, config);
        const QJsonObject written = QJsonDocument::fromJson(config).object();
        // Module 1 feeds module 2, which feeds the module under test (3): aggregators
        // collect from module 2, routers have a route to module 4.
        QJsonArray modules {
            http(1), http(2), module(3, type, written, QStringLiteral("Under test")), http(4)};
        const QJsonArray links {link(1, 2), link(2, 3), link(3, 4)};
        QString error;
        const auto doc = ScenarioFile::parse(fileOf(modules, links), &error);
        QVERIFY2(doc, qPrintable(error));
        QVERIFY2(doc->warnings.isEmpty(), qPrintable(doc->warnings.join(QLatin1Char('\n'))));
        const Module &m = doc->modules.at(2);
        QCOMPARE(m.type, type);
        QVERIFY(!m.settings.isNull());
        QCOMPARE(m.settings.data()->type(), type);
        // Every key comes back as it was written.
        QCOMPARE(m.settings.toJson(), written);

        const QByteArray saved = ScenarioFile::serialize(*doc);
        QVERIFY(saved.contains("\"version\": 2"));
        const auto again = ScenarioFile::parse(saved, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->modules, doc->modules);
        QCOMPARE(again->links, doc->links);
        QCOMPARE(ScenarioFile::serialize(*again), saved);

        // A config differs from another of the same kind with other values.
        const KindInfo *kind = KindRegistry::find(type);
        if (written != kind->makeDefault().toJson())
            QVERIFY(m.settings != kind->makeDefault());
        QVERIFY(m.settings == m.settings);
    }

    void configsAreWrittenInTheDocumentedKeyOrder()
    {
        QString error;
        const auto doc = ScenarioFile::parse(
            file("[{'id': 1, 'type': 'flow.repeater', 'config': {'step': '2', 'repeats': "
                 "'3', 'start': '1'}}, {'id': 2, 'type': 'flow.arrayAggregator', 'config': "
                 "{'stopIfEmpty': false, 'groupBy': '', 'fields': [], 'source': 1}}]",
                "[{'from': 1, 'to': 2}]"),
            &error);
        QVERIFY2(doc, qPrintable(error));
        const QString text = QString::fromUtf8(ScenarioFile::serialize(*doc));
        const auto before = [&](const char *a, const char *b) {
            return text.indexOf(QLatin1String(a)) < text.indexOf(QLatin1String(b));
        };
        QVERIFY(before("\"start\"", "\"repeats\""));
        QVERIFY(before("\"repeats\"", "\"step\""));
        QVERIFY(before("\"source\"", "\"fields\""));
        QVERIFY(before("\"fields\"", "\"groupBy\""));
        QVERIFY(before("\"groupBy\"", "\"stopIfEmpty\""));
    }

    void linksKeepFiltersRoutesAndErrorRoutes()
    {
        const QByteArray bytes = file(
            "[{'id': 1, 'type': 'http.request', 'config': {'url': ''}}, {'id': 2, 'type': "
            "'flow.router', 'config': {}}, {'id': 3, 'type': 'http.request', 'config': {'url': "
            "''}}, {'id': 4, 'type': 'http.request', 'config': {'url': ''}}, {'id': 5, 'type': "
            "'flow.ignore', 'config': {}}]",
            "[{'from': 1, 'to': 2}, {'from': 2, 'to': 3, 'filter': {'name': 'Paid', "
            "'conditions': [[{'a': '{{1.data.status}}', 'o': 'text:equal', 'b': 'paid'}]]}}, "
            "{'from': 2, 'to': 4, 'fallback': true}, {'from': 3, 'to': 5, 'onError': true}]");
        QString error;
        const auto doc = ScenarioFile::parse(bytes, &error);
        QVERIFY2(doc, qPrintable(error));
        QCOMPARE(doc->links.size(), 4);
        QCOMPARE(doc->links[1].filter.name, QStringLiteral("Paid"));
        QCOMPARE(doc->links[1].filter.conditions.first().first().o, QStringLiteral("text:equal"));
        QVERIFY(!doc->links[1].fallback);
        QVERIFY(doc->links[2].fallback);
        QVERIFY(doc->links[3].onError);
        QVERIFY(doc->links[0].isPlain());

        const FlowGraph graph(doc->modules, doc->links);
        QCOMPARE(graph.routes(2).size(), 2);
        QCOMPARE(graph.routes(2).at(0)->to, 3);
        QCOMPARE(graph.routes(2).at(1)->to, 4);
        QVERIFY(graph.routes(3).isEmpty());
        QCOMPARE(graph.errorRoute(3)->to, 5);
        QCOMPARE(graph.starts(), QList<ModuleId> {1});
        QCOMPARE(graph.flowOrder(), (QList<ModuleId> {1, 2, 3, 5, 4}));

        const QByteArray saved = ScenarioFile::serialize(*doc);
        const auto again = ScenarioFile::parse(saved, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->links, doc->links);
        // Plain links stay short; marks are written only when set.
        QVERIFY(saved.contains("{\"from\": 1, \"to\": 2}"));
        QVERIFY(saved.contains("\"fallback\": true"));
        QVERIFY(!saved.contains("\"fallback\": false"));
    }

    void brokenFilesAreRefusedNamingModuleAndKey_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected");
        const char *two = "[{'id': 1, 'type': 'http.request', 'label': 'Get', 'config': "
                          "{'url': ''}}, {'id': 2, 'type': 'http.request', 'label': 'Send', "
                          "'config': {'url': ''}}, {'id': 3, 'type': 'http.request', "
                          "'config': {'url': ''}}]";
        QTest::newRow("unknown kind")
            << file("[{'id': 4, 'type': 'flow.teleport', 'label': 'Beam', 'config': {}}]")
            << QStringList {QStringLiteral("Module 4 (\u201cBeam\u201d)"),
                   QStringLiteral("\u201ctype\u201d"), QStringLiteral("flow.teleport"),
                   QStringLiteral("flow.iterator")};
        QTest::newRow("type not text")
            << file("[{'id': 4, 'type': 7, 'config': {}}]")
            << QStringList {QStringLiteral("Module 4"), QStringLiteral("\u201ctype\u201d"),
                   QStringLiteral("must be text")};
        QTest::newRow("two links into one module")
            << file(two, "[{'from': 1, 'to': 3}, {'from': 2, 'to': 3}]")
            << QStringList {QStringLiteral("links[2]"),
                   QStringLiteral("module 3 already has a link coming in, from module 1")};
        QTest::newRow("two links out of a module that is not a router")
            << file(two, "[{'from': 1, 'to': 2}, {'from': 1, 'to': 3}]")
            << QStringList {QStringLiteral("links[2]"),
                   QStringLiteral("module 1 (\u201cGet\u201d) already has a link going out, to "
                                  "module 2"),
                   QStringLiteral("router")};
        QTest::newRow("loop in links")
            << file(two, "[{'from': 1, 'to': 2}, {'from': 2, 'to': 1}]")
            << QStringList {QStringLiteral("circle"),
                   QStringLiteral("module 1 (\u201cGet\u201d) \u2192 module 2 (\u201cSend\u201d)")};
        QTest::newRow("router with no routes")
            << file("[{'id': 1, 'type': 'http.request', 'config': {'url': ''}}, {'id': 5, 'type': "
                    "'flow.router', 'label': 'Split', 'config': {}}]",
                   "[{'from': 1, 'to': 5}]")
            << QStringList {QStringLiteral("Module 5 (\u201cSplit\u201d)"),
                   QStringLiteral("\u201clinks\u201d"), QStringLiteral("at least one route")};
        QTest::newRow("two fallback routes")
            << file("[{'id': 1, 'type': 'flow.router', 'label': 'Split', 'config': {}}, {'id': 2, "
                    "'type': 'flow.ignore', 'config': {}}, {'id': 3, 'type': 'flow.ignore', "
                    "'config': {}}]",
                   "[{'from': 1, 'to': 2, 'fallback': true}, {'from': 1, 'to': 3, 'fallback': "
                   "true}]")
            << QStringList {QStringLiteral("links[2].fallback"),
                   QStringLiteral("module 1 (\u201cSplit\u201d) already has a fallback route, "
                                  "to module 2")};
        QTest::newRow("fallback out of a module that is not a router")
            << file(two, "[{'from': 1, 'to': 2, 'fallback': true}]")
            << QStringList {QStringLiteral("links[1].fallback"), QStringLiteral("not a router")};
        QTest::newRow("two error routes")
            << file(two,
                   "[{'from': 1, 'to': 2, 'onError': true}, {'from': 1, 'to': 3, "
                   "'onError': true}]")
            << QStringList {QStringLiteral("links[2].onError"),
                   QStringLiteral("already has an error route, to module 2")};
        QTest::newRow("aggregator whose source is not upstream")
            << file("[{'id': 1, 'type': 'flow.repeater', 'config': {'repeats': '3'}}, {'id': 2, "
                    "'type': 'flow.repeater', 'config': {'repeats': '3'}}, {'id': 3, 'type': "
                    "'flow.textAggregator', 'label': 'Join', 'config': {'source': 2, 'text': "
                    "'x'}}]",
                   "[{'from': 1, 'to': 3}]")
            << QStringList {QStringLiteral("Module 3 (\u201cJoin\u201d)"),
                   QStringLiteral("\u201cconfig.source\u201d"),
                   QStringLiteral("module 2 does not run before this module")};
        QTest::newRow("aggregator whose source is itself")
            << file("[{'id': 3, 'type': 'flow.arrayAggregator', 'config': {'source': 3}}]")
            << QStringList {QStringLiteral("Module 3"), QStringLiteral("config.source")};
        QTest::newRow("aggregator whose source is missing")
            << file("[{'id': 3, 'type': 'flow.arrayAggregator', 'config': {'source': 9}}]")
            << QStringList {QStringLiteral("config.source"), QStringLiteral("no module 9")};
        QTest::newRow("aggregator without source")
            << file("[{'id': 3, 'type': 'flow.arrayAggregator', 'config': {}}]")
            << QStringList {QStringLiteral("config.source"), QStringLiteral("is missing")};
        QTest::newRow("repeater of 10^9 steps")
            << file("[{'id': 4, 'type': 'flow.repeater', 'label': 'Loop', 'config': {'repeats': "
                    "'1000000000'}}]")
            << QStringList {QStringLiteral("Module 4 (\u201cLoop\u201d), key "
                                           "\u201cconfig.repeats\u201d: must be a whole number "
                                           "from 1 to 10,000"),
                   QStringLiteral("but is 1000000000")};
        QTest::newRow("repeater steps as a JSON number")
            << file("[{'id': 4, 'type': 'flow.repeater', 'config': {'repeats': 5}}]")
            << QStringList {QStringLiteral("config.repeats"), QStringLiteral("must be text")};
        QTest::newRow("repeater start not a number")
            << file("[{'id': 4, 'type': 'flow.repeater', 'config': {'start': 'one'}}]")
            << QStringList {QStringLiteral("config.start"), QStringLiteral("must be a number")};
        QTest::newRow("sleep too long")
            << file("[{'id': 4, 'type': 'flow.sleep', 'config': {'seconds': '301'}}]")
            << QStringList {QStringLiteral("config.seconds"), QStringLiteral("from 1 to 300")};
        QTest::newRow("break count")
            << file("[{'id': 4, 'type': 'flow.break', 'config': {'count': -1}}]")
            << QStringList {QStringLiteral("config.count"), QStringLiteral("whole number")};
        QTest::newRow("variable scope")
            << file("[{'id': 4, 'type': 'flow.setVariables', 'config': {'scope': 'forever'}}]")
            << QStringList {QStringLiteral("config.scope"), QStringLiteral("forever")};
        QTest::newRow("variable without a name")
            << file("[{'id': 4, 'type': 'flow.setVariables', 'config': {'variables': [{'name': "
                    "' ', 'value': '1'}]}}]")
            << QStringList {QStringLiteral("config.variables[1].name"), QStringLiteral("is empty")};
        QTest::newRow("variable names not text")
            << file("[{'id': 4, 'type': 'flow.getVariables', 'config': {'names': [1]}}]")
            << QStringList {QStringLiteral("config.names[1]"), QStringLiteral("must be text")};
        QTest::newRow("config not an object")
            << file("[{'id': 4, 'type': 'flow.iterator', 'config': []}]")
            << QStringList {QStringLiteral("Module 4"), QStringLiteral("\u201cconfig\u201d")};
        QTest::newRow("filter with an unknown operator")
            << file(two,
                   "[{'from': 1, 'to': 2, 'filter': {'name': 'Big', 'conditions': [[{'a': "
                   "'1', 'o': 'text:eq', 'b': '2'}]]}}]")
            << QStringList {QStringLiteral("links[1].filter"), QStringLiteral("text:eq")};
        QTest::newRow("fallback not true or false")
            << file(two, "[{'from': 1, 'to': 2, 'fallback': 'yes'}]")
            << QStringList {QStringLiteral("links[1].fallback"), QStringLiteral("true or false")};
        QTest::newRow("time zone")
            << json("{'format': 'scenarist-scenario', 'version': 2, 'timeZone': 'Europe/Pariss', "
                    "'modules': []}")
            << QStringList {QStringLiteral("timeZone"), QStringLiteral("Europe/Pariss")};
    }
    void brokenFilesAreRefusedNamingModuleAndKey()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        QString error;
        const auto doc = ScenarioFile::parse(bytes, &error);
        QVERIFY2(!doc, qPrintable(QStringLiteral("read: ") + QString::fromUtf8(bytes)));
        for (const QString &part : expected)
            QVERIFY2(error.contains(part),
                qPrintable(QStringLiteral("\u201c%1\u201d not in: %2").arg(part, error)));
    }

    void unknownKindWithItsOriginIsKeptAsAPlaceholder()
    {
        QString error;
        const auto doc = ScenarioFile::parse(
            file("[{'id': 4, 'type': 'flow.teleport', 'config': {}, 'foreign': {'module': "
                 "'slack:CreateMessage', 'mapper': {'text': 'hi'}}}]"),
            &error);
        QVERIFY2(doc, qPrintable(error));
        QCOMPARE(doc->modules.first().type, Module::foreignType());
        QCOMPARE(doc->modules.first().foreign.value(QStringLiteral("module")).toString(),
            QStringLiteral("slack:CreateMessage"));
        QCOMPARE(doc->warnings.size(), 1);
        QVERIFY(doc->warnings.first().contains(QStringLiteral("flow.teleport")));
    }

    void timeZoneIsKept()
    {
        QString error;
        const auto doc = ScenarioFile::parse(
            json("{'format': 'scenarist-scenario', 'version': 2, 'timeZone': 'Europe/Paris', "
                 "'modules': []}"),
            &error);
        QVERIFY2(doc, qPrintable(error));
        QCOMPARE(doc->timeZone, QStringLiteral("Europe/Paris"));
        QVERIFY(ScenarioFile::serialize(*doc).contains("\"timeZone\": \"Europe/Paris\""));
        Scenario scenario;
        doc->applyTo(scenario);
        QCOMPARE(scenario.timeZone(), QStringLiteral("Europe/Paris"));
        QCOMPARE(ScenarioDocument::fromScenario(scenario).timeZone, QStringLiteral("Europe/Paris"));
    }

    // Every version 1 file of the repository opens, saves as version 2, and the saved file
    // means the same: the same modules, running in the same order.
    void versionOneFilesOpenAndSaveAsVersionTwo_data()
    {
        QTest::addColumn<QString>("path");
        QStringList paths;
        for (const char *folder : {SCENARIST_SOURCE_DIR "/resources/examples",
                 SCENARIST_SOURCE_DIR "/tests/fuzz/corpus/scenariofile", SCENARIST_TEST_DATA_DIR}) {
            QDirIterator it(QString::fromUtf8(folder), {QStringLiteral("*.json")}, QDir::Files,
                QDirIterator::Subdirectories);
            while (it.hasNext())
                paths.append(it.next());
        }
        paths.sort();
        int versionOne = 0;
        for (const QString &path : std::as_const(paths)) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
            if (json.value(QStringLiteral("format")).toString() != ScenarioFile::formatName()
                || json.value(QStringLiteral("version")) != QJsonValue(1))
                continue;
            QString error;
            if (!ScenarioFile::load(path, &error))
                continue; // a file made to be refused (fuzz corpus)
            ++versionOne;
            QTest::newRow(
                qPrintable(QDir(QStringLiteral(SCENARIST_SOURCE_DIR)).relativeFilePath(path)))
                << path;
        }
        // The three examples, and the fuzz corpus's copies and readable files.
        QVERIFY2(versionOne >= 6, qPrintable(QString::number(versionOne)));
    }
    void versionOneFilesOpenAndSaveAsVersionTwo()
    {
        QFETCH(QString, path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject original = QJsonDocument::fromJson(f.readAll()).object();
        QString error;
        const auto v1 = ScenarioFile::load(path, &error);
        QVERIFY2(v1, qPrintable(error));
        // What version 1 meant: each module once, in this order.
        QList<Link> originalLinks;
        for (const QJsonValue &l : original.value(QStringLiteral("links")).toArray())
            originalLinks.append(
                Link {l[QStringLiteral("from")].toInt(), l[QStringLiteral("to")].toInt()});
        const QList<ModuleId> meant = Scenario::runOrder(v1->modules, originalLinks);

        const QByteArray saved = ScenarioFile::serialize(*v1);
        QVERIFY(saved.contains("\"version\": 2"));
        const auto v2 = ScenarioFile::parse(saved, &error);
        QVERIFY2(v2, qPrintable(error));
        QCOMPARE(v2->name, v1->name);
        QCOMPARE(v2->modules, v1->modules);
        QCOMPARE(v2->connections, v1->connections);
        QCOMPARE(v2->nextId, v1->nextId);
        QCOMPARE(FlowGraph(v2->modules, v2->links).flowOrder(), meant);
        QVERIFY(!FlowGraph(v2->modules, v2->links).firstProblem());
        QCOMPARE(ScenarioFile::serialize(*v2), saved);
    }

    void versionOneLinksOfAnyShapeBecomeTheChainTheyMeant_data()
    {
        QTest::addColumn<QByteArray>("links");
        QTest::addColumn<QList<ModuleId>>("order");
        QTest::addColumn<bool>("relinked");
        QTest::newRow("chain") << json("[{'from': 1, 'to': 2}, {'from': 2, 'to': 3}, {'from': 3, "
                                       "'to': 4}]")
                               << QList<ModuleId> {1, 2, 3, 4} << false;
        QTest::newRow("no links") << json("[]") << QList<ModuleId> {1, 2, 3, 4} << false;
        QTest::newRow("diamond") << json("[{'from': 1, 'to': 2}, {'from': 1, 'to': 3}, {'from': 2, "
                                         "'to': 4}, {'from': 3, 'to': 4}]")
                                 << QList<ModuleId> {1, 2, 3, 4} << true;
        QTest::newRow("two chains that interleave")
            << json("[{'from': 1, 'to': 4}, {'from': 2, 'to': 3}]") << QList<ModuleId> {1, 2, 3, 4}
            << true;
        QTest::newRow("chain backwards") << json("[{'from': 4, 'to': 3}, {'from': 3, 'to': 2}]")
                                         << QList<ModuleId> {1, 4, 3, 2} << false;
    }
    void versionOneLinksOfAnyShapeBecomeTheChainTheyMeant()
    {
        QFETCH(QByteArray, links);
        QFETCH(QList<ModuleId>, order);
        QFETCH(bool, relinked);
        const QByteArray bytes
            = json("{'format': 'scenarist-scenario', 'version': 1, 'modules': [{'id': 1, 'type': "
                   "'http.request', 'config': {'url': ''}}, {'id': 2, 'type': 'http.request', "
                   "'config': {'url': ''}}, {'id': 3, 'type': 'http.request', 'config': {'url': "
                   "''}}, {'id': 4, 'type': 'http.request', 'config': {'url': ''}}], 'links': ")
            + links + "}";
        QString error;
        const auto doc = ScenarioFile::parse(bytes, &error);
        QVERIFY2(doc, qPrintable(error));
        const FlowGraph graph(doc->modules, doc->links);
        QCOMPARE(graph.flowOrder(), order);
        QVERIFY(!graph.firstProblem());
        QCOMPARE(!doc->warnings.isEmpty(), relinked);
        if (relinked)
            QVERIFY(doc->warnings.first().contains(QStringLiteral("one chain")));
        // The same links written as version 2 are refused when they break its rules.
        QByteArray v2 = bytes;
        v2.replace("'version': 1", "'version': 2");
        v2.replace("\"version\": 1", "\"version\": 2");
        QCOMPARE(bool(ScenarioFile::parse(v2, &error)),
            !relinked || QByteArray(QTest::currentDataTag()) == "two chains that interleave");
    }

    // The editor may still draw plain links of the older shape; saving writes the chain they
    // meant, so that the file opens again.
    void plainLinksTheEditorDrewSaveAsAChainThatOpensAgain()
    {
        Scenario scenario;
        for (int i = 0; i < 3; ++i)
            scenario.addModule(Module {});
        QVERIFY(scenario.link(1, 2));
        QVERIFY(scenario.link(1, 3));
        const ScenarioDocument doc = ScenarioDocument::fromScenario(scenario);
        QString error;
        const auto again = ScenarioFile::parse(ScenarioFile::serialize(doc), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->links, (QList<Link> {Link {1, 2}, Link {2, 3}}));
    }

    void scenarioKeepsLinkMarksAndStraightChainsWork()
    {
        Scenario scenario;
        for (int i = 0; i < 3; ++i)
            scenario.addModule(Module {});
        QVERIFY(scenario.link(1, 2));
        Link withFilter {2, 3};
        withFilter.filter.name = QStringLiteral("Only paid");
        withFilter.filter.conditions = {{FilterCondition {QStringLiteral("{{1.status}}"),
            QStringLiteral("text:equal"), QStringLiteral("paid"), {}}}};
        QVERIFY(scenario.link(withFilter));
        QVERIFY(!scenario.link(2, 3)); // the same two ends: already linked
        QVERIFY(scenario.links().contains(Link {1, 2}));
        QCOMPARE(*scenario.findLink(2, 3), withFilter);
        QCOMPARE(scenario.runOrder(), (QList<ModuleId> {1, 2, 3}));

        QSignalSpy changed(&scenario, &Scenario::linkChanged);
        Link errorRoute = withFilter;
        errorRoute.filter = Filter {};
        errorRoute.onError = true;
        QVERIFY(scenario.updateLink(errorRoute));
        QCOMPARE(changed.count(), 1);
        QVERIFY(scenario.findLink(2, 3)->onError);
        QVERIFY(!scenario.updateLink(Link {3, 1}));
        QVERIFY(scenario.unlink(2, 3));
        QVERIFY(!scenario.findLink(2, 3));
        QCOMPARE(scenario.links().size(), 1);

        QSignalSpy moduleChanged(&scenario, &Scenario::moduleChanged);
        RepeaterConfig repeater;
        repeater.repeats = QStringLiteral("5");
        scenario.setModuleSettings(3, KindConfig::of(repeater));
        QCOMPARE(moduleChanged.count(), 1);
        scenario.setModuleSettings(3, KindConfig::of(repeater)); // equal: no change
        QCOMPARE(moduleChanged.count(), 1);
        QCOMPARE(scenario.module(3).settings.as<RepeaterConfig>()->repeats, QStringLiteral("5"));
        QVERIFY(!scenario.module(3).settings.as<SetVariablesConfig>());
    }

    // The kinds that compute run without the runner: one bundle in, 0..N out or an error.
    void kindsRunOneOperation_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QByteArray>("output"); ///< the bundles, as a JSON list
        QTest::addColumn<QString>("error"); ///< part of the error, empty when none
        const auto row = [](const char *name, const char *type, const char *config,
                             const char *output, const char *error = "") {
            QTest::newRow(name) << QString::fromLatin1(type) << json(config) << json(output)
                                << QString::fromUtf8(error);
        };
        row("iterator of objects", "flow.iterator", "{'array': '{{1.items}}'}",
            "[{'id': 'a', '__IMTINDEX__': 1, '__IMTLENGTH__': 2}, {'id': 'b', '__IMTINDEX__': 2, "
            "'__IMTLENGTH__': 2}]");
        row("iterator of scalars", "flow.iterator", "{'array': '{{1.tags}}'}",
            "[{'value': 'x', '__IMTINDEX__': 1, '__IMTLENGTH__': 1}]");
        row("iterator of an empty list", "flow.iterator", "{'array': '{{1.none}}'}", "[]");
        row("repeater", "flow.repeater", "{'start': '10', 'repeats': '3', 'step': '-5'}",
            "[{'i': 10}, {'i': 5}, {'i': 0}]");
        row("repeater mapped too far", "flow.repeater", "{'repeats': '{{1.big}}'}", "[]",
            "from 0 to 10,000");
        row("parse JSON list", "json.parse", "{'json': '[1, {\\\"a\\\": 2}]'}", "[1, {'a': 2}]");
        row("parse JSON object", "json.parse", "{'json': '{{1.text}}'}", "[{'k': true}]");
        row("parse broken JSON", "json.parse", "{'json': '{'}", "[]", "not valid JSON");
        row("create JSON", "json.create", "{'value': {'ids': '{{1.tags}}', 'n': 1}}",
            "[{'json': '{\\\"ids\\\":[\\\"x\\\"],\\\"n\\\":1}'}]");
        row("throw", "flow.throw", "{'message': 'No {{1.tags[1]}}'}", "[]", "No x");
        row("resume", "flow.resume", "{'output': [{'name': 'id', 'value': '0'}]}", "[{'id': '0'}]");
        row("set variables", "flow.setVariables",
            "{'scope': 'execution', 'variables': [{'name': 'n', 'value': '{{1.big}}'}]}",
            "[{'n': 20000}]");
        row("get variables", "flow.getVariables", "{'names': ['kept', 'never']}",
            "[{'kept': 'yes', 'never': null}]");
        row("sleep", "flow.sleep", "{'seconds': '2'}", "[{'in': 1}]");
        row("router", "flow.router", "{}", "[{'in': 1}]");
    }
    void kindsRunOneOperation()
    {
        QFETCH(QString, type);
        QFETCH(QByteArray, config);
        QFETCH(QByteArray, output);
        QFETCH(QString, error);
        const KindInfo *kind = KindRegistry::find(type);
        QVERIFY(kind && kind->read && kind->run);
        KindConfigReader reader(QJsonDocument::fromJson(config).object());
        const KindConfig settings = kind->read(reader);
        QVERIFY2(!reader.failed(), qPrintable(reader.errorText()));
        RunContext context;
        context.mapping.moduleOutputs.insert(1,
            object("{'items': [{'id': 'a'}, {'id': 'b'}], 'tags': ['x'], 'none': [], 'big': "
                   "20000, 'text': '{\\\"k\\\": true}'}"));
        context.cycleVariables.insert(QStringLiteral("kept"), QStringLiteral("yes"));
        const Emitted emitted = kind->run(*settings.data(), object("{'in': 1}"), context);
        if (!error.isEmpty()) {
            QVERIFY(emitted.failed());
            QVERIFY2(emitted.error->message.contains(error), qPrintable(emitted.error->message));
            return;
        }
        QVERIFY2(!emitted.failed(), qPrintable(emitted.error->message));
        QJsonArray bundles;
        for (const Bundle &b : emitted.bundles)
            bundles.append(b);
        QCOMPARE(bundles, QJsonDocument::fromJson(output).array());
        if (type == QLatin1String("flow.sleep"))
            QCOMPARE(emitted.waitMs, 2000);
        if (type == QLatin1String("flow.setVariables"))
            QCOMPARE(context.executionVariables.value(QStringLiteral("n")), QJsonValue(20000));
    }

    void aggregatorsCollectOneOperation()
    {
        const QList<MappingContext> bundles = [] {
            QList<MappingContext> contexts;
            for (const char *bundle :
                {"{'id': 1, 'kind': 'a'}", "{'id': 2, 'kind': 'b'}", "{'id': 3, 'kind': 'a'}"}) {
                MappingContext c;
                c.moduleOutputs.insert(2, object(bundle));
                contexts.append(c);
            }
            return contexts;
        }();
        // As the scheduler does: each bundle's part is taken as it arrives.
        const auto collect = [&bundles](const KindInfo *kind, const KindConfig &settings) {
            CollectedBundles collected;
            for (const MappingContext &bundle : bundles)
                kind->collect(*settings.data(), bundle, collected);
            return collected;
        };
        RunContext context;

        const KindInfo *array = KindRegistry::find(QStringLiteral("flow.arrayAggregator"));
        KindConfigReader reader(
            object("{'source': 2, 'fields': [{'name': 'id', 'value': '{{2.id}}'}]}"));
        KindConfig settings = array->read(reader);
        QCOMPARE(settings.data()->aggregationSource(), 2);
        Emitted out = array->aggregate(*settings.data(), collect(array, settings), context);
        QCOMPARE(out.bundles,
            QList<Bundle> {object("{'array': [{'id': 1}, {'id': 2}, {'id': 3}], "
                                  "'__IMTAGGLENGTH__': 3}")});
        // No fields chosen: each item is the source's whole bundle.
        KindConfigReader whole(object("{'source': 2}"));
        const KindConfig wholeSettings = array->read(whole);
        out = array->aggregate(*wholeSettings.data(), collect(array, wholeSettings), context);
        QCOMPARE(out.bundles.value(0).toObject().value(QStringLiteral("array")).toArray().at(1),
            QJsonValue(object("{'id': 2, 'kind': 'b'}")));
        // Nothing arrived: one empty list, or nothing at all with "stop if empty".
        QCOMPARE(array->aggregate(*settings.data(), {}, context).bundles.size(), 1);
        KindConfigReader stopping(object("{'source': 2, 'stopIfEmpty': true}"));
        QCOMPARE(array->aggregate(*array->read(stopping).data(), {}, context).bundles.size(), 0);

        KindConfigReader grouped(object("{'source': 2, 'fields': [{'name': 'id', 'value': "
                                        "'{{2.id}}'}], 'groupBy': '{{2.kind}}'}"));
        const KindConfig groupedSettings = array->read(grouped);
        out = array->aggregate(*groupedSettings.data(), collect(array, groupedSettings), context);
        QCOMPARE(out.bundles,
            (QList<Bundle> {object("{'key': 'a', 'array': [{'id': 1}, {'id': 3}]}"),
                object("{'key': 'b', 'array': [{'id': 2}]}")}));

        const KindInfo *text = KindRegistry::find(QStringLiteral("flow.textAggregator"));
        KindConfigReader joined(object("{'source': 2, 'text': '#{{2.id}}', 'rowSeparator': ', '}"));
        const KindConfig joinedSettings = text->read(joined);
        out = text->aggregate(*joinedSettings.data(), collect(text, joinedSettings), context);
        QCOMPARE(out.bundles, QList<Bundle> {object("{'text': '#1, #2, #3'}")});

        // A bundle whose field cannot be mapped fails the aggregator's operation, naming it.
        KindConfigReader broken(object("{'source': 2, 'text': '{{2.id.'}"));
        const KindConfig brokenSettings = text->read(broken);
        out = text->aggregate(*brokenSettings.data(), collect(text, brokenSettings), context);
        QVERIFY(out.failed());
        QCOMPARE(out.error->type, ModuleErrorType::DataError);
        QVERIFY2(!out.error->message.isEmpty(), qPrintable(out.error->message));
    }
};

QTEST_GUILESS_MAIN(TestKinds)
#include "tst_kinds.moc"
