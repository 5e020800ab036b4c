#include "TestSupport.h"
#include "core/io/MakeBlueprint.h"
#include "core/io/ScenarioFile.h"
#include "core/io/ScenarioOpener.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

QString fixture(const char *name)
{
    return QStringLiteral(SCENARIST_FIXTURES_DIR "/make-blueprints/") + QString::fromLatin1(name);
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

/// Every field of a module as lines, so that a test states exactly what the import gives.
QStringList describe(const Module &m)
{
    QStringList lines {QStringLiteral("module %1 %2 \u201c%3\u201d at %4,%5")
                           .arg(m.id)
                           .arg(m.type, m.label)
                           .arg(m.position.x())
                           .arg(m.position.y())};
    if (m.type != Module::httpRequestType()) {
        lines << s("foreign ") + m.foreign.value(s("module")).toString();
        return lines;
    }
    const HttpRequestSpec &c = m.config;
    lines << s("method ") + c.method << s("url ") + c.url;
    for (const NameValue &h : c.headers)
        lines << s("header ") + h.name + s(": ") + h.value;
    for (const NameValue &q : c.query)
        lines << s("query ") + q.name + s("=") + q.value;
    lines << s("body ") + HttpRequestSpec::bodyTypeKey(c.bodyType);
    if (c.bodyType == BodyType::Raw)
        lines << s("type ") + c.rawContentType << s("content ") + c.rawContent;
    for (const NameValue &f : c.urlEncodedFields)
        lines << s("field ") + f.name + s("=") + f.value;
    for (const MultipartField &f : c.multipartFields)
        lines << s("part ") + f.name + s("=") + f.value + s(" file=") + f.file;
    lines << QStringLiteral("parse %1 errors %2 timeout %3 redirects %4/%5 cookies %6 "
                            "verify %7 compressed %8 auth %9:%10 ca %11")
                 .arg(c.parseResponse)
                 .arg(c.errorOnHttpStatus)
                 .arg(c.timeoutSeconds)
                 .arg(c.followRedirects)
                 .arg(c.followAllRedirects)
                 .arg(c.shareCookies)
                 .arg(c.rejectUnverifiedCertificates)
                 .arg(c.requestCompressed)
                 .arg(c.username, c.password, c.caCertificate);
    return lines;
}

QStringList describe(const ScenarioDocument &doc)
{
    QStringList lines {s("name ") + doc.name};
    for (const Module &m : doc.modules)
        lines += describe(m);
    for (const Link &l : doc.links) {
        QString line = QStringLiteral("link %1>%2").arg(l.from).arg(l.to);
        if (!l.filter.isEmpty())
            line += QStringLiteral(" filter \u201c%1\u201d").arg(l.filter.name);
        if (l.fallback)
            line += s(" fallback");
        if (l.onError)
            line += s(" on error");
        lines << line;
    }
    return lines;
}

/// A blueprint imported as the editor and scenarist-run import it.
ScenarioDocument imported(const QJsonObject &blueprint, QStringList *report = nullptr)
{
    QString error;
    const std::optional<ScenarioDocument> doc
        = MakeBlueprint::importScenario(blueprint, report, &error);
    if (!doc)
        qFatal("the blueprint does not import: %s", qPrintable(error));
    return *doc;
}

const QString Defaults = s("parse 1 errors 1 timeout 40 redirects 1/0 cookies 0 verify 1 "
                           "compressed 1 auth : ca ");

/// One change to a module's configuration, by name, for the edited round trip.
void edit(HttpRequestSpec &c, const QString &field)
{
    if (field == QLatin1String("url"))
        c.url = s("https://changed.example/{{1.data.id}}");
    else if (field == QLatin1String("method"))
        c.method = s("PATCH");
    else if (field == QLatin1String("headers"))
        c.headers = {{s("X-One"), s("1")}, {s("Authorization"), s("Bearer {{1.data.token}}")}};
    else if (field == QLatin1String("query"))
        c.query = {{s("tag"), s("a")}, {s("tag"), s("b & c")}};
    else if (field == QLatin1String("raw json")) {
        c.bodyType = BodyType::Raw;
        c.rawContentType = s("application/json");
        c.rawContent = s("{\"a\": {{1.data.n}}}");
    } else if (field == QLatin1String("urlencoded")) {
        c.bodyType = BodyType::UrlEncoded;
        c.urlEncodedFields = {{s("grant_type"), s("client_credentials")}, {s("x"), s("y")}};
    } else if (field == QLatin1String("multipart")) {
        c.bodyType = BodyType::Multipart;
        c.multipartFields = {MultipartField {s("title"), s("T"), {}, {}, {}},
            MultipartField {s("doc"), {}, s("/tmp/a.pdf"), s("a.pdf"), {}}};
    } else if (field == QLatin1String("no body")) {
        c.bodyType = BodyType::None;
    } else if (field == QLatin1String("parseResponse"))
        c.parseResponse = !c.parseResponse;
    else if (field == QLatin1String("errorOnHttpStatus"))
        c.errorOnHttpStatus = !c.errorOnHttpStatus;
    else if (field == QLatin1String("timeout"))
        c.timeoutSeconds = 120;
    else if (field == QLatin1String("shareCookies"))
        c.shareCookies = !c.shareCookies;
    else if (field == QLatin1String("followRedirects"))
        c.followRedirects = !c.followRedirects;
    else if (field == QLatin1String("requestCompressed"))
        c.requestCompressed = !c.requestCompressed;
    else if (field == QLatin1String("raw xml")) {
        c.bodyType = BodyType::Raw;
        c.rawContentType = s("application/xml");
        c.rawContent = s("<a>{{1.x}}</a>");
    } else if (field == QLatin1String("basic auth")) {
        c.username = s("alice");
        c.password = s("secret");
    } else if (field == QLatin1String("ca"))
        c.caCertificate = s("/etc/ssl/ca.pem");
    else if (field == QLatin1String("rejectUnverified"))
        c.rejectUnverifiedCertificates = false;
    else if (field == QLatin1String("followAllRedirects"))
        c.followAllRedirects = true;
    else
        qFatal("unknown field %s", qPrintable(field));
}

} // namespace

class TestMakeBlueprint : public QObject
{
    Q_OBJECT

private slots:
    void importsFixtures_data();
    void importsFixtures();
    void roundTripKeepsEveryKey_data();
    void roundTripKeepsEveryKey();
    void editedFieldsSurviveExport_data();
    void editedFieldsSurviveExport();
    void newModulesExportAsTheRightVersion_data();
    void newModulesExportAsTheRightVersion();
    void placeholdersSaveAndRefuseToRun();
    void runsTheSandboxBlueprintInProcess();
    void scenaristRunRunsTheSandboxBlueprint();
    void refusesWhatIsNotABlueprint();
    void idsPastTheLargestAreRenumbered();
    void tooManyModulesAreRefused();
    void whatAScenarioCannotHoldStaysAsItCame_data();
    void whatAScenarioCannotHoldStaysAsItCame();
};

void TestMakeBlueprint::importsFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("report");

    QTest::newRow("v3 module") << fixture("make-export_v3_http-ActionSendData_module.json")
                               << QStringList {s("name Imported Make scenario"),
                                      s("module 1 http.request \u201c\u201d at 50,6"),
                                      s("method GET"),
                                      s("url https://data.ct.gov/resource/xfev-8smz.json"),
                                      s("query $where=dt_accept >= '2025-08-01T00:00:00'"),
                                      s("query $limit=1000"), s("query $offset={{6.i * 1000}}"),
                                      s("body none"), Defaults}
                               << QStringList {};
    QTest::newRow("v4 module")
        << fixture("make-export_v4_http-MakeRequest_module.json")
        << QStringList {s("name Imported Make scenario"),
               s("module 110 http.request \u201cStore quote link (rafter-quotes)\u201d "
                 "at 1590,-118"),
               s("method POST"),
               s("url https://rafter-materials-sync.will-8e8.workers.dev/store-quote-link"),
               s("header Authorization: Bearer <<PASTE-MAKE_STORE_TOKEN_SECRET-VALUE-HERE>>"),
               s("header Content-Type: application/json"), s("body raw"),
               s("type application/json"),
               s("content {\n  \"quote_ref\": \"{{1.quote_ref}}\",\n  \"client_uuid\": "
                 "\"{{34.client_uuid}}\",\n  \"sm8_job_uuid\": "
                 "\"{{3.headers.`x-record-uuid`}}\",\n  \"payload\": {{1.payload}}\n}"),
               Defaults}
        << QStringList {};
    QTest::newRow("webhook to HTTP")
        << fixture("make-official_webhook-to-http.blueprint.json")
        << QStringList {s("name Webhook to HTTP"),
               s("module 1 foreign \u201cgateway:CustomWebHook\u201d at 0,0"),
               s("foreign gateway:CustomWebHook"), s("module 2 http.request \u201c\u201d at 300,0"),
               s("method POST"), s("url https://api.example.com/leads"), s("body raw"),
               s("type application/json"),
               s("content {\"email\": \"{{1.email}}\", \"name\": \"{{1.name}}\"}"), Defaults,
               s("link 1>2")}
        << QStringList {s("Module 1 (gateway:CustomWebHook): belongs to another app; it stays a "
                          "placeholder that keeps its settings for export, and will not run.")};
    QTest::newRow("scheduled poll with a filter")
        << fixture("make-official_scheduled-http-poll.blueprint.json")
        << QStringList {s("name Scheduled status poll"),
               s("module 1 http.request \u201c\u201d at 0,0"), s("method GET"),
               s("url https://status.example.com/api/v2/status.json"), s("body none"), Defaults,
               s("module 2 http.request \u201c\u201d at 300,0"), s("method POST"),
               s("url https://api.example.com/alerts"), s("body raw"), s("type application/json"),
               s("content {\"message\": \"Status check degraded: {{1.data.status}}\", "
                 "\"checkedAt\": \"{{formatDate(now; \\\"YYYY-MM-DDTHH:mm:ssZ\\\")}}\"}"),
               Defaults, s("link 1>2 filter \u201cStatus is degraded\u201d")}
        << QStringList {};
    QTest::newRow("error handler")
        << fixture("make-official_error-handler-fallback.blueprint.json")
        << QStringList {s("name Error handler with logging"),
               s("module 1 foreign \u201cgateway:CustomWebHook\u201d at 0,0"),
               s("foreign gateway:CustomWebHook"), s("module 2 http.request \u201c\u201d at 300,0"),
               s("method POST"), s("url https://api.example.com/orders"), s("body raw"),
               s("type application/json"),
               s("content {\"orderId\": \"{{1.orderId}}\", \"amount\": {{1.amount}}}"), Defaults,
               // The error route: a request that logs the error, then Ignore.
               s("module 3 http.request \u201c\u201d at 600,300"), s("method POST"),
               s("url https://api.example.com/logs"), s("body raw"), s("type application/json"),
               s("content {\"level\": \"error\", \"message\": \"{{2.error.message}}\", "
                 "\"orderId\": \"{{1.orderId}}\"}"),
               s("parse 0 errors 1 timeout 40 redirects 1/0 cookies 0 verify 1 compressed 1 "
                 "auth : ca "),
               s("module 4 flow.ignore \u201c\u201d at 900,300"), s("foreign builtin:Ignore"),
               s("link 1>2"), s("link 2>3 on error"), s("link 3>4")}
        << QStringList {s("Module 1 (gateway:CustomWebHook): belongs to another app; it stays a "
                          "placeholder that keeps its settings for export, and will not run.")};
    QTest::newRow("sandbox v3 blueprint")
        << TestSupport::testDataPath(s("blueprints/sandbox-token-v3.blueprint.json"))
        << QStringList {s("name Sandbox token, then who am I (Make v3)"),
               s("module 1 http.request \u201cGet a token\u201d at 0,0"), s("method POST"),
               s("url http://127.0.0.1:8765/oauth/token"), s("body urlencoded"),
               s("field grant_type=client_credentials"), s("field client_id=demo-client"),
               s("field client_secret=demo-secret"), Defaults,
               s("module 2 http.request \u201cWho am I\u201d at 300,0"), s("method GET"),
               s("url http://127.0.0.1:8765/api/me"),
               s("header Authorization: {{1.data.token_type}} {{1.data.access_token}}"),
               s("body none"), Defaults, s("link 1>2")}
        << QStringList {};
    QTest::newRow("router, mTLS, pagination, connection, other versions")
        << TestSupport::testDataPath(s("blueprints/unsupported-features.blueprint.json"))
        << QStringList {s("name Unsupported features"),
               s("module 1 http.request \u201cBasic auth variant\u201d at 0,0"), s("method PUT"),
               s("url https://x.example/a"), s("body raw"), s("type text/plain"),
               s("content hello"),
               s("parse 0 errors 0 timeout 15 redirects 0/1 cookies 1 verify 0 "
                 "compressed 0 auth u:p ca PEM"),
               s("module 2 http.request \u201c\u201d at 300,0"), s("method GET"),
               s("url https://x.example/list"), s("body none"),
               s("parse 1 errors 0 timeout 40 redirects 1/0 cookies 0 verify 1 "
                 "compressed 1 auth : ca "),
               // The router and both its routes, the filter on the first.
               s("module 3 flow.router \u201cRoute by kind\u201d at 600,0"),
               s("foreign builtin:BasicRouter"),
               s("module 4 http.request \u201c\u201d at 900,-150"), s("method GET"),
               s("url https://x.example/a"), s("body none"), Defaults,
               s("module 5 flow.setVariables \u201c\u201d at 1200,-150"),
               s("foreign util:SetVariable2"), s("module 6 http.request \u201c\u201d at 900,150"),
               s("method POST"), s("url https://x.example/b"), s("body none"), Defaults,
               s("link 1>2"), s("link 2>3"), s("link 3>4 filter \u201cIs A\u201d"), s("link 4>5"),
               s("link 3>6")}
        << QStringList {
               s("Module 1 (http:ActionSendDataBasicAuth, \u201cBasic auth variant\u201d): "
                 "\u201cDisable serialization of multiple same query string keys as arrays\u201d "
                 "is on; Scenarist always sends repeated keys as they are. Kept for export."),
               s("Module 1 (http:ActionSendDataBasicAuth, \u201cBasic auth variant\u201d): "
                 "\u201cSerialize URL\u201d is on; Scenarist sends the URL as typed. Kept for "
                 "export."),
               s("Module 1 (http:ActionSendDataBasicAuth, \u201cBasic auth variant\u201d): uses "
                 "mutual TLS (a client certificate from a Make keychain), which Scenarist does "
                 "not support."),
               s("Module 1 (http:ActionSendDataBasicAuth, \u201cBasic auth variant\u201d): its "
                 "credentials are in a Make connection (keychain 4711), which cannot be "
                 "exported; enter them in the module (user name and password, or the API key "
                 "header)."),
               s("Module 2 (http:MakeRequest): fetches pages (\u201cpageBased\u201d): in its "
                 "Pagination settings, fill in the page parameter, which the blueprint does "
                 "not say."),
               s("Module 2 (http:MakeRequest): its authentication (\u201capiKey\u201d) uses a Make "
                 "connection 99, which cannot be exported; add the credentials as a header or "
                 "user name and password in the module."),
               s("Module 2 (http:MakeRequest): uses mutual TLS (a client certificate from a Make "
                 "keychain), which Scenarist does not support.")};
}

void TestMakeBlueprint::importsFixtures()
{
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, report);
    // Read from the file as the editor and scenarist-run read it.
    const ScenarioOpener::Opened opened = ScenarioOpener::open(file);
    QVERIFY2(opened.document, qPrintable(opened.error));
    QVERIFY(opened.isBlueprint);
    QCOMPARE(describe(*opened.document), expected);
    QCOMPARE(opened.report, report);
    // Ids never clash with those kept inside routers and error handlers.
    int largest = 0;
    const QString text = QString::fromUtf8(QJsonDocument(readJson(file)).toJson());
    const QRegularExpression idKey(s("\"id\": (\\d+)"));
    for (auto it = idKey.globalMatch(text); it.hasNext();)
        largest = std::max(largest, it.next().captured(1).toInt());
    QCOMPARE(opened.document->nextId, largest + 1);
}

void TestMakeBlueprint::roundTripKeepsEveryKey_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("v3 module") << fixture("make-export_v3_http-ActionSendData_module.json");
    QTest::newRow("v4 module") << fixture("make-export_v4_http-MakeRequest_module.json");
    QTest::newRow("webhook to HTTP") << fixture("make-official_webhook-to-http.blueprint.json");
    QTest::newRow("scheduled poll") << fixture("make-official_scheduled-http-poll.blueprint.json");
    QTest::newRow("error handler")
        << fixture("make-official_error-handler-fallback.blueprint.json");
    QTest::newRow("unsupported features")
        << TestSupport::testDataPath(s("blueprints/unsupported-features.blueprint.json"));
}

void TestMakeBlueprint::roundTripKeepsEveryKey()
{
    QFETCH(QString, file);
    const QJsonObject original = readJson(file);
    QVERIFY(!original.isEmpty());
    // Through the scenario file too: what the app saves must keep what export needs.
    QString error;
    const std::optional<ScenarioDocument> saved
        = ScenarioFile::parse(ScenarioFile::serialize(imported(original)), &error);
    QVERIFY2(saved, qPrintable(error));
    QStringList exportReport;
    const QJsonObject exported = MakeBlueprint::exportScenario(*saved, &exportReport);
    QVERIFY2(exportReport.isEmpty(), qPrintable(exportReport.join(QLatin1Char('\n'))));

    const QJsonArray originalFlow = original.contains(s("flow"))
        ? original.value(s("flow")).toArray()
        : QJsonArray {original};
    const QJsonArray flow = exported.value(s("flow")).toArray();
    QCOMPARE(flow.size(), originalFlow.size());
    for (qsizetype i = 0; i < flow.size(); ++i) {
        const QJsonObject a = originalFlow[i].toObject();
        const QJsonObject b = flow[i].toObject();
        QCOMPARE(b.keys(), a.keys());
        for (const QString &key : a.keys()) {
            if (key == QLatin1String("mapper")) {
                const QJsonObject ma = a.value(key).toObject();
                const QJsonObject mb = b.value(key).toObject();
                QCOMPARE(mb.keys(), ma.keys());
                for (const QString &field : ma.keys())
                    QVERIFY2(ma.value(field) == mb.value(field),
                        qPrintable(QStringLiteral("module %1, mapper.%2").arg(i + 1).arg(field)));
            }
            QVERIFY2(a.value(key) == b.value(key),
                qPrintable(QStringLiteral("module %1, key %2").arg(i + 1).arg(key)));
        }
    }
    if (original.contains(s("name")))
        QCOMPARE(exported.value(s("name")).toString(), original.value(s("name")).toString());
}

void TestMakeBlueprint::editedFieldsSurviveExport_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("expressible");
    const QString v3 = fixture("make-export_v3_http-ActionSendData_module.json");
    const QString v4 = fixture("make-export_v4_http-MakeRequest_module.json");
    QTest::addRow("v4 no body") << v4 << s("no body") << true;
    const QStringList both {s("url"), s("method"), s("headers"), s("query"), s("raw json"),
        s("urlencoded"), s("multipart"), s("parseResponse"), s("errorOnHttpStatus"), s("timeout"),
        s("shareCookies"), s("followRedirects"), s("requestCompressed"), s("raw xml")};
    const QStringList v3Only {
        s("basic auth"), s("ca"), s("rejectUnverified"), s("followAllRedirects")};
    for (const QString &field : both) {
        QTest::addRow("v3 %s", qPrintable(field)) << v3 << field << true;
        QTest::addRow("v4 %s", qPrintable(field)) << v4 << field << true;
    }
    for (const QString &field : v3Only) {
        QTest::addRow("v3 %s", qPrintable(field)) << v3 << field << true;
        QTest::addRow("v4 %s", qPrintable(field)) << v4 << field << false;
    }
}

void TestMakeBlueprint::editedFieldsSurviveExport()
{
    QFETCH(QString, file);
    QFETCH(QString, field);
    QFETCH(bool, expressible);
    ScenarioDocument doc = imported(readJson(file));
    QCOMPARE(doc.modules.size(), 1);
    const HttpRequestSpec before = doc.modules[0].config;
    edit(doc.modules[0].config, field);
    QVERIFY(doc.modules[0].config != before);
    QStringList report;
    const QJsonObject exported = MakeBlueprint::exportScenario(doc, &report);
    const ScenarioDocument back = imported(exported);
    QCOMPARE(back.modules.size(), 1);
    if (expressible) {
        QCOMPARE(describe(back.modules[0]), describe(doc.modules[0]));
        QVERIFY2(report.isEmpty(), qPrintable(report.join(QLatin1Char('\n'))));
    } else {
        QCOMPARE(describe(back.modules[0]), describe(imported(readJson(file)).modules[0]));
        QCOMPARE(report.size(), 1);
        QVERIFY2(report[0].contains(s("cannot be written in a Make v4 HTTP module")),
            qPrintable(report[0]));
    }
    // The module stays the kind it was.
    QCOMPARE(exported[s("flow")][0][s("module")], readJson(file).value(s("module")));
}

void TestMakeBlueprint::newModulesExportAsTheRightVersion_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("module");
    for (const char *field : {"url", "headers", "query", "raw json", "urlencoded", "multipart",
             "timeout", "errorOnHttpStatus", "requestCompressed"})
        QTest::newRow(field) << s(field) << s("http:MakeRequest");
    for (const char *field :
        {"raw xml", "basic auth", "ca", "rejectUnverified", "followAllRedirects"})
        QTest::newRow(field) << s(field) << s("http:ActionSendData");
}

void TestMakeBlueprint::newModulesExportAsTheRightVersion()
{
    QFETCH(QString, field);
    QFETCH(QString, module);
    ScenarioDocument doc;
    doc.name = s("Made here");
    Module m;
    m.id = 4;
    m.label = s("Mine");
    m.position = QPointF(12, 34);
    m.config.url = s("https://x.example/");
    edit(m.config, field);
    if (module == QLatin1String("http:ActionSendData"))
        m.config.errorOnHttpStatus = true; // v3's parameter, written for new modules
    doc.modules = {m};
    const QJsonObject exported = MakeBlueprint::exportScenario(doc);
    QCOMPARE(exported[s("name")].toString(), s("Made here"));
    QCOMPARE(exported[s("flow")][0][s("module")].toString(), module);
    QCOMPARE(exported[s("flow")][0][s("version")].toInt(),
        module == QLatin1String("http:MakeRequest") ? 4 : 3);
    const ScenarioDocument back = imported(exported);
    QCOMPARE(back.modules.size(), 1);
    Module expected = m;
    expected.foreign = back.modules[0].foreign;
    QCOMPARE(describe(back.modules[0]), describe(expected));
}

void TestMakeBlueprint::placeholdersSaveAndRefuseToRun()
{
    const ScenarioDocument doc
        = imported(readJson(fixture("make-official_webhook-to-http.blueprint.json")));
    QString error;
    const std::optional<ScenarioDocument> saved
        = ScenarioFile::parse(ScenarioFile::serialize(doc), &error);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(saved->modules, doc.modules);

    Scenario scenario;
    saved->applyTo(scenario);
    ScenarioRunner runner;
    QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
    runner.runAll(scenario);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), false);
    const ModuleRun placeholder = runner.results().run(1);
    QCOMPARE(placeholder.status, ModuleRunStatus::Failed);
    QVERIFY2(placeholder.error.contains(s("gateway:CustomWebHook"))
            && placeholder.error.contains(s("cannot run")),
        qPrintable(placeholder.error));
    QCOMPARE(runner.results().run(2).status, ModuleRunStatus::Skipped);
}

void TestMakeBlueprint::runsTheSandboxBlueprintInProcess()
{
    SandboxServer sandbox;
    QString error;
    QVERIFY2(sandbox.start(0, &error), qPrintable(error));
    QFile file(TestSupport::testDataPath(s("blueprints/sandbox-token-v3.blueprint.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text
        = file.readAll().replace("http://127.0.0.1:8765", sandbox.baseUrl().toString().toUtf8());
    QStringList report;
    const ScenarioDocument doc = imported(QJsonDocument::fromJson(text).object(), &report);
    QVERIFY2(report.isEmpty(), qPrintable(report.join(u'\n')));
    Scenario scenario;
    doc.applyTo(scenario);
    ScenarioRunner runner;
    QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
    runner.runAll(scenario);
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.first().first().toBool(),
        qPrintable(runner.results().run(1).error + runner.results().run(2).error));
    const QJsonObject me = runner.results().run(2).output.value(s("data")).toObject();
    QCOMPARE(me.value(s("client_id")).toString(), SandboxServer::demoClientId());
    QCOMPARE(sandbox.tokensIssued(), 1);
}

void TestMakeBlueprint::scenaristRunRunsTheSandboxBlueprint()
{
    const QString executable = QStringLiteral(SCENARIST_RUN_EXECUTABLE);
    if (!QFile::exists(executable))
        QSKIP("scenarist-run is not built in this build folder");
    // A free port for the sandbox, and a copy of the blueprint that points at it.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QTemporaryDir dir;
    QFile source(TestSupport::testDataPath(s("blueprints/sandbox-token-v3.blueprint.json")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QString path = dir.filePath(s("sandbox.blueprint.json"));
    QFile copy(path);
    QVERIFY(copy.open(QIODevice::WriteOnly));
    copy.write(source.readAll().replace("127.0.0.1:8765", "127.0.0.1:" + QByteArray::number(port)));
    copy.close();

    QProcess process;
    process.start(
        executable, {s("--sandbox-port"), QString::number(port), s("--output"), s("json"), path});
    QVERIFY(process.waitForFinished(30000));
    const QByteArray out = process.readAllStandardOutput();
    QVERIFY2(process.exitCode() == 0, out.constData());
    const QJsonObject report = QJsonDocument::fromJson(out).object();
    QCOMPARE(report.value(s("ok")).toBool(), true);
    const QJsonArray modules = report.value(s("modules")).toArray();
    QCOMPARE(modules.size(), 2);
    QCOMPARE(modules[0][s("status")].toString(), s("succeeded"));
    QCOMPARE(modules[1][s("status")].toString(), s("succeeded"));
    QCOMPARE(modules[1][s("label")].toString(), s("Who am I"));
    QCOMPARE(modules[1][s("output")][s("data")][s("client_id")].toString(), s("demo-client"));
    // The secret sent by module 1 stays masked in the report.
    QVERIFY(!out.contains("demo-secret"));
}

void TestMakeBlueprint::refusesWhatIsNotABlueprint()
{
    QTemporaryDir dir;
    const QString scenario = dir.filePath(s("a.scenario.json"));
    QFile file(scenario);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"scenarist-scenario\", \"version\": 1, \"modules\": []}");
    file.close();
    QVERIFY(!MakeBlueprint::isBlueprintFile(scenario));
    ScenarioOpener::Opened opened = ScenarioOpener::openBlueprint(scenario);
    QVERIFY(!opened.document);
    QVERIFY2(opened.error.contains(s("a.scenario.json is not a Make blueprint")),
        qPrintable(opened.error));
    opened = ScenarioOpener::openBlueprint(dir.filePath(s("missing.json")));
    QVERIFY(!opened.document);
    QVERIFY2(opened.error.contains(s("There is no file at")), qPrintable(opened.error));
    // A damaged file says where.
    const QString damaged = dir.filePath(s("damaged.blueprint.json"));
    QFile broken(damaged);
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"flow\": [\n  {\"id\": 1,, }]}");
    broken.close();
    opened = ScenarioOpener::openBlueprint(damaged);
    QVERIFY(!opened.document);
    QVERIFY2(opened.error.contains(s("damaged.blueprint.json is not valid JSON")),
        qPrintable(opened.error));
    QVERIFY2(opened.error.contains(s("line 2")), qPrintable(opened.error));
    QVERIFY(
        MakeBlueprint::isBlueprintFile(fixture("make-official_webhook-to-http.blueprint.json")));
}

// A blueprint's ids are anyone's numbers: what is imported must save and open again.
void TestMakeBlueprint::idsPastTheLargestAreRenumbered()
{
    const auto module = [](double id) {
        return QJsonObject {{s("id"), id}, {s("module"), s("http:MakeRequest")}, {s("version"), 4},
            {s("mapper"), QJsonObject {{s("url"), s("https://example.com/")}}}};
    };
    const QJsonObject blueprint {{s("name"), s("Large numbers")},
        {s("flow"),
            QJsonArray {module(Scenario::maxModuleId), module(2147483647.0), module(1e12)}}};
    QStringList report;
    const ScenarioDocument result = imported(blueprint, &report);
    QCOMPARE(result.modules.size(), 3);
    // The first keeps its number; the other two get free ones.
    QCOMPARE(result.modules.last().id, Scenario::maxModuleId);
    for (const Module &m : result.modules)
        QVERIFY2(m.id >= 1 && m.id <= Scenario::maxModuleId, qPrintable(QString::number(m.id)));
    QVERIFY2(
        report.join(u'\n').contains(s("had the number 2147483647, which a scenario cannot use; "
                                      "it was given the number")),
        qPrintable(report.join(u'\n')));
    QString error;
    const auto reopened = ScenarioFile::parse(ScenarioFile::serialize(result), &error);
    QVERIFY2(reopened, qPrintable(error));
    QCOMPARE(reopened->links.size(), 2);
}

void TestMakeBlueprint::tooManyModulesAreRefused()
{
    QJsonArray flow;
    for (int id = 1; id <= Scenario::maxModules + 1; ++id)
        flow.append(QJsonObject {{s("id"), id}, {s("module"), s("util:SetVariable2")}});
    QTemporaryDir dir;
    const QString path = dir.filePath(s("huge.blueprint.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(QJsonObject {{s("name"), s("Huge")}, {s("flow"), flow}})
                   .toJson(QJsonDocument::Compact));
    file.close();
    const ScenarioOpener::Opened opened = ScenarioOpener::open(path);
    QVERIFY(opened.isBlueprint);
    QVERIFY(!opened.document);
    QVERIFY2(opened.error.contains(s("holds 100,001 modules; a scenario may have at most 100,000")),
        qPrintable(opened.error));
}

void TestMakeBlueprint::whatAScenarioCannotHoldStaysAsItCame_data()
{
    QTest::addColumn<QByteArray>("module");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("says");
    QTest::newRow("unknown filter operator")
        << QByteArray(R"({"id": 2, "module": "http:MakeRequest", "version": 4, "parameters": {},
            "mapper": {"url": "https://b.example/"}, "filter": {"name": "F",
            "conditions": [[{"a": "{{1.data}}", "o": "text:eq", "b": "x"}]]}})")
        << s("http.request")
        << s("Module 2 (http:MakeRequest): its filter cannot be used in Scenarist (Condition 1 in "
             "group 1 of the filter ‘F’ has an unknown operator ‘text:eq’), so "
             "the module gets every bundle; the filter is kept for export.");
    QTest::newRow("repeater of a billion steps")
        << QByteArray(R"({"id": 2, "module": "builtin:BasicRepeater", "version": 1,
            "mapper": {"start": "1", "repeats": "1000000000", "step": "1"}})")
        << s("foreign")
        << s("Module 2 (builtin:BasicRepeater): its setting “repeats” must be a whole "
             "number from 1 to 10,000 (or a mapping such as {{1.count}}), but is 1000000000; it "
             "is a placeholder that keeps its settings for export, and will not run.");
    QTest::newRow("router without a route")
        << QByteArray(R"({"id": 2, "module": "builtin:BasicRouter", "version": 1,
            "routes": [{"flow": []}]})")
        << s("foreign")
        << s("Module 2 (builtin:BasicRouter): it has no route with a module in it; it is a "
             "placeholder that keeps its settings for export, and will not run.");
    QTest::newRow("line break in a content type")
        << QByteArray(R"({"id": 2, "module": "http:ActionSendData", "version": 3,
            "mapper": {"url": "https://b.example/", "method": "post", "bodyType": "raw",
            "contentType": "text/plain\r\nX-Injected: 1", "data": "x"}})")
        << s("foreign")
        << s("Module 2 (http:ActionSendData): its setting “body.contentType” must be on "
             "one line, but holds a line break; it goes into a header of the request, where a "
             "line break would start another header; it is a placeholder that keeps its "
             "settings for export, and will not run.");
}

// A blueprint comes from anyone: a module the scenario file would refuse keeps the rest of the
// blueprint out no more, it stays as it came (and export gives it back).
void TestMakeBlueprint::whatAScenarioCannotHoldStaysAsItCame()
{
    QFETCH(QByteArray, module);
    QFETCH(QString, type);
    QFETCH(QString, says);
    const QJsonObject blueprint = QJsonDocument::fromJson(R"({"name": "Odd", "flow": [
        {"id": 1, "module": "http:MakeRequest", "version": 4, "parameters": {},
            "mapper": {"url": "https://a.example/"}},
        )"
        + module + R"(,
        {"id": 3, "module": "http:MakeRequest", "version": 4, "parameters": {},
            "mapper": {"url": "https://c.example/"}}
        ]})")
                                      .object();
    QVERIFY(!blueprint.isEmpty());
    QStringList report;
    const ScenarioDocument doc = imported(blueprint, &report);
    QCOMPARE(report, QStringList {says});
    QCOMPARE(doc.modules.size(), 3);
    QCOMPARE(doc.modules.at(1).type, type);
    QCOMPARE(doc.modules.at(2).type, Module::httpRequestType());
    QCOMPARE(doc.modules.at(2).config.url, s("https://c.example/"));
    QCOMPARE(doc.links.size(), 2);
    for (const Link &link : doc.links)
        QVERIFY(link.isPlain());
    // Saved, opened again and exported: the blueprint as it was.
    QString error;
    const auto reopened = ScenarioFile::parse(ScenarioFile::serialize(doc), &error);
    QVERIFY2(reopened, qPrintable(error));
    QCOMPARE(MakeBlueprint::exportScenario(*reopened).value(s("flow")), blueprint.value(s("flow")));
}

QTEST_GUILESS_MAIN(TestMakeBlueprint)
#include "tst_makeblueprint.moc"
