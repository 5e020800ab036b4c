#include "core/io/ScenarioFile.h"
#include "core/model/JsonChecks.h"
#include "core/model/Scenario.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class TestScenarioFile : public QObject
{
    Q_OBJECT

private:
    /// JSON written with single quotes, so that test data reads without escapes.
    static QByteArray json(const char *singleQuoted)
    {
        return QByteArray(singleQuoted).replace('\'', '"');
    }

    static Module fullModule()
    {
        Module m;
        m.id = 3;
        m.label = QStringLiteral("Upload a file");
        m.position = QPointF(120.5, -40);
        m.note = QStringLiteral("A note\nwith two lines");
        HttpRequestSpec &c = m.config;
        c.method = QStringLiteral("PUT");
        c.url = QStringLiteral("https://api.example.com/items/{{1.data.id}}?x=1");
        c.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{1.data.token}}")},
            {QStringLiteral("X-Empty"), QString()}};
        c.query = {{QStringLiteral("tag"), QStringLiteral("a")},
            {QStringLiteral("tag"), QStringLiteral("b & c")}};
        c.bodyType = BodyType::Multipart;
        c.multipartFields = {MultipartField {QStringLiteral("title"),
                                 QStringLiteral("Caf\u00e9 \u2615"), {}, {}, {}},
            MultipartField {QStringLiteral("upload"), {}, QStringLiteral("/tmp/photo.png"),
                QStringLiteral("photo.png"), QStringLiteral("image/png")}};
        c.parseResponse = false;
        c.username = QStringLiteral("user");
        c.password = QStringLiteral("pass");
        c.timeoutSeconds = 300;
        c.followRedirects = false;
        c.followAllRedirects = true;
        c.shareCookies = true;
        c.errorOnHttpStatus = false;
        c.rejectUnverifiedCertificates = false;
        c.caCertificate
            = QStringLiteral("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        c.requestCompressed = false;
        return m;
    }

    static QByteArray minimalModuleFile(const QString &moduleJson)
    {
        return QString::fromUtf8(
            json("{'format': 'scenarist-scenario', 'version': 1, 'modules': [%1]}"))
            .arg(moduleJson)
            .toUtf8();
    }

private slots:
    void roundTripKeepsEveryField_data()
    {
        QTest::addColumn<int>("bodyType");
        QTest::newRow("none") << int(BodyType::None);
        QTest::newRow("raw") << int(BodyType::Raw);
        QTest::newRow("urlencoded") << int(BodyType::UrlEncoded);
        QTest::newRow("multipart") << int(BodyType::Multipart);
    }
    void roundTripKeepsEveryField()
    {
        QFETCH(int, bodyType);
        Module module = fullModule();
        module.config.bodyType = BodyType(bodyType);
        if (module.config.bodyType == BodyType::Raw) {
            module.config.rawContentType = QStringLiteral("application/xml");
            module.config.rawContent = QStringLiteral("<a>{{1.data.x}}</a>\n\t\"quoted\"");
        }
        if (module.config.bodyType == BodyType::UrlEncoded)
            module.config.urlEncodedFields
                = {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
        if (module.config.bodyType != BodyType::Multipart)
            module.config.multipartFields.clear();

        ScenarioDocument doc;
        doc.name = QStringLiteral("Round trip \u00e9");
        Module first;
        first.id = 1;
        first.config.url = QStringLiteral("http://127.0.0.1/token");
        doc.modules = {first, module};
        doc.links = {{1, 3}};
        doc.nextId = 7; // module 4..6 were deleted: their ids must stay retired

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.scenario.json"));
        QString error;
        QVERIFY2(ScenarioFile::save(doc, path, &error), qPrintable(error));
        const std::optional<ScenarioDocument> loaded = ScenarioFile::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->name, doc.name);
        QCOMPARE(loaded->modules.size(), 2);
        QCOMPARE(loaded->modules[1], module);
        QCOMPARE(loaded->modules[0], first);
        QCOMPARE(loaded->links, doc.links);
        QCOMPARE(loaded->nextId, 7);
        QVERIFY(loaded->warnings.isEmpty());

        // Saving what was loaded gives the same bytes: the key order is stable.
        QCOMPARE(ScenarioFile::serialize(*loaded), ScenarioFile::serialize(doc));
    }

    void fileIsReadableAndOrdered()
    {
        ScenarioDocument doc;
        Module m;
        m.id = 1;
        m.config.url = QStringLiteral("https://x.test/");
        m.config.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")}};
        doc.modules = {m};
        const QString text = QString::fromUtf8(ScenarioFile::serialize(doc));
        // Keys in the order of docs/scenario-file.md, one module per block, short pairs on one
        // line.
        QVERIFY(
            text.indexOf(QLatin1String("\"format\"")) < text.indexOf(QLatin1String("\"version\"")));
        QVERIFY(text.indexOf(QLatin1String("\"version\""))
            < text.indexOf(QLatin1String("\"modules\"")));
        QVERIFY(text.indexOf(QLatin1String("\"method\"")) < text.indexOf(QLatin1String("\"url\"")));
        QVERIFY(text.contains(
            QLatin1String("{\"name\": \"Accept\", \"value\": \"application/json\"}")));
        QVERIFY(text.contains(QLatin1String("\"position\": [0, 0]")));
        QVERIFY(!text.contains(QLatin1String("nextModuleId")));
    }

    void examplesLoad_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("form") << QStringLiteral("oauth2-client-credentials.scenario.json");
        QTest::newRow("json") << QStringLiteral("oauth2-client-credentials-json.scenario.json");
    }
    void examplesLoad()
    {
        QFETCH(QString, file);
        QString error;
        const auto doc = ScenarioFile::load(
            QStringLiteral(SCENARIST_SOURCE_DIR "/resources/examples/") + file, &error);
        QVERIFY2(doc, qPrintable(error));
        QVERIFY2(doc->warnings.isEmpty(), qPrintable(doc->warnings.join(QLatin1Char('\n'))));
        QCOMPARE(doc->modules.size(), 2);
        QCOMPARE(doc->modules[1].config.headers.first().value,
            QStringLiteral("{{1.data.token_type}} {{1.data.access_token}}"));
    }

    void missingKeysTakeDefaults()
    {
        QString error;
        const auto doc = ScenarioFile::parse(
            minimalModuleFile(QString::fromUtf8(
                json("{'id': 4, 'type': 'http.request', 'config': {'url': 'http://a'}}"))),
            &error);
        QVERIFY2(doc, qPrintable(error));
        const HttpRequestSpec defaults;
        QCOMPARE(doc->name, QStringLiteral("Untitled scenario"));
        QCOMPARE(doc->modules[0].config.method, QStringLiteral("GET"));
        QCOMPARE(doc->modules[0].config.timeoutSeconds, 40);
        QVERIFY(doc->modules[0].config.errorOnHttpStatus);
        QVERIFY(doc->modules[0].config.requestCompressed);
        QCOMPARE(doc->nextId, 5);
    }

    void unknownKeysAreIgnoredWithAWarning()
    {
        QString error;
        const auto doc = ScenarioFile::parse(
            minimalModuleFile(
                QString::fromUtf8(json("{'id': 2, 'type': 'http.request', 'colour': 'red', "
                                       "'config': {'url': 'http://a', 'retries': 3}}"))),
            &error);
        QVERIFY2(doc, qPrintable(error));
        QCOMPARE(doc->warnings.size(), 2);
        QVERIFY(doc->warnings.join(QLatin1Char(' ')).contains(QLatin1String("colour")));
        QVERIFY(doc->warnings.join(QLatin1Char(' ')).contains(QLatin1String("config.retries")));
        QVERIFY(doc->warnings.first().startsWith(QLatin1String("Module 2")));
    }

    void damagedFilesSayWhatAndWhere_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected"); // every part must be in the message

        const auto module
            = [](const QByteArray &json) { return minimalModuleFile(QString::fromUtf8(json)); };
        QTest::newRow("empty") << QByteArray("  \n") << QStringList {QStringLiteral("empty")};
        QTest::newRow("truncated")
            << QByteArray("{\"format\": \"scenarist-scenario\",\n \"version\": 1,\n \"modules\": [")
            << QStringList {QStringLiteral("not valid JSON"), QStringLiteral("line 3")};
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0",
            10) << QStringList {QStringLiteral("not valid JSON"), QStringLiteral("line 1")};
        QTest::newRow("array") << QByteArray("[1, 2]")
                               << QStringList {QStringLiteral("not a Scenarist scenario")};
        QTest::newRow("no format") << QByteArray("{\"version\": 1}")
                                   << QStringList {QStringLiteral("no \u201cformat\u201d")};
        QTest::newRow("make blueprint")
            << QByteArray("{\"name\": \"x\", \"flow\": [], \"metadata\": {}}")
            << QStringList {QStringLiteral("not a Scenarist scenario")};
        QTest::newRow("other format") << QByteArray("{\"format\": \"postman\", \"version\": 1}")
                                      << QStringList {QStringLiteral("\u201cpostman\u201d")};
        QTest::newRow("newer version")
            << QByteArray("{\"format\": \"scenarist-scenario\", \"version\": 3}")
            << QStringList {QStringLiteral("newer Scenarist"), QStringLiteral("version 3"),
                   QStringLiteral("Update")};
        QTest::newRow("version text")
            << QByteArray("{\"format\": \"scenarist-scenario\", \"version\": \"1\"}")
            << QStringList {QStringLiteral("\u201cversion\u201d"), QStringLiteral("text")};
        QTest::newRow("modules not a list")
            << QByteArray("{\"format\": \"scenarist-scenario\", \"version\": 1, \"modules\": {}}")
            << QStringList {
                   QStringLiteral("\u201cmodules\u201d"), QStringLiteral("must be a list")};
        QTest::newRow("module not object") << module(
            "42") << QStringList {QStringLiteral("modules[1]"), QStringLiteral("a number")};
        QTest::newRow("missing id")
            << module(json("{'type': 'http.request', 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("position 1"), QStringLiteral("\u201cid\u201d"),
                   QStringLiteral("missing")};
        QTest::newRow("negative id")
            << module(json("{'id': -3, 'type': 'http.request', 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("\u201cid\u201d"), QStringLiteral("whole number"),
                   QStringLiteral("-3")};
        QTest::newRow("fractional id")
            << module(json("{'id': 1.5, 'type': 'http.request', 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("\u201cid\u201d"), QStringLiteral("1.5")};
        QTest::newRow("duplicate id")
            << module(json("{'id': 1, 'type': 'http.request', 'config': {'url': ''}}, {'id': 1, "
                           "'label': 'Again', 'type': 'http.request', 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("Module 1 (\u201cAgain\u201d)"),
                   QStringLiteral("already has the number 1")};
        QTest::newRow("unknown type")
            << module(json("{'id': 5, 'type': 'gmail.send', 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("Module 5"), QStringLiteral("\u201cgmail.send\u201d"),
                   QStringLiteral("does not know")};
        QTest::newRow("missing type")
            << module(json("{'id': 5, 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("Module 5"), QStringLiteral("\u201ctype\u201d"),
                   QStringLiteral("missing")};
        QTest::newRow("missing config")
            << module(json("{'id': 2, 'type': 'http.request'}"))
            << QStringList {QStringLiteral("Module 2"), QStringLiteral("\u201cconfig\u201d"),
                   QStringLiteral("missing")};
        QTest::newRow("missing url")
            << module(json("{'id': 2, 'type': 'http.request', 'config': {}}"))
            << QStringList {QStringLiteral("Module 2"), QStringLiteral("config.url"),
                   QStringLiteral("missing")};
        QTest::newRow("url not text")
            << module(json("{'id': 2, 'type': 'http.request', 'config': {'url': 7}}"))
            << QStringList {QStringLiteral("config.url"), QStringLiteral("must be text"),
                   QStringLiteral("a number")};
        QTest::newRow("bad method")
            << module(json(
                   "{'id': 2, 'type': 'http.request', 'config': {'url': '', 'method': 'FETCH'}}"))
            << QStringList {QStringLiteral("config.method"), QStringLiteral("\u201cFETCH\u201d"),
                   QStringLiteral("GET")};
        QTest::newRow("headers not list") << module(json(
            "{'id': 2, 'type': 'http.request', 'config': {'url': '', 'headers': 'Accept: x'}}"))
                                          << QStringList {QStringLiteral("config.headers"),
                                                 QStringLiteral("must be a list")};
        QTest::newRow("header entry")
            << module(json("{'id': 2, 'type': 'http.request', 'config': {'url': '', 'headers': "
                           "[{'name': 'A', 'value': 'b'}, 'C: d']}}"))
            << QStringList {
                   QStringLiteral("config.headers[2]"), QStringLiteral("\u201cname\u201d")};
        QTest::newRow("header value type")
            << module(json("{'id': 2, 'type': 'http.request', 'config': {'url': '', 'headers': "
                           "[{'name': 'A', 'value': true}]}}"))
            << QStringList {
                   QStringLiteral("config.headers[1].value"), QStringLiteral("true/false")};
        QTest::newRow("body type") << module(json("{'id': 2, 'type': 'http.request', 'config': "
                                                  "{'url': '', 'body': {'type': 'graphql'}}}"))
                                   << QStringList {QStringLiteral("config.body.type"),
                                          QStringLiteral("\u201cgraphql\u201d")};
        QTest::newRow("multipart field")
            << module(json("{'id': 2, 'type': 'http.request', 'config': {'url': '', 'body': "
                           "{'type': 'multipart', 'fields': [null]}}}"))
            << QStringList {QStringLiteral("config.body.fields[1]"), QStringLiteral("null")};
        QTest::newRow("timeout range")
            << module(json("{'id': 9, 'label': 'Slow', 'type': 'http.request', 'config': {'url': "
                           "'', 'timeoutSeconds': 900}}"))
            << QStringList {QStringLiteral("Module 9 (\u201cSlow\u201d)"),
                   QStringLiteral("config.timeoutSeconds"), QStringLiteral("1 to 300"),
                   QStringLiteral("900")};
        QTest::newRow("bool as text") << module(json(
            "{'id': 2, 'type': 'http.request', 'config': {'url': '', 'followRedirects': 'yes'}}"))
                                      << QStringList {QStringLiteral("config.followRedirects"),
                                             QStringLiteral("true or false")};
        QTest::newRow("position") << module(
            json("{'id': 2, 'type': 'http.request', 'position': [1], 'config': {'url': ''}}"))
                                  << QStringList {QStringLiteral("Module 2"),
                                         QStringLiteral("position"), QStringLiteral("[x, y]")};
        QTest::newRow("link to missing module")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'modules': [{'id': 1, 'type': "
                    "'http.request', 'config': {'url': ''}}], 'links': [{'from': 1, 'to': 8}]}")
            << QStringList {QStringLiteral("links[1]"), QStringLiteral("module 8")};
        QTest::newRow("link to itself")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'modules': [{'id': 1, 'type': "
                    "'http.request', 'config': {'url': ''}}], 'links': [{'from': 1, 'to': 1}]}")
            << QStringList {QStringLiteral("links[1]"), QStringLiteral("module 1 to itself")};
        QTest::newRow("two-module circle")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'modules': [{'id': 1, 'label': "
                    "'Get token', 'type': 'http.request', 'config': {'url': ''}}, {'id': 2, "
                    "'type': 'http.request', 'config': {'url': ''}}], 'links': [{'from': 1, 'to': "
                    "2}, {'from': 2, 'to': 1}]}")
            << QStringList {QStringLiteral("\u201clinks\u201d"), QStringLiteral("circle"),
                   QStringLiteral(
                       "module 1 (\u201cGet token\u201d) \u2192 module 2 \u2192 module 1")};
        // The start (module 1) runs; modules 2, 3 and 4 wait for each other for ever.
        QTest::newRow("circle away from the start")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'modules': [{'id': 1, 'type': "
                    "'http.request', 'config': {'url': ''}}, {'id': 2, 'type': 'http.request', "
                    "'config': {'url': ''}}, {'id': 3, 'type': 'http.request', 'config': {'url': "
                    "''}}, {'id': 4, 'type': 'http.request', 'config': {'url': ''}}], 'links': "
                    "[{'from': 1, 'to': 2}, {'from': 4, 'to': 2}, {'from': 2, 'to': 3}, {'from': "
                    "3, 'to': 4}]}")
            << QStringList {
                   QStringLiteral("module 2 \u2192 module 3 \u2192 module 4 \u2192 module 2")};
        QTest::newRow("id too large")
            << module(json("{'id': 1000000001, 'type': 'http.request', 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("\u201cid\u201d"), QStringLiteral("1 to 1000000000")};
        QTest::newRow("id near INT_MAX")
            << module(json("{'id': 2147483647, 'type': 'http.request', 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("\u201cid\u201d"), QStringLiteral("1 to 1000000000")};
        QTest::newRow("nextModuleId too large")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'nextModuleId': 1000000002, "
                    "'modules': []}")
            << QStringList {
                   QStringLiteral("\u201cnextModuleId\u201d"), QStringLiteral("1 to 1000000001")};
        QTest::newRow("line break in raw content type") << module(
            json("{'id': 4, 'label': 'Send', 'type': 'http.request', 'config': {'url': '', 'body': "
                 "{'type': 'raw', 'contentType': 'text/plain\\r\\nX-Evil: 1', 'content': 'x'}}}"))
                                                        << QStringList {
                                                               QStringLiteral(
                                                                   "Module 4 (\u201cSend\u201d)"),
                                                               QStringLiteral(
                                                                   "config.body.contentType"),
                                                               QStringLiteral("line break")};
        QTest::newRow("line break in part content type")
            << module(json("{'id': 4, 'type': 'http.request', 'config': {'url': '', 'body': "
                           "{'type': 'multipart', 'fields': [{'name': 'f', 'file': 'a.txt', "
                           "'fileName': 'a.txt', 'contentType': 'text/plain\\nX-Evil: 1'}]}}}"))
            << QStringList {QStringLiteral("Module 4"),
                   QStringLiteral("config.body.fields[1].contentType"),
                   QStringLiteral("line break")};
        QTest::newRow("line break in part file name")
            << module(json("{'id': 4, 'type': 'http.request', 'config': {'url': '', 'body': "
                           "{'type': 'multipart', 'fields': [{'name': 'f', 'file': 'a.txt', "
                           "'fileName': 'a.txt\\r', 'contentType': 'text/plain'}]}}}"))
            << QStringList {QStringLiteral("Module 4"),
                   QStringLiteral("config.body.fields[1].fileName"), QStringLiteral("line break")};
        // Files are read module by module; a damaged list must still be found, and said as
        // reading the whole file says it.
        QTest::newRow("no comma between modules")
            << module(json("{'id': 1, 'type': 'http.request', 'config': {'url': ''}} {'id': 2, "
                           "'type': 'http.request', 'config': {'url': ''}}"))
            << QStringList {QStringLiteral("not valid JSON"), QStringLiteral("line 1")};
        QTest::newRow("comma after the last module")
            << module(json("{'id': 1, 'type': 'http.request', 'config': {'url': ''}},"))
            << QStringList {QStringLiteral("not valid JSON")};
        QTest::newRow("text after the scenario")
            << (module(json("{'id': 1, 'type': 'http.request', 'config': {'url': ''}}")) + " x")
            << QStringList {QStringLiteral("not valid JSON")};
        QTest::newRow("unterminated text in a module")
            << module(json("{'id': 1, 'type': 'http.request', 'config': {'url': '}}"))
            << QStringList {QStringLiteral("not valid JSON")};
        QTest::newRow("a mistake, then damaged JSON")
            << module(json(
                   "{'id': 1, 'type': 'gmail.send', 'config': {'url': ''}}, {'id': 2, 'type': ]"))
            << QStringList {QStringLiteral("not valid JSON")};
        QTest::newRow("link shape") << json(
            "{'format': 'scenarist-scenario', 'version': 1, 'modules': [], 'links': [[1, 2]]}")
                                    << QStringList {
                                           QStringLiteral("links[1]"), QStringLiteral("\"from\"")};
    }
    void damagedFilesSayWhatAndWhere()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        QString error;
        const auto doc = ScenarioFile::parse(bytes, &error);
        QVERIFY(!doc);
        for (const QString &part : expected)
            QVERIFY2(error.contains(part),
                qPrintable(QStringLiteral("\u201c%1\u201d not in: %2").arg(part, error)));
    }

    // A request's settings and another kind's settings are read by two readers: the same
    // mistake reads the same, because both say JsonChecks' words.
    void bothReadersSayTheSameWords_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QString>("words");
        QTest::newRow("text") << QByteArray(
            "{'id': 1, 'type': 'http.request', 'config': {'url': 5}}")
                              << QByteArray(
                                     "{'id': 1, 'type': 'flow.iterator', 'config': {'array': 5}}")
                              << JsonChecks::notText(QJsonValue(5));
        QTest::newRow("true or false")
            << QByteArray("{'id': 1, 'type': 'http.request', 'config': {'url': '', "
                          "'parseResponse': 'yes'}}")
            << QByteArray("{'id': 1, 'type': 'flow.arrayAggregator', 'config': {'source': 1, "
                          "'stopIfEmpty': 'yes'}}")
            << JsonChecks::notBoolean(QJsonValue(QStringLiteral("yes")));
        QTest::newRow("list")
            << QByteArray("{'id': 1, 'type': 'http.request', 'config': {'url': '', 'headers': {}}}")
            << QByteArray("{'id': 1, 'type': 'flow.setVariables', 'config': {'variables': {}}}")
            << JsonChecks::notList(QJsonObject());
        QString wrongItem;
        JsonChecks::nameValues(QJsonArray {5}, QStringLiteral("list"),
            [&wrongItem](const QString &, const QString &what) { wrongItem = what; });
        QTest::newRow("name and value")
            << QByteArray(
                   "{'id': 1, 'type': 'http.request', 'config': {'url': '', 'headers': [5]}}")
            << QByteArray("{'id': 1, 'type': 'flow.setVariables', 'config': {'variables': [5]}}")
            << wrongItem;
    }
    void bothReadersSayTheSameWords()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, kind);
        QFETCH(QString, words);
        QVERIFY(words.startsWith(QStringLiteral("must be ")));
        for (QByteArray module : {request, kind}) {
            const QByteArray bytes
                = "{\"format\": \"scenarist-scenario\", \"version\": 2, \"modules\": ["
                + module.replace('\'', '"') + "]}";
            QString error;
            QVERIFY(!ScenarioFile::parse(bytes, &error));
            QVERIFY2(error.endsWith(words), qPrintable(error));
        }
    }

    // Reading module by module gives what reading the whole file gives.
    void readingByModuleMatchesReadingWhole_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray one
            = json("{'id': 1, 'label': 'a \\\\ \\' [ { ,', 'type': 'http.request', 'config': "
                   "{'url': 'x', 'headers': [{'name': 'A', 'value': ']}'}]}}");
        const QByteArray two
            = json("{'id': 2, 'type': 'http.request', 'config': {'url': '', 'timeoutSeconds': 5}}");
        QTest::newRow("brackets and quotes in text")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'modules': [") + one + ", "
                + two + json("], 'links': [{'from': 1, 'to': 2}]}");
        QTest::newRow("modules first, spaces everywhere") << json(" \n{ 'modules' :\t[ ") + two
                + json(" ] , 'version' : 1 , 'format' : 'scenarist-scenario' } \n");
        QTest::newRow("key written with an escape")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'modul\\u0065s': [") + two
                + "]}";
        QTest::newRow("modules twice")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'modules': [") + one
                + json("], 'modules': [") + two + "]}";
        QTest::newRow("no modules")
            << json("{'format': 'scenarist-scenario', 'version': 1, 'modules': []}");
    }
    void readingByModuleMatchesReadingWhole()
    {
        QFETCH(QByteArray, bytes);
        QJsonParseError parseError;
        const QJsonDocument whole = QJsonDocument::fromJson(bytes, &parseError);
        QVERIFY2(
            parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
        QString error;
        const auto expected = ScenarioFile::fromJson(whole.object(), &error);
        QVERIFY2(expected, qPrintable(error));
        const auto read = ScenarioFile::parse(bytes, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(ScenarioFile::serialize(*read), ScenarioFile::serialize(*expected));
        QCOMPARE(read->warnings, expected->warnings);
        QVERIFY(!expected->modules.isEmpty() || bytes.contains("[]"));
    }

    void scenarioFilesAreToldFromBlueprintsWithoutReadingThemWhole()
    {
        QVERIFY(ScenarioFile::hasFormatKey(
            json("{'name': 'x', 'modules': [{'format': 1}], 'format': 'scenarist-scenario'}")));
        QVERIFY(!ScenarioFile::hasFormatKey(json("{'name': 'format', 'flow': [{'format': 'x'}]}")));
        QVERIFY(!ScenarioFile::hasFormatKey("[\"format\"]"));
    }

    void loadingAMissingFileSaysSo()
    {
        QString error;
        QVERIFY(!ScenarioFile::load(QStringLiteral("/nonexistent/x.scenario.json"), &error));
        QVERIFY(error.contains(QLatin1String("no file")));
    }

    void failedSaveSaysWhyAndKeepsThePreviousFile()
    {
        QTemporaryDir dir;
        QString error;
        ScenarioDocument doc;
        QVERIFY(!ScenarioFile::save(
            doc, dir.filePath(QStringLiteral("no/such/folder/a.scenario.json")), &error));
        QVERIFY2(error.contains(QLatin1String("Could not save")), qPrintable(error));

        // A save whose target cannot be replaced (here: a folder stands at the path) fails,
        // and what was there is untouched.
        const QString path = dir.filePath(QStringLiteral("taken.scenario.json"));
        QVERIFY(QDir().mkpath(path + QStringLiteral("/inside")));
        QVERIFY(!ScenarioFile::save(doc, path, &error));
        QVERIFY(QFileInfo(path + QStringLiteral("/inside")).isDir());
        // No temporary file is left behind next to it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }

    void scenarioIdsAreNeverReused()
    {
        Scenario scenario;
        const ModuleId a = scenario.addModule(Module {});
        const ModuleId b = scenario.addModule(Module {});
        QCOMPARE(a, 1);
        QCOMPARE(b, 2);
        scenario.removeModule(b);
        QCOMPARE(scenario.addModule(Module {}), 3);
        // Through a file too.
        ScenarioDocument doc = ScenarioDocument::fromScenario(scenario);
        scenario.removeModule(3);
        doc = ScenarioDocument::fromScenario(scenario);
        QString error;
        const auto loaded = ScenarioFile::parse(ScenarioFile::serialize(doc), &error);
        QVERIFY2(loaded, qPrintable(error));
        Scenario reopened;
        loaded->applyTo(reopened);
        QCOMPARE(reopened.addModule(Module {}), 4);
    }

    /// A chain of `count` modules 1 → 2 → … as a scenario file.
    static QByteArray chainFile(int count)
    {
        QByteArray bytes = "{\"format\": \"scenarist-scenario\", \"version\": 1, \"modules\": [";
        for (int id = 1; id <= count; ++id) {
            if (id > 1)
                bytes += ',';
            bytes += "{\"id\": " + QByteArray::number(id)
                + ", \"type\": \"http.request\", \"config\": {\"url\": \"http://127.0.0.1:1/\"}}";
        }
        bytes += "], \"links\": [";
        for (int id = 1; id < count; ++id) {
            if (id > 1)
                bytes += ',';
            bytes += "{\"from\": " + QByteArray::number(id)
                + ", \"to\": " + QByteArray::number(id + 1) + '}';
        }
        return bytes + "]}";
    }

    void largestScenarioLoadsInOrder()
    {
        // Loading used to take time in the square of the module count (minutes for this
        // file); the bound is generous, the figures are in docs/scenario-file-limits.md.
        QElapsedTimer clock;
        clock.start();
        QString error;
        const auto doc = ScenarioFile::parse(chainFile(Scenario::maxModules), &error);
        QVERIFY2(doc, qPrintable(error));
        Scenario scenario;
        doc->applyTo(scenario);
        const QList<ModuleId> order = scenario.runOrder();
        QCOMPARE(order.size(), Scenario::maxModules);
        for (int i = 0; i < order.size(); ++i)
            QCOMPARE(order.at(i), i + 1);
        QCOMPARE(scenario.findModule(Scenario::maxModules)->id, Scenario::maxModules);
        QVERIFY2(clock.elapsed() < 60000, qPrintable(QString::number(clock.elapsed())));
        // Full: one more module is refused, with the reason.
        QString why;
        QVERIFY(!scenario.canAddModules(1, &why));
        QVERIFY2(why.contains(QLatin1String("100,000")), qPrintable(why));
        QCOMPARE(scenario.addModule(Module {}), 0);
        QCOMPARE(scenario.modules().size(), Scenario::maxModules);
    }

    void tooManyModulesAreRefused()
    {
        QString error;
        QVERIFY(!ScenarioFile::parse(chainFile(Scenario::maxModules + 1), &error));
        QVERIFY2(error.contains(QLatin1String("100,001 modules"))
                && error.contains(QLatin1String("at most 100,000")),
            qPrintable(error));
    }

    void largestIdLoadsButNoModuleIsAddedPastIt()
    {
        QString error;
        const auto doc = ScenarioFile::parse(
            minimalModuleFile(QString::fromUtf8(json("{'id': 1000000000, 'label': 'Last', 'type': "
                                                     "'http.request', 'config': {'url': ''}}"))),
            &error);
        QVERIFY2(doc, qPrintable(error));
        Scenario scenario;
        doc->applyTo(scenario);
        QString why;
        QVERIFY(!scenario.canAddModules(1, &why));
        QVERIFY2(why.contains(QLatin1String("1,000,000,000")), qPrintable(why));
        QCOMPARE(scenario.addModule(Module {}), 0);
        QCOMPARE(scenario.modules().size(), 1);

        // What is saved opens again, also after the last module was deleted (then the file
        // keeps nextModuleId past the largest id, so that the number is not reused).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("last.scenario.json"));
        QVERIFY2(ScenarioFile::save(ScenarioDocument::fromScenario(scenario), path, &error),
            qPrintable(error));
        auto reopened = ScenarioFile::load(path, &error);
        QVERIFY2(reopened, qPrintable(error));
        QCOMPARE(reopened->modules.first().label, QStringLiteral("Last"));
        scenario.removeModule(1000000000);
        QVERIFY(ScenarioFile::save(ScenarioDocument::fromScenario(scenario), path, &error));
        reopened = ScenarioFile::load(path, &error);
        QVERIFY2(reopened, qPrintable(error));
        Scenario again;
        reopened->applyTo(again);
        QCOMPARE(again.addModule(Module {}), 0);
    }

    void linksThatCloseACircleAreRefused()
    {
        Scenario s;
        for (int i = 0; i < 3; ++i)
            s.addModule(Module {});
        QVERIFY(s.link(1, 2));
        QVERIFY(s.link(2, 3));
        QVERIFY(!s.link(3, 1));
        QVERIFY(!s.link(2, 2));
        QCOMPARE(s.links().size(), 2);
        // So what the app saves opens again.
        QString error;
        QVERIFY2(
            ScenarioFile::parse(ScenarioFile::serialize(ScenarioDocument::fromScenario(s)), &error),
            qPrintable(error));
    }

    void runOrderFollowsLinks()
    {
        Scenario s;
        for (int i = 0; i < 4; ++i)
            s.addModule(Module {});
        QCOMPARE(s.runOrder(), (QList<ModuleId> {1, 2, 3, 4}));
        s.link(3, 1);
        s.link(1, 2);
        s.link(4, 3);
        QCOMPARE(s.runOrder(), (QList<ModuleId> {4, 3, 1, 2}));
        QCOMPARE(s.modulesBefore(1), (QList<ModuleId> {4, 3}));
        s.removeModule(3);
        QCOMPARE(s.links().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestScenarioFile)
#include "tst_scenariofile.moc"
