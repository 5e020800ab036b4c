#include "TestSupport.h"
#include "core/model/Scenario.h"
#include "core/run/CurlForRun.h"
#include "core/run/ScenarioRunner.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

/// Copy as cURL against the real thing: a request the engine sent to httpbin's /anything,
/// copied as a curl command and run by the real /usr/bin/curl through bash, must arrive the
/// same: method, URL, query, headers, body, form fields and files, as httpbin echoes them.
class TestThirdPartyCurl : public QObject
{
    Q_OBJECT

private:
    QString m_httpbin;
    QTemporaryDir m_dir;
    QString m_file;

    static QString s(const char *utf8) { return QString::fromUtf8(utf8); }

    /// Headers that one side adds by itself, whatever the command says: curl's Accept, and
    /// Accept-Language, Cache-Control and Pragma, which QNetworkAccessManager adds without
    /// the engine recording them in SentRequest (so Copy as cURL cannot know them), and
    /// Connection, which is about the transport.
    static QJsonObject comparableHeaders(QJsonObject headers)
    {
        for (const char *name :
            {"Accept", "Accept-Language", "Cache-Control", "Pragma", "Connection"})
            headers.remove(QString::fromLatin1(name));
        return headers;
    }

private slots:
    void initTestCase();
    void curlSendsWhatTheAppSent_data();
    void curlSendsWhatTheAppSent();
};

void TestThirdPartyCurl::initTestCase()
{
    m_httpbin = TestSupport::thirdPartyServers().value(s("HTTPBIN_URL"));
    QVERIFY2(!m_httpbin.isEmpty(),
        "httpbin is not running: run this test through ctest, whose fixture "
        "thirdparty_servers_start starts it.");
    QVERIFY(QFile::exists(s("/usr/bin/curl")));
    QVERIFY(m_dir.isValid());
    m_file = m_dir.filePath(s("report 'v2'.txt"));
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("line one\nline two \xe2\x9c\x93\n");
}

void TestThirdPartyCurl::curlSendsWhatTheAppSent_data()
{
    QTest::addColumn<HttpRequestSpec>("spec");
    const QString anything = m_httpbin + s("/anything");

    HttpRequestSpec get;
    get.url = anything + s("/items?fixed=1");
    get.query = {{s("q"), s("caf\u00e9 & cr\u00e8me=1+1")}, {s("tag"), s("a")}, {s("tag"), s("b")}};
    get.headers = {{s("X-Trace"), s("abc 'quoted' \"double\" $HOME")},
        {s("Authorization"), s("Bearer tok-123")}};
    QTest::newRow("GET with query and headers") << get;

    HttpRequestSpec json;
    json.method = s("POST");
    json.url = anything;
    json.bodyType = BodyType::Raw;
    json.rawContent = s(
        "{\n  \"name\": \"it's \\\"here\\\"\",\n  \"n\": 42,\n  \"caf\u00e9\": [true, null]\n}");
    QTest::newRow("POST JSON") << json;

    HttpRequestSpec form;
    form.method = s("POST");
    form.url = anything;
    form.bodyType = BodyType::UrlEncoded;
    form.urlEncodedFields
        = {{s("grant_type"), s("client_credentials")}, {s("client_secret"), s("s&cr=t +%")}};
    form.username = s("demo-client");
    form.password = s("demo secret");
    QTest::newRow("POST form with basic auth") << form;

    HttpRequestSpec multipart;
    multipart.method = s("POST");
    multipart.url = anything + s("/upload");
    multipart.bodyType = BodyType::Multipart;
    multipart.multipartFields = {MultipartField {s("title"), s("Caf\u00e9 \u2615"), {}, {}, {}},
        MultipartField {s("doc"), {}, m_file, s("report.txt"), s("text/plain")}};
    QTest::newRow("multipart with a file") << multipart;

    HttpRequestSpec binary;
    binary.method = s("PUT");
    binary.url = anything + s("/blob");
    binary.bodyType = BodyType::Raw;
    binary.rawContentType = s("application/octet-stream");
    binary.rawContent = s("\x01\x02 tab\there \x7f \u00ff\u20ac end\r\n");
    QTest::newRow("PUT binary-ish body") << binary;

    HttpRequestSpec nul;
    nul.method = s("PATCH");
    nul.url = anything + s("/nul");
    nul.bodyType = BodyType::Raw;
    nul.rawContentType = s("application/octet-stream");
    nul.rawContent = QString(QChar(0)) + s("a%b\\c'd") + QString(QChar(0));
    QTest::newRow("PATCH with NUL bytes") << nul;

    HttpRequestSpec del;
    del.method = s("DELETE");
    del.url = anything + s("/items/7");
    del.requestCompressed = false;
    QTest::newRow("DELETE without compression") << del;
}

void TestThirdPartyCurl::curlSendsWhatTheAppSent()
{
    QFETCH(HttpRequestSpec, spec);
    Module module;
    module.config = spec;
    Scenario scenario;
    scenario.addModule(module);
    ScenarioRunner runner;
    QSignalSpy finished(&runner, &ScenarioRunner::runFinished);
    runner.runAll(scenario);
    QVERIFY(finished.wait(30000));
    const ModuleRun run = runner.results().run(1);
    QVERIFY2(run.status == ModuleRunStatus::Succeeded, qPrintable(run.error));
    const QJsonObject byApp = run.output.value(s("data")).toObject();
    QVERIFY(!byApp.isEmpty());

    const QString command = CurlCommand::fromModuleRun(run, true);
    QProcess bash;
    bash.start(s("bash"), {s("-c"), command + s(" --silent --show-error")});
    QVERIFY(bash.waitForFinished(30000));
    QVERIFY2(bash.exitCode() == 0,
        qPrintable(command + s("\n") + QString::fromUtf8(bash.readAllStandardError())));
    QJsonParseError error;
    const QJsonObject byCurl
        = QJsonDocument::fromJson(bash.readAllStandardOutput(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(command));

    for (const char *key : {"method", "url", "args", "data", "form", "files", "json"}) {
        const QString k = QString::fromLatin1(key);
        QVERIFY2(byCurl.value(k) == byApp.value(k),
            qPrintable(s("%1 differs\ncommand:\n%2\napp:  %3\ncurl: %4")
                           .arg(k, command,
                               QString::fromUtf8(QJsonDocument(QJsonObject {{k, byApp.value(k)}})
                                                     .toJson(QJsonDocument::Compact)),
                               QString::fromUtf8(QJsonDocument(QJsonObject {{k, byCurl.value(k)}})
                                                     .toJson(QJsonDocument::Compact)))));
    }
    const QJsonObject appHeaders = comparableHeaders(byApp.value(s("headers")).toObject());
    const QJsonObject curlHeaders = comparableHeaders(byCurl.value(s("headers")).toObject());
    QVERIFY2(appHeaders == curlHeaders,
        qPrintable(
            s("headers differ\ncommand:\n%1\napp:  %2\ncurl: %3")
                .arg(command,
                    QString::fromUtf8(QJsonDocument(appHeaders).toJson(QJsonDocument::Compact)),
                    QString::fromUtf8(QJsonDocument(curlHeaders).toJson(QJsonDocument::Compact)))));
    // The user's own headers really are there (not merely equally absent).
    for (const NameValue &header : spec.headers)
        QVERIFY2(appHeaders.contains(header.name), qPrintable(header.name));
}

QTEST_GUILESS_MAIN(TestThirdPartyCurl)
#include "tst_thirdparty_curl.moc"
