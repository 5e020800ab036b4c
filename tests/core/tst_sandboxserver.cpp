#include "core/sandbox/SandboxServer.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

namespace {

/// What a client received: enough to assert what a user of the sandbox would see.
struct HttpResult
{
    bool finished = false;
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &header : headers) {
            if (header.first.compare(name, Qt::CaseInsensitive) == 0)
                return header.second;
        }
        return {};
    }
};

using HeaderPairs = QList<QPair<QByteArray, QByteArray>>;

QByteArray basic(const QByteArray &id, const QByteArray &secret)
{
    return QByteArrayLiteral("Basic ") + (id + ':' + secret).toBase64();
}

const QByteArray formType = QByteArrayLiteral("application/x-www-form-urlencoded");
const QByteArray jsonType = QByteArrayLiteral("application/json");

} // namespace

class TestSandboxServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startsOnAFreePortWhenAskedForPortZero();
    void refusesATakenPortInPlainWords();
    void indexPageExplainsTheSandbox();

    void tokenByFormFields();
    void tokenByBasicAuthentication_data();
    void tokenByBasicAuthentication();
    void tokenByJsonBody();
    void grantedScope_data();
    void grantedScope();
    void tokenErrors_data();
    void tokenErrors();
    void countsOnlySuccessfulGrants();

    void meWithAValidToken();
    void meRefused_data();
    void meRefused();
    void meRefusesAnExpiredToken();
    void meRefusesRevokedTokens();

    void itemsArePagedWithNextLinks();
    void itemsRejectBadPaging_data();
    void itemsRejectBadPaging();
    void itemsNeedAToken_data();
    void itemsNeedAToken();
    void createdItemAppearsInTheList();
    void createItemRejectsBadBodies_data();
    void createItemRejectsBadBodies();

    void busyAnswers429WithRetryAfterThenSucceeds();
    void busyKeysAreCountedApart();
    void busyRefusesBadNumbersAndNeedsAToken_data();
    void busyRefusesBadNumbersAndNeedsAToken();

    void unknownPathsAndMethods_data();
    void unknownPathsAndMethods();

private:
    HttpResult send(const QByteArray &method, const QString &path, const HeaderPairs &headers = {},
        const QByteArray &body = {});
    HttpResult requestToken(const QByteArray &formBody
        = QByteArrayLiteral("grant_type=client_credentials&client_id=demo-client"
                            "&client_secret=demo-secret"));
    QString validToken();

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestSandboxServer::init()
{
    m_server = std::make_unique<SandboxServer>();
    QString error;
    QVERIFY2(m_server->start(0, &error), qPrintable(error));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestSandboxServer::cleanup()
{
    m_network.reset();
    m_server.reset();
}

HttpResult TestSandboxServer::send(const QByteArray &method, const QString &path,
    const HeaderPairs &headers, const QByteArray &body)
{
    QUrl url = m_server->baseUrl();
    url = url.resolved(QUrl(path));
    QNetworkRequest request(url);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpResult result;
    result.finished = finished.wait(5000);
    if (result.finished) {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.json = QJsonDocument::fromJson(result.body).object();
        result.headers = reply->rawHeaderPairs();
    }
    reply->deleteLater();
    return result;
}

HttpResult TestSandboxServer::requestToken(const QByteArray &formBody)
{
    return send("POST", QStringLiteral("/oauth/token"), {{"Content-Type", formType}}, formBody);
}

QString TestSandboxServer::validToken()
{
    const HttpResult result = requestToken();
    if (result.status != 200)
        qWarning("token request failed: %s", result.body.constData());
    return result.json.value(QStringLiteral("access_token")).toString();
}

void TestSandboxServer::startsOnAFreePortWhenAskedForPortZero()
{
    QVERIFY(m_server->isRunning());
    QVERIFY(m_server->port() != 0);
    QCOMPARE(
        m_server->baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port())));
    QCOMPARE(send("GET", QStringLiteral("/")).status, 200);
}

void TestSandboxServer::refusesATakenPortInPlainWords()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    const quint16 taken = occupier.serverPort();

    SandboxServer second;
    QString error;
    QVERIFY(!second.start(taken, &error));
    QCOMPARE(error,
        QStringLiteral("Port %1 is already in use on this computer; choose another with "
                       "--sandbox-port")
            .arg(taken));
    QVERIFY(!second.isRunning());
    QCOMPARE(second.port(), quint16(0));
}

void TestSandboxServer::indexPageExplainsTheSandbox()
{
    const HttpResult result = send("GET", QStringLiteral("/"));
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("text/html"));
    for (const char *expected : {"/oauth/token", "/api/me", "/api/items", "demo-client",
             "demo-secret", "grant_type", "client_credentials"}) {
        QVERIFY2(result.body.contains(expected), expected);
    }
}

void TestSandboxServer::tokenByFormFields()
{
    const HttpResult result = requestToken();
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QCOMPARE(result.header("Cache-Control"), QByteArrayLiteral("no-store"));
    const QString token = result.json.value(QStringLiteral("access_token")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(token).hasMatch(),
        qPrintable(token));
    QCOMPARE(result.json.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
    QCOMPARE(result.json.value(QStringLiteral("expires_in")).toInt(), 3600);
    QCOMPARE(result.json.value(QStringLiteral("scope")).toString(), QStringLiteral("read"));
    // Two grants never share a token.
    QVERIFY(validToken() != token);
}

void TestSandboxServer::tokenByBasicAuthentication_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("plain") << basic("demo-client", "demo-secret");
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64.
    QTest::newRow("form-encoded") << basic("demo%2Dclient", "demo%2dsecret");
    QTest::newRow("lower-case scheme")
        << basic("demo-client", "demo-secret").replace("Basic", "basic");
}

void TestSandboxServer::tokenByBasicAuthentication()
{
    QFETCH(QByteArray, authorization);
    const HttpResult result = send("POST", QStringLiteral("/oauth/token"),
        {{"Content-Type", formType}, {"Authorization", authorization}},
        "grant_type=client_credentials&scope=write");
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
    QCOMPARE(result.json.value(QStringLiteral("scope")).toString(), QStringLiteral("write"));
    QVERIFY(!result.json.value(QStringLiteral("access_token")).toString().isEmpty());
}

void TestSandboxServer::tokenByJsonBody()
{
    // The body of Make's help article, sent as Raw JSON.
    const HttpResult result
        = send("POST", QStringLiteral("/oauth/token"), {{"Content-Type", jsonType}},
            R"({"grant_type":"client_credentials","client_id":"demo-client",)"
            R"("client_secret":"demo-secret","scope":"read write"})");
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json.value(QStringLiteral("scope")).toString(), QStringLiteral("read write"));
    QCOMPARE(result.json.value(QStringLiteral("expires_in")).toInt(), 3600);
    QVERIFY(!result.json.value(QStringLiteral("access_token")).toString().isEmpty());
}

void TestSandboxServer::grantedScope_data()
{
    QTest::addColumn<QByteArray>("scopeField");
    QTest::addColumn<QString>("granted");
    QTest::newRow("none asked") << QByteArray() << QStringLiteral("read");
    QTest::newRow("empty") << QByteArrayLiteral("&scope=") << QStringLiteral("read");
    QTest::newRow("write") << QByteArrayLiteral("&scope=write") << QStringLiteral("write");
    QTest::newRow("both, form-encoded space")
        << QByteArrayLiteral("&scope=write+read") << QStringLiteral("read write");
    QTest::newRow("both, percent-encoded space")
        << QByteArrayLiteral("&scope=read%20write") << QStringLiteral("read write");
}

void TestSandboxServer::grantedScope()
{
    QFETCH(QByteArray, scopeField);
    QFETCH(QString, granted);
    const HttpResult result = requestToken(
        "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"
        + scopeField);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json.value(QStringLiteral("scope")).toString(), granted);
}

void TestSandboxServer::tokenErrors_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QByteArray>("wwwAuthenticate");

    const QByteArray client = "&client_id=demo-client&client_secret=demo-secret";
    QTest::newRow("missing grant_type")
        << formType << QByteArray() << QByteArray("scope=read" + client) << 400
        << QStringLiteral("invalid_request") << QByteArray();
    QTest::newRow("unparsable JSON")
        << jsonType << QByteArray() << QByteArrayLiteral("{\"grant_type\": ") << 400
        << QStringLiteral("invalid_request") << QByteArray();
    QTest::newRow("JSON that is not an object")
        << jsonType << QByteArray() << QByteArrayLiteral("[\"client_credentials\"]") << 400
        << QStringLiteral("invalid_request") << QByteArray();
    QTest::newRow("parameter sent twice")
        << formType << QByteArray()
        << QByteArray("grant_type=client_credentials&scope=read&scope=write" + client) << 400
        << QStringLiteral("invalid_request") << QByteArray();
    QTest::newRow("Basic and body secret")
        << formType << basic("demo-client", "demo-secret")
        << QByteArray("grant_type=client_credentials" + client) << 400
        << QStringLiteral("invalid_request") << QByteArray();
    QTest::newRow("password grant")
        << formType << QByteArray() << QByteArray("grant_type=password" + client) << 400
        << QStringLiteral("unsupported_grant_type") << QByteArray();
    QTest::newRow("unknown scope")
        << formType << QByteArray()
        << QByteArray("grant_type=client_credentials&scope=read+admin" + client) << 400
        << QStringLiteral("invalid_scope") << QByteArray();
    QTest::newRow("wrong secret in fields")
        << formType << QByteArray()
        << QByteArrayLiteral("grant_type=client_credentials&client_id=demo-client"
                             "&client_secret=oops")
        << 401 << QStringLiteral("invalid_client") << QByteArray();
    QTest::newRow("unknown client in JSON")
        << jsonType << QByteArray()
        << QByteArrayLiteral(R"({"grant_type":"client_credentials","client_id":"someone",)"
                             R"("client_secret":"demo-secret"})")
        << 401 << QStringLiteral("invalid_client") << QByteArray();
    QTest::newRow("no client credentials")
        << formType << QByteArray() << QByteArrayLiteral("grant_type=client_credentials") << 401
        << QStringLiteral("invalid_client") << QByteArray();
    QTest::newRow("wrong secret by Basic")
        << formType << basic("demo-client", "wrong")
        << QByteArrayLiteral("grant_type=client_credentials") << 401
        << QStringLiteral("invalid_client") << QByteArrayLiteral("Basic realm=\"sandbox\"");
}

void TestSandboxServer::tokenErrors()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(QByteArray, wwwAuthenticate);

    HeaderPairs headers {{"Content-Type", contentType}};
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    const HttpResult result = send("POST", QStringLiteral("/oauth/token"), headers, body);

    QVERIFY(result.finished);
    QCOMPARE(result.status, status);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QCOMPARE(result.json.value(QStringLiteral("error")).toString(), error);
    QVERIFY(!result.json.value(QStringLiteral("error_description")).toString().isEmpty());
    QVERIFY(!result.json.contains(QStringLiteral("access_token")));
    QCOMPARE(result.header("WWW-Authenticate"), wwwAuthenticate);
    QCOMPARE(m_server->tokensIssued(), 0);
}

void TestSandboxServer::countsOnlySuccessfulGrants()
{
    QCOMPARE(m_server->tokensIssued(), 0);
    QVERIFY(!validToken().isEmpty());
    QCOMPARE(requestToken("grant_type=client_credentials&client_id=demo-client").status, 401);
    QVERIFY(!validToken().isEmpty());
    QCOMPARE(m_server->tokensIssued(), 2);
}

void TestSandboxServer::meWithAValidToken()
{
    const QString token = validToken();
    QVERIFY(!token.isEmpty());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    // The scheme is case-insensitive (RFC 7235), and people type "bearer".
    const HttpResult result
        = send("GET", QStringLiteral("/api/me"), {{"Authorization", "bearer " + token.toLatin1()}});
    QCOMPARE(result.status, 200);
    QCOMPARE(
        result.json.value(QStringLiteral("client_id")).toString(), QStringLiteral("demo-client"));
    QCOMPARE(result.json.value(QStringLiteral("name")).toString(), QStringLiteral("Demo Client"));
    QCOMPARE(result.json.value(QStringLiteral("scope")).toString(), QStringLiteral("read"));
    const int left = result.json.value(QStringLiteral("token_expires_in")).toInt();
    QVERIFY2(left > 3590 && left <= 3600, qPrintable(QString::number(left)));
    const QDateTime expiresAt = QDateTime::fromString(
        result.json.value(QStringLiteral("token_expires_at")).toString(), Qt::ISODate);
    QVERIFY(expiresAt.isValid());
    QVERIFY(qAbs(before.secsTo(expiresAt) - 3600) <= 10);
}

void TestSandboxServer::meRefused_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("wwwAuthenticate");
    QTest::newRow("no token") << QByteArray() << QByteArrayLiteral("Bearer");
    QTest::newRow("garbage token") << QByteArrayLiteral("Bearer 0123456789abcdef")
                                   << QByteArrayLiteral("Bearer error=\"invalid_token\"");
    QTest::newRow("scheme without token")
        << QByteArrayLiteral("Bearer ") << QByteArrayLiteral("Bearer error=\"invalid_token\"");
    QTest::newRow("client credentials instead of a token") << basic(
        "demo-client", "demo-secret") << QByteArrayLiteral("Bearer error=\"invalid_token\"");
}

void TestSandboxServer::meRefused()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, wwwAuthenticate);
    QVERIFY(!validToken().isEmpty()); // a token exists, but is not the one sent
    HeaderPairs headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    const HttpResult result = send("GET", QStringLiteral("/api/me"), headers);
    QVERIFY(result.finished);
    QCOMPARE(result.status, 401);
    QCOMPARE(result.header("WWW-Authenticate"), wwwAuthenticate);
    QVERIFY(!result.json.value(QStringLiteral("error")).toString().isEmpty());
    QVERIFY(!result.json.contains(QStringLiteral("client_id")));
}

void TestSandboxServer::meRefusesAnExpiredToken()
{
    m_server->setTokenLifetimeSeconds(1);
    const HttpResult grant = requestToken();
    QCOMPARE(grant.json.value(QStringLiteral("expires_in")).toInt(), 1);
    const QByteArray bearer
        = "Bearer " + grant.json.value(QStringLiteral("access_token")).toString().toLatin1();
    QCOMPARE(send("GET", QStringLiteral("/api/me"), {{"Authorization", bearer}}).status, 200);

    QTest::qWait(1200);
    const HttpResult result = send("GET", QStringLiteral("/api/me"), {{"Authorization", bearer}});
    QCOMPARE(result.status, 401);
    QCOMPARE(
        result.header("WWW-Authenticate"), QByteArrayLiteral("Bearer error=\"invalid_token\""));
    QCOMPARE(
        result.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_token"));
    QVERIFY(result.json.value(QStringLiteral("error_description"))
                .toString()
                .contains(QStringLiteral("expired")));
}

void TestSandboxServer::meRefusesRevokedTokens()
{
    const QByteArray first = "Bearer " + validToken().toLatin1();
    const QByteArray second = "Bearer " + validToken().toLatin1();
    QCOMPARE(send("GET", QStringLiteral("/api/me"), {{"Authorization", first}}).status, 200);

    m_server->revokeAllTokens();
    for (const QByteArray &bearer : {first, second}) {
        const HttpResult result
            = send("GET", QStringLiteral("/api/me"), {{"Authorization", bearer}});
        QCOMPARE(result.status, 401);
        QCOMPARE(
            result.header("WWW-Authenticate"), QByteArrayLiteral("Bearer error=\"invalid_token\""));
    }
    // A token granted after the revocation works again.
    const QByteArray fresh = "Bearer " + validToken().toLatin1();
    QCOMPARE(send("GET", QStringLiteral("/api/me"), {{"Authorization", fresh}}).status, 200);
}

void TestSandboxServer::itemsArePagedWithNextLinks()
{
    const QByteArray bearer = "Bearer " + validToken().toLatin1();
    HttpResult first = send("GET", QStringLiteral("/api/items"), {{"Authorization", bearer}});
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json.value(QStringLiteral("page")).toInt(), 1);
    QCOMPARE(first.json.value(QStringLiteral("per_page")).toInt(), 10);
    QCOMPARE(first.json.value(QStringLiteral("items")).toArray().size(), 10);
    const int total = first.json.value(QStringLiteral("total")).toInt();
    QVERIFY(total >= 20 && total <= 30);
    QCOMPARE(first.json.value(QStringLiteral("next")).toString(),
        m_server->baseUrl().toString() + QStringLiteral("/api/items?page=2&per_page=10"));

    // Following "next" with per_page=7 walks every item exactly once and ends on null.
    QList<int> ids;
    QString next = m_server->baseUrl().toString() + QStringLiteral("/api/items?per_page=7");
    int pages = 0;
    while (!next.isEmpty() && pages < 10) {
        const HttpResult page
            = send("GET", QUrl(next).toString(QUrl::RemoveScheme | QUrl::RemoveAuthority),
                {{"Authorization", bearer}});
        QCOMPARE(page.status, 200);
        const QJsonArray items = page.json.value(QStringLiteral("items")).toArray();
        QVERIFY(!items.isEmpty());
        for (const QJsonValue &item : items) {
            const QJsonObject object = item.toObject();
            QVERIFY(!object.value(QStringLiteral("name")).toString().isEmpty());
            QVERIFY(object.value(QStringLiteral("price")).isDouble());
            ids.append(object.value(QStringLiteral("id")).toInt());
        }
        const QJsonValue nextValue = page.json.value(QStringLiteral("next"));
        QVERIFY(nextValue.isNull() || nextValue.isString());
        next = nextValue.toString();
        if (next.isEmpty())
            QCOMPARE(items.size(), total - 7 * pages);
        ++pages;
    }
    QCOMPARE(pages, (total + 6) / 7);
    QCOMPARE(ids.size(), total);
    QCOMPARE(QSet<int>(ids.cbegin(), ids.cend()).size(), total);

    const HttpResult beyond
        = send("GET", QStringLiteral("/api/items?page=99"), {{"Authorization", bearer}});
    QCOMPARE(beyond.status, 200);
    QVERIFY(beyond.json.value(QStringLiteral("items")).toArray().isEmpty());
    QVERIFY(beyond.json.value(QStringLiteral("next")).isNull());
}

void TestSandboxServer::itemsRejectBadPaging_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("page 0") << QStringLiteral("page=0");
    QTest::newRow("negative page") << QStringLiteral("page=-1");
    QTest::newRow("page not a number") << QStringLiteral("page=two");
    QTest::newRow("per_page 0") << QStringLiteral("per_page=0");
    QTest::newRow("per_page above 100") << QStringLiteral("per_page=101");
    QTest::newRow("per_page empty") << QStringLiteral("per_page=");
}

void TestSandboxServer::itemsRejectBadPaging()
{
    QFETCH(QString, query);
    const QByteArray bearer = "Bearer " + validToken().toLatin1();
    const HttpResult result
        = send("GET", QStringLiteral("/api/items?") + query, {{"Authorization", bearer}});
    QCOMPARE(result.status, 400);
    QCOMPARE(
        result.json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_request"));
    QVERIFY(!result.json.value(QStringLiteral("error_description")).toString().isEmpty());
}

void TestSandboxServer::itemsNeedAToken_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("GET") << QByteArrayLiteral("GET");
    QTest::newRow("POST") << QByteArrayLiteral("POST");
}

void TestSandboxServer::itemsNeedAToken()
{
    QFETCH(QByteArray, method);
    const HttpResult result = send(method, QStringLiteral("/api/items"),
        {{"Content-Type", jsonType}, {"Authorization", "Bearer not-a-token"}},
        R"({"name": "Lamp"})");
    QCOMPARE(result.status, 401);
    QCOMPARE(
        result.header("WWW-Authenticate"), QByteArrayLiteral("Bearer error=\"invalid_token\""));
}

void TestSandboxServer::createdItemAppearsInTheList()
{
    const QByteArray bearer = "Bearer " + validToken().toLatin1();
    const int totalBefore = send("GET", QStringLiteral("/api/items"), {{"Authorization", bearer}})
                                .json.value(QStringLiteral("total"))
                                .toInt();
    QVERIFY(totalBefore > 0);

    const HttpResult created = send("POST", QStringLiteral("/api/items"),
        {{"Content-Type", jsonType}, {"Authorization", bearer}},
        R"({"name": "Desk lamp XL", "price": 12.5})");
    QCOMPARE(created.status, 201);
    QVERIFY(created.header("Content-Type").startsWith("application/json"));
    QCOMPARE(created.json.value(QStringLiteral("name")).toString(), QStringLiteral("Desk lamp XL"));
    QCOMPARE(created.json.value(QStringLiteral("price")).toDouble(), 12.5);
    const int id = created.json.value(QStringLiteral("id")).toInt();
    QVERIFY(id > totalBefore);

    const HttpResult second = send("POST", QStringLiteral("/api/items"),
        {{"Content-Type", jsonType}, {"Authorization", bearer}}, R"({"name": "Chair"})");
    QCOMPARE(second.status, 201);
    QVERIFY(second.json.value(QStringLiteral("id")).toInt() != id);

    const HttpResult list
        = send("GET", QStringLiteral("/api/items?per_page=100"), {{"Authorization", bearer}});
    QCOMPARE(list.json.value(QStringLiteral("total")).toInt(), totalBefore + 2);
    const QJsonArray items = list.json.value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), totalBefore + 2);
    QCOMPARE(items.at(totalBefore).toObject(), created.json);
    QCOMPARE(
        items.last().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Chair"));
}

void TestSandboxServer::createItemRejectsBadBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("not JSON") << QByteArrayLiteral("name=Lamp");
    QTest::newRow("truncated JSON") << QByteArrayLiteral("{\"name\": \"Lamp\"");
    QTest::newRow("array") << QByteArrayLiteral("[{\"name\": \"Lamp\"}]");
    QTest::newRow("no name") << QByteArrayLiteral("{\"price\": 3}");
    QTest::newRow("empty name") << QByteArrayLiteral("{\"name\": \"\"}");
    QTest::newRow("price as text") << QByteArrayLiteral("{\"name\": \"Lamp\", \"price\": \"3\"}");
}

void TestSandboxServer::createItemRejectsBadBodies()
{
    QFETCH(QByteArray, body);
    const QByteArray bearer = "Bearer " + validToken().toLatin1();
    const HttpResult result = send("POST", QStringLiteral("/api/items"),
        {{"Content-Type", jsonType}, {"Authorization", bearer}}, body);
    QCOMPARE(result.status, 400);
    QVERIFY(!result.json.value(QStringLiteral("error_description")).toString().isEmpty());

    const HttpResult list
        = send("GET", QStringLiteral("/api/items?per_page=100"), {{"Authorization", bearer}});
    const QJsonArray items = list.json.value(QStringLiteral("items")).toArray();
    QCOMPARE(list.json.value(QStringLiteral("total")).toInt(), items.size());
    QVERIFY(
        items.last().toObject().value(QStringLiteral("name")).toString() != QStringLiteral("Lamp"));
}

void TestSandboxServer::unknownPathsAndMethods_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("unknown path") << QByteArrayLiteral("GET") << QStringLiteral("/nothing") << 404;
    QTest::newRow("api root") << QByteArrayLiteral("GET") << QStringLiteral("/api") << 404;
    QTest::newRow("unknown item") << QByteArrayLiteral("GET") << QStringLiteral("/api/items/999")
                                  << 404;
    QTest::newRow("GET token") << QByteArrayLiteral("GET") << QStringLiteral("/oauth/token") << 405;
    QTest::newRow("POST me") << QByteArrayLiteral("POST") << QStringLiteral("/api/me") << 405;
    QTest::newRow("DELETE items") << QByteArrayLiteral("DELETE") << QStringLiteral("/api/items")
                                  << 405;
}

void TestSandboxServer::unknownPathsAndMethods()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    const QByteArray bearer = "Bearer " + validToken().toLatin1();
    const HttpResult result = send(method, path, {{"Authorization", bearer}});
    QCOMPARE(result.status, status);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    QVERIFY(!result.json.value(QStringLiteral("error")).toString().isEmpty());
    if (status == 405)
        QVERIFY(!result.header("Allow").isEmpty());
}

void TestSandboxServer::busyAnswers429WithRetryAfterThenSucceeds()
{
    const QByteArray bearer = "Bearer " + validToken().toLatin1();
    const QString path = QStringLiteral("/api/busy?key=retry&busy=2&retry_after=7");
    for (int call = 1; call <= 2; ++call) {
        const HttpResult refused = send("GET", path, {{"Authorization", bearer}});
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.header("Retry-After"), QByteArray("7"));
        QCOMPARE(
            refused.json.value(QStringLiteral("error")).toString(), QStringLiteral("rate_limited"));
        QVERIFY2(refused.json.value(QStringLiteral("error_description"))
                     .toString()
                     .contains(QLatin1String("try again in 7 seconds")),
            refused.body.constData());
    }
    const HttpResult third = send("GET", path, {{"Authorization", bearer}});
    QCOMPARE(third.status, 200);
    QCOMPARE(third.json.value(QStringLiteral("attempt")).toInt(), 3);
    QVERIFY(third.header("Retry-After").isEmpty());
}

void TestSandboxServer::busyKeysAreCountedApart()
{
    const QByteArray bearer = "Bearer " + validToken().toLatin1();
    QCOMPARE(
        send("GET", QStringLiteral("/api/busy?key=a&busy=1"), {{"Authorization", bearer}}).status,
        429);
    QCOMPARE(
        send("GET", QStringLiteral("/api/busy?key=b&busy=1"), {{"Authorization", bearer}}).status,
        429);
    QCOMPARE(
        send("GET", QStringLiteral("/api/busy?key=a&busy=1"), {{"Authorization", bearer}}).status,
        200);
    // busy=0: never refused; the default is two refusals with Retry-After: 1.
    QCOMPARE(
        send("GET", QStringLiteral("/api/busy?key=c&busy=0"), {{"Authorization", bearer}}).status,
        200);
    const HttpResult byDefault
        = send("GET", QStringLiteral("/api/busy"), {{"Authorization", bearer}});
    QCOMPARE(byDefault.status, 429);
    QCOMPARE(byDefault.header("Retry-After"), QByteArray("1"));
}

void TestSandboxServer::busyRefusesBadNumbersAndNeedsAToken_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<int>("status");
    QTest::newRow("no token") << QString() << false << 401;
    QTest::newRow("busy above 10") << QStringLiteral("busy=11") << true << 400;
    QTest::newRow("busy negative") << QStringLiteral("busy=-1") << true << 400;
    QTest::newRow("retry_after above 300") << QStringLiteral("retry_after=301") << true << 400;
    QTest::newRow("retry_after not a number") << QStringLiteral("retry_after=soon") << true << 400;
}

void TestSandboxServer::busyRefusesBadNumbersAndNeedsAToken()
{
    QFETCH(QString, query);
    QFETCH(bool, withToken);
    QFETCH(int, status);
    HeaderPairs headers;
    if (withToken)
        headers.append({"Authorization", "Bearer " + validToken().toLatin1()});
    const HttpResult result = send("GET", QStringLiteral("/api/busy?") + query, headers);
    QCOMPARE(result.status, status);
    QVERIFY(!result.json.value(QStringLiteral("error_description")).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestSandboxServer)
#include "tst_sandboxserver.moc"
