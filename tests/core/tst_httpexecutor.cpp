#include "TestHttpServer.h"
#include "core/run/HttpExecutor.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using Response = TestHttpServer::Response;
using Request = TestHttpServer::Request;

Q_DECLARE_METATYPE(HttpExchange)

namespace {

HttpRequestSpec getSpec(const QUrl &url)
{
    HttpRequestSpec spec;
    spec.url = url.toString();
    spec.timeoutSeconds = 10;
    return spec;
}

QList<NameValue> pairs(std::initializer_list<std::pair<const char *, const char *>> list)
{
    QList<NameValue> out;
    for (const auto &p : list)
        out.append({QString::fromUtf8(p.first), QString::fromUtf8(p.second)});
    return out;
}

} // namespace

class TestHttpExecutor : public QObject
{
    Q_OBJECT

private:
    /// Runs `spec` to the end and returns what finished() delivered.
    HttpExchange run(const HttpRequestSpec &spec, QNetworkCookieJar *jar = nullptr,
        qint64 maxResponseBytes = 0, const QStringList &secretValues = {},
        const FileAccessPolicy *policy = nullptr);
    QNetworkAccessManager m_network;

private slots:
    void initTestCase();

    void method_data();
    void method();
    void query_data();
    void query();
    void headersAreSentInOrderAsTyped();
    void sentRequestMatchesTheWire();
    void userAgent_data();
    void userAgent();
    void basicAuth_data();
    void basicAuth();

    void rawBody_data();
    void rawBody();
    void urlEncodedBody_data();
    void urlEncodedBody();
    void multipartBody();
    void multipartMissingFileFails();

    void compression_data();
    void compression();
    void timeoutCoversTheWholeRequest();

    void redirects_data();
    void redirects();
    void redirectLimit_data();
    void redirectLimit();
    void redirectDropsSecrets_data();
    void redirectDropsSecrets();
    void aBodyWithASecretDoesNotFollowToAnotherPlace();
    void lineBreaksAreRefused_data();
    void lineBreaksAreRefused();
    void lineBreaksAreEncoded_data();
    void lineBreaksAreEncoded();
    void refusedFileSendsNothing_data();
    void refusedFileSendsNothing();

    void cookiesBetweenExecutions_data();
    void cookiesBetweenExecutions();
    void cookiesCarryAcrossRedirects();

    void httpStatus_data();
    void httpStatus();
    void parseResponse_data();
    void parseResponse();
    void largeJsonIsParsed();
    void invalidUtf8IsReplacedWithWarning();

    void invalidUrl_data();
    void invalidUrl();
    void networkFailures_data();
    void networkFailures();
    void responseTooLarge_data();
    void responseTooLarge();

    void outputBundle();
    void cancelStopsWithoutFinished();
    void deletingMidRequestIsSafe();
};

HttpExchange TestHttpExecutor::run(const HttpRequestSpec &spec, QNetworkCookieJar *jar,
    qint64 maxResponseBytes, const QStringList &secretValues, const FileAccessPolicy *policy)
{
    HttpExecutor executor(&m_network);
    if (maxResponseBytes > 0)
        executor.setMaxResponseBytes(maxResponseBytes);
    executor.setSecretValues(secretValues);
    if (policy)
        executor.setFileAccessPolicy(*policy);
    QSignalSpy spy(&executor, &HttpExecutor::finished);
    executor.execute(spec, jar);
    if (spy.isEmpty())
        spy.wait(20000);
    if (spy.size() != 1) {
        qWarning("finished() was emitted %d times", int(spy.size()));
        return HttpExchange();
    }
    return spy.at(0).at(0).value<HttpExchange>();
}

void TestHttpExecutor::initTestCase()
{
    qRegisterMetaType<HttpExchange>();
}

void TestHttpExecutor::method_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("withBody");
    for (const QString &method : HttpRequestSpec::methods()) {
        QTest::newRow(qPrintable(method)) << method << false;
        if (method != QLatin1String("HEAD"))
            QTest::newRow(qPrintable(method + QStringLiteral(" with body"))) << method << true;
    }
}

void TestHttpExecutor::method()
{
    QFETCH(QString, method);
    QFETCH(bool, withBody);
    TestHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const Request &) { return Response::text("answer"); });

    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/m")));
    spec.method = method;
    if (withBody) {
        spec.bodyType = BodyType::Raw;
        spec.rawContentType = QStringLiteral("text/plain");
        spec.rawContent = QStringLiteral("payload");
    }
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(server.lastRequest().method, method.toLatin1());
    QCOMPARE(server.lastRequest().body, withBody ? QByteArray("payload") : QByteArray());
    QCOMPARE(ex.statusCode, 200);
    QCOMPARE(ex.sent.method, method.toLatin1());
    // HEAD answers carry no body even though the server announced one.
    QCOMPARE(
        ex.data.toString(), method == QLatin1String("HEAD") ? QString() : QStringLiteral("answer"));
}

void TestHttpExecutor::query_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QList<NameValue>>("query");
    QTest::addColumn<QByteArray>("expectedTarget");

    QTest::newRow("plain") << "/q" << pairs({{"a", "1"}, {"b", "2"}}) << QByteArray("/q?a=1&b=2");
    QTest::newRow("appended to the URL's own query")
        << "/q?x=1+2&y=%2B" << pairs({{"a", "b"}}) << QByteArray("/q?x=1+2&y=%2B&a=b");
    QTest::newRow("repeated keys kept in order")
        << "/q" << pairs({{"k", "1"}, {"other", "x"}, {"k", "2"}})
        << QByteArray("/q?k=1&other=x&k=2");
    QTest::newRow("plus ampersand equals space")
        << "/q" << pairs({{"v", "a+b&c=d e"}}) << QByteArray("/q?v=a%2Bb%26c%3Dd%20e");
    QTest::newRow("slash, percent, hash, question mark")
        << "/q" << pairs({{"p", "a/b%20c#d?e"}}) << QByteArray("/q?p=a%2Fb%2520c%23d%3Fe");
    QTest::newRow("non-ASCII as UTF-8")
        << "/q" << pairs({{"név", "€ ü"}}) << QByteArray("/q?n%C3%A9v=%E2%82%AC%20%C3%BC");
    QTest::newRow("empty name skipped, empty value kept")
        << "/q" << pairs({{"", "x"}, {"a", ""}}) << QByteArray("/q?a=");
    QTest::newRow("no query") << "/q" << QList<NameValue>() << QByteArray("/q");
}

void TestHttpExecutor::query()
{
    QFETCH(QString, path);
    QFETCH(QList<NameValue>, query);
    QFETCH(QByteArray, expectedTarget);
    TestHttpServer server;
    QVERIFY(server.listen());

    HttpRequestSpec spec = getSpec(server.url(path));
    spec.query = query;
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QCOMPARE(server.lastRequest().target, expectedTarget);
    QCOMPARE(ex.sent.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority), expectedTarget);
}

void TestHttpExecutor::headersAreSentInOrderAsTyped()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    HttpRequestSpec spec = getSpec(server.url());
    spec.headers = pairs(
        {{"X-Zulu", "last letter"}, {"", "ignored row"}, {"x-alpha", "Mixed Case, with comma"},
            {"Accept", "application/json"}, {"X-Utf8", "héllo"}});
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));

    const Request request = server.lastRequest();
    QList<QByteArray> typed;
    for (const auto &h : request.headers) {
        if (h.first.startsWith("X-") || h.first.startsWith("x-") || h.first == "Accept")
            typed.append(h.first);
    }
    QCOMPARE(typed, (QList<QByteArray> {"X-Zulu", "x-alpha", "Accept", "X-Utf8"}));
    QCOMPARE(request.header("x-alpha"), QByteArray("Mixed Case, with comma"));
    QCOMPARE(request.header("X-Utf8"), QByteArray("h\xc3\xa9llo"));
    QVERIFY(!request.raw.contains("ignored row"));
}

void TestHttpExecutor::sentRequestMatchesTheWire()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    server.route("/set", [] {
        Response r = Response::text("set");
        r.withHeader("Set-Cookie", "id=42; Path=/");
        return r;
    }());
    QNetworkCookieJar jar;
    HttpRequestSpec first = getSpec(server.url(QStringLiteral("/set")));
    first.shareCookies = true;
    QVERIFY(run(first, &jar).ok());

    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/post")));
    spec.method = QStringLiteral("POST");
    spec.shareCookies = true;
    spec.query = pairs({{"q", "1 2"}});
    spec.headers = pairs({{"X-One", "1"}});
    spec.username = QStringLiteral("user");
    spec.password = QStringLiteral("pass");
    spec.bodyType = BodyType::Raw;
    spec.rawContent = QStringLiteral("{\"a\":1}");
    const HttpExchange ex = run(spec, &jar);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));

    const Request request = server.lastRequest();
    QCOMPARE(ex.sent.method, QByteArray("POST"));
    QCOMPARE(ex.sent.url, server.url(QStringLiteral("/post?q=1%202")));
    QCOMPARE(ex.sent.body, request.body);
    QStringList sentNames;
    for (const RawHeader &h : ex.sent.headers) {
        sentNames.append(QString::fromLatin1(h.first.toLower()));
        QVERIFY2(request.hasHeader(h.first), h.first.constData());
        QCOMPARE(request.header(h.first), h.second);
    }
    for (const char *name : {"user-agent", "authorization", "content-type", "content-length",
             "cookie", "accept-encoding", "x-one"}) {
        QVERIFY2(sentNames.contains(QLatin1String(name)), name);
    }
}

void TestHttpExecutor::userAgent_data()
{
    QTest::addColumn<QList<NameValue>>("headers");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("default") << QList<NameValue>() << QByteArray("Scenarist/0.1");
    QTest::newRow("user's own") << pairs({{"user-agent", "MyBot/2"}}) << QByteArray("MyBot/2");
}

void TestHttpExecutor::userAgent()
{
    QFETCH(QList<NameValue>, headers);
    QFETCH(QByteArray, expected);
    TestHttpServer server;
    QVERIFY(server.listen());
    HttpRequestSpec spec = getSpec(server.url());
    spec.headers = headers;
    QVERIFY(run(spec).ok());
    QCOMPARE(server.lastRequest().header("User-Agent"), expected);
    int count = 0;
    for (const auto &h : server.lastRequest().headers)
        count += h.first.compare("user-agent", Qt::CaseInsensitive) == 0 ? 1 : 0;
    QCOMPARE(count, 1);
}

void TestHttpExecutor::basicAuth_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QList<NameValue>>("headers");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("none") << QString() << QString() << QList<NameValue>() << QByteArray();
    QTest::newRow("user and password")
        << "demo-client"
        << "demo-secret" << QList<NameValue>()
        << QByteArray("Basic ") + QByteArray("demo-client:demo-secret").toBase64();
    QTest::newRow("colon and UTF-8 in password")
        << "u"
        << "p:ä" << QList<NameValue>()
        << QByteArray("Basic ") + QByteArray("u:p:\xc3\xa4").toBase64();
    QTest::newRow("user's Authorization header wins")
        << "u"
        << "p" << pairs({{"Authorization", "Bearer abc"}}) << QByteArray("Bearer abc");
}

void TestHttpExecutor::basicAuth()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QList<NameValue>, headers);
    QFETCH(QByteArray, expected);
    TestHttpServer server;
    QVERIFY(server.listen());
    // Even a 401 with a Basic challenge must not make the request wait for a prompt.
    server.setHandler([](const Request &) {
        Response r = Response::json("{\"error\":\"nope\"}", 401);
        r.withHeader("WWW-Authenticate", "Basic realm=\"x\"");
        return r;
    });
    HttpRequestSpec spec = getSpec(server.url());
    spec.username = username;
    spec.password = password;
    spec.headers = headers;
    const HttpExchange ex = run(spec);
    QCOMPARE(ex.statusCode, 401);
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(server.lastRequest().header("Authorization"), expected);
}

void TestHttpExecutor::rawBody_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QList<NameValue>>("headers");
    QTest::addColumn<QByteArray>("expectedBody");
    QTest::addColumn<QByteArray>("expectedContentType");

    const QString json = QStringLiteral(
        "{\"grant_type\":\"client_credentials\",\"scope\":\"a b+c\",\"note\":\"é €\\n\"}");
    QTest::newRow("JSON") << "POST"
                          << "application/json" << json << QList<NameValue>() << json.toUtf8()
                          << QByteArray("application/json");
    QTest::newRow("text/xml") << "PUT"
                              << "text/xml"
                              << "<a x=\"1\">\r\n  <b/>\n</a>" << QList<NameValue>()
                              << QByteArray("<a x=\"1\">\r\n  <b/>\n</a>")
                              << QByteArray("text/xml");
    QTest::newRow("custom content type")
        << "PATCH"
        << "application/vnd.example+json; charset=utf-8"
        << "[1]" << QList<NameValue>() << QByteArray("[1]")
        << QByteArray("application/vnd.example+json; charset=utf-8");
    QTest::newRow("user's Content-Type header wins")
        << "POST"
        << "application/json"
        << "x=1" << pairs({{"content-type", "text/plain"}}) << QByteArray("x=1")
        << QByteArray("text/plain");
    QTest::newRow("GET with a body") << "GET"
                                     << "text/plain"
                                     << "body of a GET" << QList<NameValue>()
                                     << QByteArray("body of a GET") << QByteArray("text/plain");
    QTest::newRow("empty content")
        << "POST"
        << "application/json"
        << "" << QList<NameValue>() << QByteArray() << QByteArray("application/json");
}

void TestHttpExecutor::rawBody()
{
    QFETCH(QString, method);
    QFETCH(QString, contentType);
    QFETCH(QString, content);
    QFETCH(QList<NameValue>, headers);
    QFETCH(QByteArray, expectedBody);
    QFETCH(QByteArray, expectedContentType);
    TestHttpServer server;
    QVERIFY(server.listen());

    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/raw")));
    spec.method = method;
    spec.headers = headers;
    spec.bodyType = BodyType::Raw;
    spec.rawContentType = contentType;
    spec.rawContent = content;
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    const Request request = server.lastRequest();
    QCOMPARE(request.method, method.toLatin1());
    QCOMPARE(request.body, expectedBody);
    QCOMPARE(request.header("Content-Type"), expectedContentType);
    QCOMPARE(request.header("Content-Length"), QByteArray::number(expectedBody.size()));
    QCOMPARE(ex.sent.body, expectedBody);
}

void TestHttpExecutor::urlEncodedBody_data()
{
    QTest::addColumn<QList<NameValue>>("fields");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("client credentials")
        << pairs({{"grant_type", "client_credentials"}, {"client_id", "demo-client"},
               {"scope", "read write"}})
        << QByteArray("grant_type=client_credentials&client_id=demo-client&scope=read%20write");
    QTest::newRow("special characters")
        << pairs({{"secret", "a+b&c=d%e"}, {"k y", "~-._*!'()"}})
        << QByteArray("secret=a%2Bb%26c%3Dd%25e&k%20y=~-._%2A%21%27%28%29");
    QTest::newRow("non-ASCII and line breaks")
        << pairs({{"ünï", "€\r\n"}}) << QByteArray("%C3%BCn%C3%AF=%E2%82%AC%0D%0A");
    QTest::newRow("repeated names, empty row skipped")
        << pairs({{"a", "1"}, {"", "zzz"}, {"a", "2"}}) << QByteArray("a=1&a=2");
}

void TestHttpExecutor::urlEncodedBody()
{
    QFETCH(QList<NameValue>, fields);
    QFETCH(QByteArray, expected);
    TestHttpServer server;
    QVERIFY(server.listen());
    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/token")));
    spec.method = QStringLiteral("POST");
    spec.bodyType = BodyType::UrlEncoded;
    spec.urlEncodedFields = fields;
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QCOMPARE(server.lastRequest().body, expected);
    QCOMPARE(server.lastRequest().header("Content-Type"),
        QByteArray("application/x-www-form-urlencoded"));
}

void TestHttpExecutor::multipartBody()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray fileBytes("\x89PNG\r\n\x1a\n\0\x01binary\r\n--not-a-boundary\xff", 32);
    const QString path = dir.filePath(QStringLiteral("picture.png"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(fileBytes);
    }
    const QString textPath = dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile file(textPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("plain notes\n");
    }

    TestHttpServer server;
    QVERIFY(server.listen());
    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/upload")));
    spec.method = QStringLiteral("POST");
    spec.bodyType = BodyType::Multipart;
    MultipartField text;
    text.name = QStringLiteral("title");
    text.value = QStringLiteral("Hello\r\nwörld");
    MultipartField file;
    file.name = QStringLiteral("upload");
    file.file = path;
    file.fileName = QStringLiteral("my \"photo\".png");
    file.contentType = QStringLiteral("image/png");
    MultipartField guessed;
    guessed.name = QStringLiteral("notes");
    guessed.file = textPath;
    spec.multipartFields = {text, file, guessed};
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));

    const Request request = server.lastRequest();
    const QByteArray contentType = request.header("Content-Type");
    QVERIFY2(contentType.startsWith("multipart/form-data; boundary="), contentType.constData());
    const QByteArray boundary = contentType.mid(contentType.indexOf('=') + 1);
    QVERIFY(boundary.size() >= 20);
    QVERIFY(!fileBytes.contains(boundary));

    QByteArray expected;
    expected += "--" + boundary + "\r\n";
    expected += "Content-Disposition: form-data; name=\"title\"\r\n\r\n";
    expected += "Hello\r\nw\xc3\xb6rld\r\n";
    expected += "--" + boundary + "\r\n";
    expected += "Content-Disposition: form-data; name=\"upload\"; "
                "filename=\"my %22photo%22.png\"\r\n";
    expected += "Content-Type: image/png\r\n\r\n";
    expected += fileBytes + "\r\n";
    expected += "--" + boundary + "\r\n";
    expected += "Content-Disposition: form-data; name=\"notes\"; filename=\"notes.txt\"\r\n";
    expected += "Content-Type: text/plain\r\n\r\n";
    expected += "plain notes\n\r\n";
    expected += "--" + boundary + "--\r\n";
    QCOMPARE(request.body, expected);
    QCOMPARE(ex.sent.body, expected);
}

void TestHttpExecutor::multipartMissingFileFails()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    HttpRequestSpec spec = getSpec(server.url());
    spec.method = QStringLiteral("POST");
    spec.bodyType = BodyType::Multipart;
    MultipartField file;
    file.name = QStringLiteral("upload");
    file.file = QStringLiteral("/nonexistent/dir/report.pdf");
    spec.multipartFields = {file};
    const HttpExchange ex = run(spec);
    QVERIFY(!ex.ok());
    QVERIFY2(ex.errorMessage.contains(QLatin1String("/nonexistent/dir/report.pdf")),
        qPrintable(ex.errorMessage));
    QCOMPARE(server.requestCount(), 0);
}

void TestHttpExecutor::compression_data()
{
    QTest::addColumn<bool>("requestCompressed");
    QTest::newRow("on") << true;
    QTest::newRow("off") << false;
}

void TestHttpExecutor::compression()
{
    QFETCH(bool, requestCompressed);
    const QByteArray plain = QByteArray("{\"words\":\"") + QByteArray(2000, 'z') + "\"}";
    const QByteArray gzipped = TestHttpServer::gzip(plain);
    TestHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([gzipped](const Request &request) {
        if (!request.header("Accept-Encoding").contains("gzip"))
            return Response::text("uncompressed");
        Response r = Response::json(gzipped);
        r.withHeader("Content-Encoding", "gzip");
        return r;
    });
    HttpRequestSpec spec = getSpec(server.url());
    spec.requestCompressed = requestCompressed;
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    if (requestCompressed) {
        QVERIFY(server.lastRequest().header("Accept-Encoding").contains("gzip"));
        QCOMPARE(ex.body, plain);
        QCOMPARE(ex.data.toObject().value(QStringLiteral("words")).toString().size(), 2000);
    } else {
        QCOMPARE(server.lastRequest().header("Accept-Encoding"), QByteArray("identity"));
        QCOMPARE(ex.data.toString(), QStringLiteral("uncompressed"));
    }
}

void TestHttpExecutor::timeoutCoversTheWholeRequest()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    Response silent;
    silent.noAnswer = true;
    server.route("/silent", silent);
    // A redirect answered at once, then a server that never answers: the limit is for all.
    Response slowRedirect = Response::redirect(302, "/silent");
    slowRedirect.delayMs = 600;
    server.route("/start", slowRedirect);

    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/start")));
    spec.timeoutSeconds = 1;
    QElapsedTimer clock;
    clock.start();
    const HttpExchange ex = run(spec);
    const qint64 elapsed = clock.elapsed();
    QVERIFY(!ex.ok());
    QCOMPARE(ex.errorMessage,
        QStringLiteral("The server did not answer within 1 second. Check the URL, or raise "
                       "the timeout in the module's advanced settings."));
    QVERIFY2(elapsed >= 900 && elapsed < 3000, qPrintable(QString::number(elapsed)));
    QCOMPARE(server.requestCount(), 2);
}

void TestHttpExecutor::redirects_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("follow");
    QTest::addColumn<bool>("followAll");
    QTest::addColumn<int>("expectedStatus");
    QTest::addColumn<QByteArray>("finalMethod"); // empty: not followed
    QTest::addColumn<bool>("bodyKept");

    QTest::newRow("GET 302 followed")
        << "GET" << 302 << true << false << 200 << QByteArray("GET") << false;
    QTest::newRow("GET 301 not followed when off")
        << "GET" << 301 << false << false << 301 << QByteArray() << false;
    QTest::newRow("HEAD 307 followed")
        << "HEAD" << 307 << true << false << 200 << QByteArray("HEAD") << false;
    QTest::newRow("POST 302 needs follow all")
        << "POST" << 302 << true << false << 302 << QByteArray() << false;
    QTest::newRow("POST 302 follow all becomes GET")
        << "POST" << 302 << true << true << 200 << QByteArray("GET") << false;
    QTest::newRow("POST 301 follow all becomes GET")
        << "POST" << 301 << true << true << 200 << QByteArray("GET") << false;
    QTest::newRow("PUT 303 follow all becomes GET")
        << "PUT" << 303 << true << true << 200 << QByteArray("GET") << false;
    QTest::newRow("POST 307 keeps method and body")
        << "POST" << 307 << true << true << 200 << QByteArray("POST") << true;
    QTest::newRow("PATCH 308 keeps method and body")
        << "PATCH" << 308 << true << true << 200 << QByteArray("PATCH") << true;
    QTest::newRow("DELETE 302 keeps method")
        << "DELETE" << 302 << true << true << 200 << QByteArray("DELETE") << true;
}

void TestHttpExecutor::redirects()
{
    QFETCH(QString, method);
    QFETCH(int, status);
    QFETCH(bool, follow);
    QFETCH(bool, followAll);
    QFETCH(int, expectedStatus);
    QFETCH(QByteArray, finalMethod);
    QFETCH(bool, bodyKept);

    TestHttpServer server;
    QVERIFY(server.listen());
    server.route("/start", Response::redirect(status, "/end?x=1"));
    server.route("/end", Response::text("arrived"));

    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/start")));
    spec.method = method;
    spec.followRedirects = follow;
    spec.followAllRedirects = followAll;
    spec.errorOnHttpStatus = true; // a 3xx is never an error
    if (method != QLatin1String("GET") && method != QLatin1String("HEAD")) {
        spec.bodyType = BodyType::Raw;
        spec.rawContent = QStringLiteral("{\"k\":1}");
    }
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QCOMPARE(ex.statusCode, expectedStatus);
    if (finalMethod.isEmpty()) {
        QCOMPARE(server.requestCount(), 1);
        QVERIFY(ex.redirects.isEmpty());
        QCOMPARE(ex.finalUrl, server.url(QStringLiteral("/start")));
        return;
    }
    QCOMPARE(server.requestCount(), 2);
    const Request second = server.lastRequest();
    QCOMPARE(second.target, QByteArray("/end?x=1"));
    QCOMPARE(second.method, finalMethod);
    QCOMPARE(second.body, bodyKept ? QByteArray("{\"k\":1}") : QByteArray());
    QCOMPARE(second.hasHeader("Content-Type"), bodyKept);
    QCOMPARE(ex.redirects, QList<QUrl> {server.url(QStringLiteral("/end?x=1"))});
    QCOMPARE(ex.finalUrl, server.url(QStringLiteral("/end?x=1")));
    QCOMPARE(ex.sent.method, method.toLatin1()); // the request as the user made it
}

void TestHttpExecutor::redirectLimit_data()
{
    QTest::addColumn<int>("chainLength"); // -1: a loop
    QTest::addColumn<bool>("expectOk");
    QTest::newRow("10 redirects are followed") << 10 << true;
    QTest::newRow("11 redirects are too many") << 11 << false;
    QTest::newRow("a loop") << -1 << false;
}

void TestHttpExecutor::redirectLimit()
{
    QFETCH(int, chainLength);
    QFETCH(bool, expectOk);
    TestHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([chainLength](const Request &request) {
        if (chainLength < 0)
            return Response::redirect(302, "/loop");
        const int hop = request.path.mid(5).toInt(); // "/hop/N"
        if (hop < chainLength)
            return Response::redirect(302, "/hop/" + QByteArray::number(hop + 1));
        return Response::text("end");
    });
    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/hop/0")));
    const HttpExchange ex = run(spec);
    if (expectOk) {
        QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
        QCOMPARE(ex.redirects.size(), chainLength);
        QCOMPARE(ex.data.toString(), QStringLiteral("end"));
    } else {
        QVERIFY(!ex.ok());
        QVERIFY2(ex.errorMessage.startsWith(
                     QLatin1String("The server redirected too many times (more than 10)")),
            qPrintable(ex.errorMessage));
        QCOMPARE(server.requestCount(), 11);
    }
}

void TestHttpExecutor::redirectDropsSecrets_data()
{
    QTest::addColumn<QString>("to"); // "same origin", "other port", "other host"
    QTest::addColumn<bool>("dropped");
    QTest::newRow("same origin keeps them") << "same origin" << false;
    QTest::newRow("same host, other port") << "other port" << true;
    QTest::newRow("other host") << "other host" << true;
}

void TestHttpExecutor::redirectDropsSecrets()
{
    QFETCH(QString, to);
    QFETCH(bool, dropped);
    TestHttpServer first;
    QVERIFY(first.listen());
    TestHttpServer second;
    if (to == QLatin1String("other host")) {
        // Any 127.x.y.z address is this computer on Linux, yet another host for HTTP.
        if (!second.listen(QHostAddress(QStringLiteral("127.0.0.2"))))
            QSKIP("127.0.0.2 is not available here");
    } else {
        QVERIFY(second.listen());
    }
    TestHttpServer &target = to == QLatin1String("same origin") ? first : second;
    first.route("/start", Response::redirect(302, target.url(QStringLiteral("/end")).toEncoded()));
    target.route("/end", Response::text("arrived"));

    // Each header carries a secret in its own way: by its name, or only by its value.
    HttpRequestSpec spec = getSpec(first.url(QStringLiteral("/start")));
    spec.headers = pairs({{"Authorization", "Bearer tok-AAAA"}, {"Cookie", "session=cookie-BBBB"},
        {"Proxy-Authorization", "Basic proxy-CCCC"}, {"X-Api-Key", "key-DDDD"},
        {"X-Auth-Token", "tok-EEEE"}, {"X-Custom", "prefix value-FFFF suffix"},
        {"X-Trace", "trace-1"}});
    const QStringList secrets = {QStringLiteral("value-FFFF")};
    const HttpExchange ex = run(spec, nullptr, 0, secrets);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QCOMPARE(ex.data.toString(), QStringLiteral("arrived"));

    const QByteArray firstRaw = first.requests().value(0).raw;
    const QByteArray secondRaw = target.requests().constLast().raw;
    QVERIFY(secondRaw.startsWith("GET /end HTTP/1.1\r\n"));
    const QList<QByteArray> secretBytes
        = {"tok-AAAA", "cookie-BBBB", "proxy-CCCC", "key-DDDD", "tok-EEEE", "value-FFFF"};
    for (const QByteArray &secret : secretBytes) {
        QVERIFY2(firstRaw.contains(secret), secret.constData());
        QVERIFY2(secondRaw.contains(secret) != dropped, secret.constData());
    }
    for (const char *name : {"authorization:", "cookie:", "proxy-authorization:", "x-api-key:",
             "x-auth-token:", "x-custom:"}) {
        QVERIFY2(secondRaw.toLower().contains(QByteArray("\r\n") + name) != dropped, name);
    }
    QVERIFY(secondRaw.contains("\r\nX-Trace: trace-1\r\n")); // nothing secret about it
    if (dropped) {
        QCOMPARE(second.receivedBytes(), secondRaw); // nothing else reached the other server
        const QString warning = ex.warnings.join(QLatin1Char('\n'));
        QVERIFY2(warning.contains(QStringLiteral("Authorization, Cookie, Proxy-Authorization, "
                                                 "X-Api-Key, X-Auth-Token and X-Custom were not "
                                                 "sent to %1, a different server than the one "
                                                 "the module asked")
                                      .arg(second.url().toString(QUrl::RemovePath))),
            qPrintable(warning));
        for (const QByteArray &secret : secretBytes)
            QVERIFY(!warning.contains(QString::fromLatin1(secret)));
    } else {
        QVERIFY(ex.warnings.isEmpty());
    }
}

// 307 and 308 send the body again: a token request's client secret must not go along.
void TestHttpExecutor::aBodyWithASecretDoesNotFollowToAnotherPlace()
{
    TestHttpServer first;
    TestHttpServer second;
    QVERIFY(first.listen());
    QVERIFY(second.listen());
    first.route(
        "/token", Response::redirect(307, second.url(QStringLiteral("/token")).toEncoded()));
    HttpRequestSpec spec = getSpec(first.url(QStringLiteral("/token")));
    spec.method = QStringLiteral("POST");
    spec.bodyType = BodyType::UrlEncoded;
    spec.urlEncodedFields = pairs({{"client_secret", "body-secret-GGGG"}});
    spec.followAllRedirects = true;
    const HttpExchange ex = run(spec, nullptr, 0, {QStringLiteral("body-secret-GGGG")});
    QVERIFY(!ex.ok());
    QVERIFY2(ex.errorMessage.contains(QLatin1String("the request's body holds a secret")),
        qPrintable(ex.errorMessage));
    QVERIFY(first.requests().value(0).raw.contains("body-secret-GGGG"));
    QCOMPARE(second.connectionCount(), 0);

    // Without a secret in it, the body follows as 307 asks.
    const HttpExchange plain = run(spec, nullptr, 0, {});
    QVERIFY2(plain.ok(), qPrintable(plain.errorMessage));
    QVERIFY(second.requests().value(0).raw.contains("body-secret-GGGG"));
}

void TestHttpExecutor::lineBreaksAreRefused_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expectedError");

    const QString header
        = QStringLiteral("The value of the header \"X-Note\" contains a line break");
    const QString multipart = QStringLiteral("of the multipart field \"");
    QTest::newRow("header value CRLF") << "header value"
                                       << "a\r\nX-Injected: 1" << header;
    QTest::newRow("header value LF") << "header value"
                                     << "a\nX-Injected: 1" << header;
    QTest::newRow("header value CR") << "header value"
                                     << "a\rX-Injected: 1" << header;
    QTest::newRow("header value NUL")
        << "header value" << QStringLiteral("a") + QChar(0) + "b" << header;
    QTest::newRow("header name CRLF") << "header name"
                                      << "X-A\r\nX-Injected"
                                      << "is not allowed in HTTP";
    QTest::newRow("header name LF") << "header name"
                                    << "X-A\nX-Injected"
                                    << "is not allowed in HTTP";
    QTest::newRow("method CRLF") << "method"
                                 << "GET /x HTTP/1.1\r\nX-Injected: 1\r\n\r\nGET"
                                 << "is not an HTTP method";
    QTest::newRow("method LF") << "method"
                               << "POST\nX-Injected: 1"
                               << "is not an HTTP method";
    QTest::newRow("URL CRLF") << "url"
                              << "/path\r\nX-Injected: 1"
                              << "The URL contains a line break";
    QTest::newRow("URL LF") << "url"
                            << "/path?q=1\nX-Injected: 1"
                            << "The URL contains a line break";
    QTest::newRow("URL NUL") << "url" << QStringLiteral("/pa") + QChar(0) + "th"
                             << "The URL contains a line break";
    QTest::newRow("raw content type CRLF") << "content type"
                                           << "text/plain\r\nX-Injected: 1"
                                           << "The content type of the body contains a line break";
    QTest::newRow("raw content type LF") << "content type"
                                         << "text/plain\nX-Injected: 1"
                                         << "The content type of the body contains a line break";
    QTest::newRow("raw content type NUL")
        << "content type" << QStringLiteral("text/plain") + QChar(0)
        << "The content type of the body contains a line break";
    QTest::newRow("multipart name CRLF") << "part name"
                                         << "a\r\nContent-Type: text/html"
                                         << "The name " + multipart;
    QTest::newRow("multipart name NUL")
        << "part name" << QStringLiteral("a") + QChar(0) << "The name " + multipart;
    QTest::newRow("multipart file name LF") << "part file name"
                                            << "a.txt\nX-Injected: 1"
                                            << "The file name " + multipart + "upload\"";
    QTest::newRow("multipart file name CR") << "part file name"
                                            << "a.txt\rX-Injected: 1"
                                            << "The file name " + multipart + "upload\"";
    QTest::newRow("multipart content type CRLF") << "part content type"
                                                 << "text/plain\r\nX-Injected: 1"
                                                 << "The content type " + multipart + "upload\"";
    QTest::newRow("multipart file path with a line break")
        << "part file path"
        << "evil\r\nX-Injected: 1.txt"
        << "The file name " + multipart + "upload\"";
}

void TestHttpExecutor::lineBreaksAreRefused()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, expectedError);
    TestHttpServer server;
    QVERIFY(server.listen());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/in")));
    spec.method = QStringLiteral("POST");
    if (field == QLatin1String("header value"))
        spec.headers = {{QStringLiteral("X-Note"), text}};
    else if (field == QLatin1String("header name"))
        spec.headers = {{text, QStringLiteral("v")}};
    else if (field == QLatin1String("method"))
        spec.method = text;
    else if (field == QLatin1String("url"))
        spec.url = server.url().toString(QUrl::RemovePath) + text;
    if (field == QLatin1String("content type")) {
        spec.bodyType = BodyType::Raw;
        spec.rawContent = QStringLiteral("body");
        spec.rawContentType = text;
    }
    if (field.startsWith(QLatin1String("part"))) {
        const QString path = dir.filePath(
            field == QLatin1String("part file path") ? text : QStringLiteral("a.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("file content");
        file.close();
        MultipartField part;
        part.name = field == QLatin1String("part name") ? text : QStringLiteral("upload");
        part.file = path;
        if (field == QLatin1String("part file name"))
            part.fileName = text;
        if (field == QLatin1String("part content type"))
            part.contentType = text;
        spec.bodyType = BodyType::Multipart;
        spec.multipartFields = {part};
    }
    const HttpExchange ex = run(spec);
    QVERIFY(!ex.ok());
    QVERIFY2(ex.errorMessage.contains(expectedError), qPrintable(ex.errorMessage));
    // Refused before anything went out: no connection, not one byte.
    QCOMPARE(server.connectionCount(), 0);
    QCOMPARE(server.receivedBytes(), QByteArray());
}

void TestHttpExecutor::lineBreaksAreEncoded_data()
{
    // Here a line break is data, and goes out encoded: it can never end a line on the wire.
    QTest::addColumn<QString>("field");
    QTest::addColumn<QByteArray>("expectedOnTheWire");
    QTest::newRow("query value") << "query"
                                 << QByteArray("GET /in?q=a%0D%0AX-Injected%3A%201 HTTP/1.1\r\n");
    QTest::newRow("Basic user") << "user"
                                << QByteArray("\r\nAuthorization: Basic ")
            + QByteArray("a\r\nX-Injected: 1:pw").toBase64() + "\r\n";
}

void TestHttpExecutor::lineBreaksAreEncoded()
{
    QFETCH(QString, field);
    QFETCH(QByteArray, expectedOnTheWire);
    TestHttpServer server;
    QVERIFY(server.listen());
    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/in")));
    const QString evil = QStringLiteral("a\r\nX-Injected: 1");
    if (field == QLatin1String("query"))
        spec.query = {{QStringLiteral("q"), evil}};
    else
        spec.username = evil, spec.password = QStringLiteral("pw");
    const HttpExchange ex = run(spec);
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    const QByteArray raw = server.receivedBytes();
    QVERIFY2(raw.contains(expectedOnTheWire), raw.constData());
    QVERIFY(!raw.contains("\nX-Injected"));
    QVERIFY(!server.lastRequest().hasHeader("X-Injected"));
}

void TestHttpExecutor::refusedFileSendsNothing_data()
{
    QTest::addColumn<QString>("where"); // "multipart" or "ca"
    QTest::addColumn<QString>("path"); // $DIR: a temporary folder
    QTest::addColumn<bool>("anywhere");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("multipart /dev/zero")
        << "multipart"
        << "/dev/zero" << true << "Scenarist did not read \"/dev/zero\"";
    QTest::newRow("multipart /proc/self/environ")
        << "multipart"
        << "/proc/self/environ" << true << "a system folder";
    QTest::newRow("multipart FIFO") << "multipart"
                                    << "$DIR/pipe" << true << "it is not a regular file";
    QTest::newRow("multipart folder") << "multipart"
                                      << "$DIR" << true << "it is a folder";
    QTest::newRow("multipart too large") << "multipart"
                                         << "$DIR/big.bin" << true << "it is larger than 100 MB";
    QTest::newRow("multipart outside the allowed folders")
        << "multipart"
        << "/etc/hostname" << false << "it is outside the folders this scenario may read";
    QTest::newRow("CA /dev/zero") << "ca"
                                  << "/dev/zero" << true
                                  << "The CA certificate file \"/dev/zero\" could not be read. "
                                     "Scenarist did not read \"/dev/zero\"";
    QTest::newRow("CA FIFO") << "ca"
                             << "$DIR/pipe" << true << "it is not a regular file";
    QTest::newRow("CA outside the allowed folders")
        << "ca"
        << "/etc/hostname" << false << "it is outside the folders";
}

void TestHttpExecutor::refusedFileSendsNothing()
{
    QFETCH(QString, where);
    QFETCH(QString, path);
    QFETCH(bool, anywhere);
    QFETCH(QString, expectedError);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(
        ::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("pipe"))).constData(), 0600), 0);
    QFile big(dir.filePath(QStringLiteral("big.bin")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(101LL * 1024 * 1024)); // sparse: nothing written
    big.close();
    path.replace(QLatin1String("$DIR"), dir.path());

    TestHttpServer server;
    QVERIFY(server.listen());
    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/upload")));
    spec.method = QStringLiteral("POST");
    if (where == QLatin1String("multipart")) {
        MultipartField part;
        part.name = QStringLiteral("upload");
        part.file = path;
        spec.bodyType = BodyType::Multipart;
        spec.multipartFields = {{QStringLiteral("title"), QStringLiteral("x")}, part};
    } else {
        spec.caCertificate = path;
    }
    FileAccessPolicy policy;
    policy.anywhere = anywhere;
    policy.baseFolder = dir.path();
    policy.allowedFolders = {QFileInfo(dir.path()).canonicalFilePath()};

    QElapsedTimer clock;
    clock.start();
    const HttpExchange ex = run(spec, nullptr, 0, {}, &policy);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!ex.ok());
    QVERIFY2(ex.errorMessage.contains(expectedError), qPrintable(ex.errorMessage));
    QCOMPARE(server.connectionCount(), 0);
    QCOMPARE(server.receivedBytes(), QByteArray());
}

void TestHttpExecutor::cookiesBetweenExecutions_data()
{
    QTest::addColumn<bool>("share");
    QTest::addColumn<bool>("giveJar");
    QTest::addColumn<QByteArray>("expectedCookie");
    QTest::newRow("shared jar") << true << true << QByteArray("session=abc123; theme=dark");
    QTest::newRow("not shared") << false << true << QByteArray();
    QTest::newRow("shared but no jar given") << true << false << QByteArray();
}

void TestHttpExecutor::cookiesBetweenExecutions()
{
    QFETCH(bool, share);
    QFETCH(bool, giveJar);
    QFETCH(QByteArray, expectedCookie);
    TestHttpServer server;
    QVERIFY(server.listen());
    Response login = Response::text("logged in");
    login.withHeader("Set-Cookie", "session=abc123; Path=/; HttpOnly");
    login.withHeader("Set-Cookie", "theme=dark; Path=/");
    server.route("/login", login);
    QNetworkCookieJar jar;

    HttpRequestSpec first = getSpec(server.url(QStringLiteral("/login")));
    first.shareCookies = share;
    const HttpExchange ex1 = run(first, giveJar ? &jar : nullptr);
    QVERIFY2(ex1.ok(), qPrintable(ex1.errorMessage));
    QCOMPARE(ex1.cookies.size(), 2);
    QCOMPARE(ex1.cookies.at(0).name(), QByteArray("session"));
    QVERIFY(ex1.cookies.at(0).isHttpOnly());

    HttpRequestSpec second = getSpec(server.url(QStringLiteral("/me")));
    second.shareCookies = share;
    QVERIFY(run(second, giveJar ? &jar : nullptr).ok());
    QCOMPARE(server.lastRequest().header("Cookie"), expectedCookie);
}

void TestHttpExecutor::cookiesCarryAcrossRedirects()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    Response login = Response::redirect(302, "/home");
    login.withHeader("Set-Cookie", "sid=xyz; Path=/");
    server.route("/login", login);
    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/login")));
    spec.headers = pairs({{"Cookie", "mine=1"}});
    const HttpExchange ex = run(spec); // private jar
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(server.requests().at(0).header("Cookie"), QByteArray("mine=1"));
    QCOMPARE(server.requests().at(1).header("Cookie"), QByteArray("mine=1; sid=xyz"));
    QCOMPARE(ex.cookies.size(), 1);

    // The private jar lives for one execution only.
    HttpRequestSpec again = getSpec(server.url(QStringLiteral("/home")));
    QVERIFY(run(again).ok());
    QVERIFY(!server.lastRequest().hasHeader("Cookie"));
}

void TestHttpExecutor::httpStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("errorOnHttpStatus");
    QTest::addColumn<QString>("expectedError"); // empty: succeeds

    QTest::newRow("404 fails") << 404 << QByteArray("text/html") << QByteArray("<h1>no</h1>")
                               << true
                               << "The server refused the request: 404 Not Found. Check the URL.";
    QTest::newRow("404 allowed") << 404 << QByteArray("text/html") << QByteArray("<h1>no</h1>")
                                 << false << QString();
    QTest::newRow("500 fails") << 500 << QByteArray("text/plain") << QByteArray("database is down")
                               << true
                               << "The server failed to handle the request: 500 Internal Server "
                                  "Error. It said: database is down.";
    QTest::newRow("500 allowed") << 500 << QByteArray("text/plain") << QByteArray("x") << false
                                 << QString();
    QTest::newRow("401 OAuth error quoted")
        << 401 << QByteArray("application/json")
        << QByteArray("{\"error\":\"invalid_client\","
                      "\"error_description\":\"Client authentication failed\"}")
        << true
        << "The server refused the request: 401 Unauthorized. It said: invalid_client (Client "
           "authentication failed). Check the credentials or token the module sends.";
    QTest::newRow("OAuth description with a full stop")
        << 401 << QByteArray("application/json")
        << QByteArray("{\"error\":\"invalid_client\","
                      "\"error_description\":\"The client secret is wrong.\"}")
        << true
        << "The server refused the request: 401 Unauthorized. It said: invalid_client (The "
           "client secret is wrong). Check the credentials or token the module sends.";
    QTest::newRow("400 message quoted")
        << 400 << QByteArray("application/json")
        << QByteArray("{\"message\":\"Field 'name' is required.\"}") << true
        << "The server refused the request: 400 Bad Request. It said: Field 'name' is required.";
    QTest::newRow("201 succeeds") << 201 << QByteArray("application/json")
                                  << QByteArray("{\"id\":7}") << true << QString();
    QTest::newRow("304 is not an error")
        << 304 << QByteArray() << QByteArray() << true << QString();
}

void TestHttpExecutor::httpStatus()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(bool, errorOnHttpStatus);
    QFETCH(QString, expectedError);
    TestHttpServer server;
    QVERIFY(server.listen());
    server.route("/x", Response::with(status, contentType, body));
    HttpRequestSpec spec = getSpec(server.url(QStringLiteral("/x")));
    spec.errorOnHttpStatus = errorOnHttpStatus;
    const HttpExchange ex = run(spec);
    QCOMPARE(ex.errorMessage, expectedError);
    // The response is shown even when the module failed.
    QVERIFY(ex.gotResponse);
    QCOMPARE(ex.statusCode, status);
    QCOMPARE(ex.body, body);
    QCOMPARE(ex.outputBundle().value(QStringLiteral("statusCode")).toInt(), status);
}

void TestHttpExecutor::parseResponse_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("parse");
    QTest::addColumn<QJsonValue>("expectedData");
    QTest::addColumn<bool>("expectJson");
    QTest::addColumn<QString>("expectedErrorStart");

    const QByteArray token("{\"access_token\":\"t0k\",\"expires_in\":3600}");
    const QJsonObject tokenObject {{QStringLiteral("access_token"), QStringLiteral("t0k")},
        {QStringLiteral("expires_in"), 3600}};
    const QString notJson = QStringLiteral("The server said it sent JSON, but the response is "
                                           "not valid JSON (");
    QTest::newRow("JSON object") << QByteArray("application/json") << token << true
                                 << QJsonValue(tokenObject) << true << QString();
    QTest::newRow("JSON with charset") << QByteArray("application/json; charset=UTF-8") << token
                                       << true << QJsonValue(tokenObject) << true << QString();
    QTest::newRow("problem+json") << QByteArray("application/problem+json")
                                  << QByteArray("[1,\"two\",null]") << true
                                  << QJsonValue(QJsonArray {1, QStringLiteral("two"), QJsonValue()})
                                  << true << QString();
    QTest::newRow("top-level string")
        << QByteArray("application/json") << QByteArray(" \"abc\" ") << true
        << QJsonValue(QStringLiteral("abc")) << true << QString();
    QTest::newRow("top-level number") << QByteArray("application/json") << QByteArray("42") << true
                                      << QJsonValue(42) << true << QString();
    QTest::newRow("top-level false") << QByteArray("application/json") << QByteArray("false")
                                     << true << QJsonValue(false) << true << QString();
    QTest::newRow("parse off keeps text")
        << QByteArray("application/json") << token << false << QJsonValue(QString::fromUtf8(token))
        << false << QString();
    QTest::newRow("text stays text")
        << QByteArray("text/plain") << QByteArray("{\"a\":1}") << true
        << QJsonValue(QStringLiteral("{\"a\":1}")) << false << QString();
    QTest::newRow("broken JSON fails")
        << QByteArray("application/json") << QByteArray("{\"a\":1,") << true
        << QJsonValue(QStringLiteral("{\"a\":1,")) << false << notJson;
    QTest::newRow("two scalars fail")
        << QByteArray("application/json") << QByteArray("1, 2") << true
        << QJsonValue(QStringLiteral("1, 2")) << false << notJson;
    QTest::newRow("HTML error page labelled JSON")
        << QByteArray("application/json") << QByteArray("<html>oops</html>") << true
        << QJsonValue(QStringLiteral("<html>oops</html>")) << false << notJson;
    QTest::newRow("broken JSON with parse off")
        << QByteArray("application/json") << QByteArray("{oops") << false
        << QJsonValue(QStringLiteral("{oops")) << false << QString();
    QTest::newRow("empty JSON body") << QByteArray("application/json") << QByteArray() << true
                                     << QJsonValue(QString()) << false << QString();
}

void TestHttpExecutor::parseResponse()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(bool, parse);
    QFETCH(QJsonValue, expectedData);
    QFETCH(bool, expectJson);
    QFETCH(QString, expectedErrorStart);
    TestHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&](const Request &) { return Response::with(200, contentType, body); });
    HttpRequestSpec spec = getSpec(server.url());
    spec.parseResponse = parse;
    const HttpExchange ex = run(spec);
    if (expectedErrorStart.isEmpty()) {
        QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    } else {
        QVERIFY2(ex.errorMessage.startsWith(expectedErrorStart), qPrintable(ex.errorMessage));
        QVERIFY(ex.errorMessage.endsWith(
            QLatin1String("Turn off 'Parse response' to get the raw text.")));
    }
    QCOMPARE(ex.data, expectedData);
    QCOMPARE(ex.dataIsJson, expectJson);
    QCOMPARE(ex.outputBundle().value(QStringLiteral("data")), expectedData);
}

void TestHttpExecutor::largeJsonIsParsed()
{
    QByteArray body = "[";
    for (int i = 0; i < 300000; ++i)
        body += (i ? ",\"" : "\"") + QByteArray::number(i) + "\"";
    body += "]";
    QVERIFY(body.size() > 2 * 1024 * 1024);
    TestHttpServer server;
    QVERIFY(server.listen());
    server.route("/big", Response::json(body));
    const HttpExchange ex = run(getSpec(server.url(QStringLiteral("/big"))));
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QVERIFY(ex.dataIsJson);
    QCOMPARE(ex.data.toArray().size(), 300000);
    QCOMPARE(ex.data.toArray().last().toString(), QStringLiteral("299999"));
}

void TestHttpExecutor::invalidUtf8IsReplacedWithWarning()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    server.route("/bad", Response::text(QByteArray("ok \xff\xfe end")));
    server.route(
        "/latin1", Response::with(200, "text/plain; charset=ISO-8859-1", QByteArray("caf\xe9")));
    const HttpExchange bad = run(getSpec(server.url(QStringLiteral("/bad"))));
    QVERIFY2(bad.ok(), qPrintable(bad.errorMessage));
    QVERIFY(bad.data.toString().startsWith(QLatin1String("ok ")));
    QVERIFY(bad.data.toString().contains(QChar(0xFFFD)));
    QVERIFY(bad.data.toString().endsWith(QLatin1String(" end")));
    QCOMPARE(bad.warnings.size(), 1);
    QCOMPARE(bad.body, QByteArray("ok \xff\xfe end"));

    const HttpExchange latin1 = run(getSpec(server.url(QStringLiteral("/latin1"))));
    QCOMPARE(latin1.data.toString(), QStringLiteral("caf\u00e9"));
    QVERIFY(latin1.warnings.isEmpty());
}

void TestHttpExecutor::invalidUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("empty") << "";
    QTest::newRow("no scheme") << "api.example.com/token";
    QTest::newRow("ftp") << "ftp://example.com/file";
    QTest::newRow("scheme only") << "https://";
    QTest::newRow("mapping left unresolved") << "{{1.data.url}}";
}

void TestHttpExecutor::invalidUrl()
{
    QFETCH(QString, url);
    HttpRequestSpec spec;
    spec.url = url;
    const HttpExchange ex = run(spec);
    QVERIFY(!ex.ok());
    QVERIFY2(ex.errorMessage.startsWith(QStringLiteral("The URL \"%1\" is not a web address. It "
                                                       "should start with https://")
                                            .arg(url)),
        qPrintable(ex.errorMessage));
    QVERIFY(!ex.gotResponse);
}

void TestHttpExecutor::networkFailures_data()
{
    QTest::addColumn<QByteArray>("raw"); // empty: nothing listens on the port
    QTest::addColumn<bool>("closeWithoutAnswer");
    QTest::addColumn<QString>("expectedStart");
    QTest::addColumn<bool>("expectResponse");

    QTest::newRow("connection refused")
        << QByteArray() << false << "Could not connect to 127.0.0.1:" << false;
    QTest::newRow("closed without answer")
        << QByteArray() << true << "The server at 127.0.0.1:" << false;
    // Qt reports an answer that is not HTTP at all as a closed connection.
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << false
                              << "The server at 127.0.0.1:" << false;
    QTest::newRow("body cut short")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part") << false
        << "The server closed the connection before the whole response arrived." << true;
}

void TestHttpExecutor::networkFailures()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, closeWithoutAnswer);
    QFETCH(QString, expectedStart);
    QFETCH(bool, expectResponse);
    QUrl url;
    TestHttpServer server;
    if (raw.isEmpty() && !closeWithoutAnswer) {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(closed.serverPort()));
        closed.close();
    } else {
        QVERIFY(server.listen());
        Response r = Response::rawBytes(raw);
        r.closeWithoutAnswer = closeWithoutAnswer;
        server.setHandler([r](const Request &) { return r; });
        url = server.url();
    }
    const HttpExchange ex = run(getSpec(url));
    QVERIFY(!ex.ok());
    QVERIFY2(ex.errorMessage.startsWith(expectedStart), qPrintable(ex.errorMessage));
    QCOMPARE(ex.gotResponse, expectResponse);
    QCOMPARE(ex.sent.method, QByteArray("GET"));
}

void TestHttpExecutor::responseTooLarge_data()
{
    QTest::addColumn<QByteArray>("how");
    QTest::newRow("announced by Content-Length") << QByteArray("length");
    QTest::newRow("no length, read until close") << QByteArray("close");
    QTest::newRow("small when compressed") << QByteArray("gzip");
}

void TestHttpExecutor::responseTooLarge()
{
    QFETCH(QByteArray, how);
    const QByteArray big(300 * 1024, 'x');
    TestHttpServer server;
    QVERIFY(server.listen());
    if (how == "length") {
        server.route("/big", Response::text(big));
    } else if (how == "close") {
        server.route("/big",
            Response::rawBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                               "Connection: close\r\n\r\n"
                + big));
    } else {
        Response r = Response::text(TestHttpServer::gzip(big));
        r.withHeader("Content-Encoding", "gzip");
        server.route("/big", r);
    }
    const HttpExchange ex = run(getSpec(server.url(QStringLiteral("/big"))), nullptr, 100 * 1024);
    QVERIFY(!ex.ok());
    QCOMPARE(ex.errorMessage,
        QStringLiteral("The response is larger than 100 KB, the most a module accepts."));
    QVERIFY(ex.body.size() <= 100 * 1024);

    // The same answer passes under the default limit.
    const HttpExchange fine = run(getSpec(server.url(QStringLiteral("/big"))));
    QVERIFY2(fine.ok(), qPrintable(fine.errorMessage));
    QCOMPARE(fine.body, big);
}

void TestHttpExecutor::outputBundle()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    Response r = Response::json("{\"items\":[{\"id\":1}]}", 201);
    r.withHeader("X-Request-Id", "r-1");
    r.withHeader("Set-Cookie", "a=1; Path=/app; Max-Age=3600; Secure");
    r.withHeader("Set-Cookie", "b=2");
    server.route("/app/items", r);
    const HttpExchange ex = run(getSpec(server.url(QStringLiteral("/app/items"))));
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
    QVERIFY(ex.timings.firstByteMs >= 0);
    QVERIFY(ex.timings.totalMs >= ex.timings.firstByteMs);

    const QJsonObject bundle = ex.outputBundle();
    QCOMPARE(bundle.keys(),
        (QStringList {QStringLiteral("cookies"), QStringLiteral("data"), QStringLiteral("headers"),
            QStringLiteral("statusCode")}));
    QCOMPARE(bundle.value(QStringLiteral("statusCode")).toInt(), 201);
    QStringList names;
    for (const QJsonValue &h : bundle.value(QStringLiteral("headers")).toArray())
        names.append(h.toObject().value(QStringLiteral("name")).toString());
    QCOMPARE(names,
        (QStringList {QStringLiteral("Content-Type"), QStringLiteral("X-Request-Id"),
            QStringLiteral("Set-Cookie"), QStringLiteral("Set-Cookie"),
            QStringLiteral("Content-Length"), QStringLiteral("Connection")}));
    const QJsonArray cookies = bundle.value(QStringLiteral("cookies")).toArray();
    QCOMPARE(cookies.size(), 2);
    const QJsonObject a = cookies.at(0).toObject();
    QCOMPARE(a.value(QStringLiteral("name")).toString(), QStringLiteral("a"));
    QCOMPARE(a.value(QStringLiteral("value")).toString(), QStringLiteral("1"));
    QCOMPARE(a.value(QStringLiteral("domain")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(a.value(QStringLiteral("path")).toString(), QStringLiteral("/app"));
    QVERIFY(a.value(QStringLiteral("secure")).toBool());
    QVERIFY(!a.value(QStringLiteral("httpOnly")).toBool());
    const QDateTime expires
        = QDateTime::fromString(a.value(QStringLiteral("expires")).toString(), Qt::ISODate);
    QVERIFY(expires.isValid());
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(expires) - 3600) < 60);
    QVERIFY(cookies.at(1).toObject().value(QStringLiteral("expires")).isNull());
    QCOMPARE(bundle.value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("items"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("id"))
                 .toInt(),
        1);
}

void TestHttpExecutor::cancelStopsWithoutFinished()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    Response silent;
    silent.noAnswer = true;
    server.route("/silent", silent);

    HttpExecutor executor(&m_network);
    QSignalSpy finished(&executor, &HttpExecutor::finished);
    executor.execute(getSpec(server.url(QStringLiteral("/silent"))));
    QVERIFY(executor.isRunning());
    QSignalSpy received(&server, &TestHttpServer::requestReceived);
    QVERIFY(received.wait(5000));
    executor.cancel();
    QVERIFY(!executor.isRunning());
    QVERIFY(!finished.wait(300));

    // Reusable afterwards, also after a failure reported later than execute().
    executor.execute(getSpec(server.url(QStringLiteral("/ok"))));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.at(0).at(0).value<HttpExchange>().ok());
    HttpRequestSpec broken;
    executor.execute(broken);
    executor.cancel();
    QVERIFY(!finished.wait(200));
    QCOMPARE(finished.size(), 1);

    // A request refused before sending does not report the previous request's URL.
    HttpRequestSpec badUrl = getSpec(QUrl());
    badUrl.url = QStringLiteral("not a web address");
    executor.execute(badUrl);
    QVERIFY(finished.wait(5000));
    const HttpExchange refused = finished.at(1).at(0).value<HttpExchange>();
    QVERIFY(!refused.ok());
    QVERIFY2(refused.finalUrl.isEmpty(), qPrintable(refused.finalUrl.toString()));
}

void TestHttpExecutor::deletingMidRequestIsSafe()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    Response slow = Response::text("late");
    slow.delayMs = 200;
    server.route("/slow", slow);

    auto *executor = new HttpExecutor(&m_network);
    QSignalSpy received(&server, &TestHttpServer::requestReceived);
    executor->execute(getSpec(server.url(QStringLiteral("/slow"))));
    QVERIFY(received.wait(5000));
    delete executor;
    // The answer still arrives at the aborted reply; nothing may touch the executor.
    QTest::qWait(400);

    // The shared network access manager keeps working.
    const HttpExchange ex = run(getSpec(server.url(QStringLiteral("/after"))));
    QVERIFY2(ex.ok(), qPrintable(ex.errorMessage));
}

QTEST_GUILESS_MAIN(TestHttpExecutor)
#include "tst_httpexecutor.moc"
