#include "core/sandbox/SandboxServer.h"

#include "core/sandbox/SandboxAuthorization.h"
#include "core/sandbox/TokenStore.h"

#include <QAbstractHttpServer>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace {

using Method = QHttpServerRequest::Method;
using Status = QHttpServerResponder::StatusCode;

constexpr int defaultPerPage = 10;
constexpr int maxPerPage = 100;

QString demoClientName()
{
    return QStringLiteral("Demo Client");
}

QStringList allowedScopes()
{
    return {QStringLiteral("read"), QStringLiteral("write")};
}

QString defaultScope()
{
    return QStringLiteral("read");
}

struct Response
{
    Status status = Status::Ok;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

Response jsonResponse(const QJsonObject &object, Status status = Status::Ok)
{
    Response response;
    response.status = status;
    response.contentType = QByteArrayLiteral("application/json");
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

Response errorResponse(Status status, const QString &error, const QString &description)
{
    return jsonResponse(QJsonObject {{QStringLiteral("error"), error},
                            {QStringLiteral("error_description"), description}},
        status);
}

QByteArray headerValue(const QHttpServerRequest &request, const QByteArray &name)
{
    // Looked up by hand because header names are case-insensitive and clients vary.
    const auto headers = request.headers();
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second.trimmed();
    }
    return {};
}

QByteArray mediaType(const QHttpServerRequest &request)
{
    const QByteArray contentType = headerValue(request, QByteArrayLiteral("Content-Type"));
    return contentType.split(';').value(0).trimmed().toLower();
}

// application/x-www-form-urlencoded decoding: '+' is a space there, unlike in QUrlQuery.
QString formDecode(QByteArray text)
{
    text.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(text));
}

QString methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return QStringLiteral("GET");
    case Method::Put:
        return QStringLiteral("PUT");
    case Method::Delete:
        return QStringLiteral("DELETE");
    case Method::Post:
        return QStringLiteral("POST");
    case Method::Head:
        return QStringLiteral("HEAD");
    case Method::Options:
        return QStringLiteral("OPTIONS");
    case Method::Patch:
        return QStringLiteral("PATCH");
    default:
        return QStringLiteral("this method");
    }
}

Response methodNotAllowed(
    const QHttpServerRequest &request, const QString &path, const QByteArray &allowed)
{
    Response response
        = errorResponse(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
            QStringLiteral("%1 is not accepted at %2; use %3.")
                .arg(methodName(request.method()), path, QString::fromLatin1(allowed)));
    response.headers.append({QByteArrayLiteral("Allow"), allowed});
    return response;
}

QJsonArray demoItems()
{
    struct Demo
    {
        const char *name;
        double price;
    };
    static const Demo demos[] = {
        {"Blue pen", 1.5},
        {"Red pen", 1.5},
        {"Pencil", 0.8},
        {"Eraser", 0.6},
        {"Ruler", 2.2},
        {"Notebook A5", 3.9},
        {"Notebook A4", 4.9},
        {"Sticky notes", 2.5},
        {"Stapler", 7.95},
        {"Staples", 1.2},
        {"Paper clips", 0.99},
        {"Scissors", 5.5},
        {"Glue stick", 1.75},
        {"Highlighter", 1.3},
        {"Marker", 2.1},
        {"Whiteboard", 39.0},
        {"Desk lamp", 24.9},
        {"Mouse pad", 6.5},
        {"USB stick", 9.99},
        {"Envelopes", 3.2},
        {"Folder", 1.1},
        {"Binder", 4.4},
        {"Calculator", 12.5},
        {"Tape", 1.6},
        {"Printer paper", 5.95},
    };
    QJsonArray items;
    int id = 1;
    for (const Demo &demo : demos) {
        items.append(QJsonObject {{QStringLiteral("id"), id++},
            {QStringLiteral("name"), QString::fromLatin1(demo.name)},
            {QStringLiteral("price"), demo.price}});
    }
    return items;
}

// Parses a positive whole number from a query value; nullopt when it is not one.
std::optional<int> positiveInt(const QString &text)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < 1)
        return std::nullopt;
    return value;
}

/// Routes every request itself, so that the sandbox decides 404 and 405 answers in JSON.
class LoopbackHttpServer : public QAbstractHttpServer
{
public:
    using Handler = std::function<Response(const QHttpServerRequest &)>;

    LoopbackHttpServer(Handler handler, QObject *parent)
        : QAbstractHttpServer(parent)
        , m_handler(std::move(handler))
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        const Response response = m_handler(request);
        QHttpServerResponder responder = makeResponder(request, socket);
        responder.writeStatusLine(response.status);
        if (!response.contentType.isEmpty())
            responder.writeHeader(QByteArrayLiteral("Content-Type"), response.contentType);
        for (const auto &header : response.headers)
            responder.writeHeader(header.first, header.second);
        responder.writeHeader(
            QByteArrayLiteral("Content-Length"), QByteArray::number(response.body.size()));
        responder.writeBody(response.body);
        return true;
    }

    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override { }

private:
    Handler m_handler;
};

} // namespace

struct SandboxServer::Private
{
    QPointer<LoopbackHttpServer> http;
    QPointer<QTcpServer> tcp;
    TokenStore tokens;
    SandboxAuthorization browserSignIn;
    int tokenLifetimeSeconds = 3600;
    int tokensIssued = 0;
    QJsonArray items = demoItems();
    int nextItemId = 26;
    /// Calls of /api/busy and /oauth/busy/token so far, per key.
    QHash<QString, int> busyCalls;
    /// The https port that asks for a client certificate (startTls).
    QPointer<LoopbackHttpServer> tlsHttp;
    QPointer<QTcpServer> tlsTcp;

    QUrl baseUrl() const;
    /// `certified`: the request came on the https port, with a client certificate the
    /// sandbox's test CA signed.
    Response handle(const QHttpServerRequest &request, bool certified = false);
    Response signIn(const QHttpServerRequest &request, bool certified) const;
    /// A 429 with Retry-After for the first `busy` calls with the same `key` (query).
    std::optional<Response> tooBusy(const QHttpServerRequest &request, int *attempt);
    Response index(const QHttpServerRequest &request) const;
    Response token(const QHttpServerRequest &request);
    Response authorize(const QHttpServerRequest &request);
    Response revoke(const QHttpServerRequest &request);
    Response me(const QHttpServerRequest &request) const;
    Response listItems(const QHttpServerRequest &request) const;
    Response listItemsByOffset(const QUrlQuery &query) const;
    Response listItemsByCursor(const QUrlQuery &query) const;
    Response createItem(const QHttpServerRequest &request);
    Response oneItem(const QHttpServerRequest &request, const QString &path) const;
    Response busy(const QHttpServerRequest &request);
    /// Returns nullopt when the request carries a valid token, else the 401 to send.
    std::optional<Response> checkBearer(
        const QHttpServerRequest &request, TokenStore::Token *token) const;
};

QUrl SandboxServer::Private::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    if (tcp)
        url.setPort(tcp->serverPort());
    return url;
}

Response SandboxServer::Private::handle(const QHttpServerRequest &request, bool certified)
{
    QString path = request.url().path();
    // "/api/me/" is what someone meant by "/api/me"; being strict here would only confuse.
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const Method method = request.method();

    if (path == QLatin1String("/") || path.isEmpty()) {
        if (method != Method::Get)
            return methodNotAllowed(request, QStringLiteral("/"), QByteArrayLiteral("GET"));
        return index(request);
    }
    if (path == QLatin1String("/oauth/token")) {
        if (method != Method::Post) {
            return methodNotAllowed(request, path, QByteArrayLiteral("POST"));
        }
        return token(request);
    }
    if (path == QLatin1String("/oauth/authorize")) {
        if (method != Method::Get && method != Method::Post)
            return methodNotAllowed(request, path, QByteArrayLiteral("GET, POST"));
        return authorize(request);
    }
    if (path == QLatin1String("/oauth/revoke")) {
        if (method != Method::Post)
            return methodNotAllowed(request, path, QByteArrayLiteral("POST"));
        return revoke(request);
    }
    if (path == QLatin1String("/api/me")) {
        if (method != Method::Get)
            return methodNotAllowed(request, path, QByteArrayLiteral("GET"));
        return me(request);
    }
    if (path == QLatin1String("/api/items")) {
        if (method == Method::Get)
            return listItems(request);
        if (method == Method::Post)
            return createItem(request);
        return methodNotAllowed(request, path, QByteArrayLiteral("GET, POST"));
    }
    if (path == QLatin1String("/oauth/busy/token")) {
        if (method != Method::Post)
            return methodNotAllowed(request, path, QByteArrayLiteral("POST"));
        int attempt = 0;
        if (auto refusal = tooBusy(request, &attempt))
            return *refusal;
        return token(request);
    }
    if (path == QLatin1String("/api/signin")) {
        if (method != Method::Get)
            return methodNotAllowed(request, path, QByteArrayLiteral("GET"));
        return signIn(request, certified);
    }
    if (path == QLatin1String("/api/busy")) {
        if (method != Method::Get)
            return methodNotAllowed(request, path, QByteArrayLiteral("GET"));
        return busy(request);
    }
    if (path.startsWith(QLatin1String("/api/items/"))) {
        if (method != Method::Get)
            return methodNotAllowed(request, path, QByteArrayLiteral("GET"));
        return oneItem(request, path);
    }
    return errorResponse(Status::NotFound, QStringLiteral("not_found"),
        QStringLiteral("There is nothing at %1. The sandbox serves POST "
                       "/oauth/token, GET /api/me, GET and POST /api/items, GET /api/busy, "
                       "GET /api/signin, POST /oauth/busy/token; "
                       "open %2/ in a browser for help.")
            .arg(path, baseUrl().toString()));
}

Response SandboxServer::Private::index(const QHttpServerRequest &) const
{
    const QString base = baseUrl().toString();
    const QString html
        = QStringLiteral(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Scenarist sandbox API</title></head><body>\n"
            "<h1>Scenarist sandbox API</h1>\n"
            "<p>A small OAuth2-protected API that Scenarist serves on this computer only "
            "(127.0.0.1), so you can try scenarios with no internet and no account.</p>\n"
            "<h2>Endpoints</h2>\n<ul>\n"
            "<li><code>POST %1/oauth/token</code>: get an access token "
            "(OAuth2 client credentials grant).</li>\n"
            "<li><code>GET %1/api/me</code>: who you are, with your token's scope and "
            "expiry.</li>\n"
            "<li><code>GET %1/api/items?page=1&amp;per_page=10</code>: a paged list of items "
            "with a <code>next</code> link; <code>?offset=0&amp;limit=10</code> pages by "
            "offset, <code>?style=cursor&amp;limit=10</code> by a <code>next_cursor</code> "
            "sent back as <code>cursor</code>, and <code>&amp;style=link</code> gives the "
            "next page in the <code>Link</code> header.</li>\n"
            "<li><code>POST %1/api/items</code>: create an item from a JSON body such as "
            "<code>{\"name\": \"Lamp\", \"price\": 12.5}</code>.</li>\n"
            "<li><code>GET %1/api/busy?key=a&amp;busy=2&amp;retry_after=1</code>: answers "
            "<em>429 Too Many Requests</em> with <code>Retry-After: 1</code> to the first 2 "
            "calls with that key, then 200: for trying error handlers that retry.</li>\n"
            "<li><code>POST %1/oauth/busy/token?key=a&amp;busy=2&amp;retry_after=1</code>: "
            "the token endpoint, busy (429) the same way first: for trying a connection's "
            "retries.</li>\n"
            "<li><code>GET %1/api/signin</code>: says how you signed in: the API key "
            "<code>%5</code> in the header <code>X-API-Key</code> or the query parameter "
            "<code>api_key</code>, the Bearer token <code>%6</code>, Basic with the user "
            "<code>%7</code> and the password <code>%8</code>, or a client certificate on the "
            "https port.</li>\n"
            "</ul>\n"
            "<p>The <code>/api</code> endpoints need the header "
            "<code>Authorization: Bearer &lt;access_token&gt;</code>.</p>\n"
            "<h2>Demo client</h2>\n<ul>\n"
            "<li>client_id: <code>%2</code></li>\n<li>client_secret: <code>%3</code></li>\n"
            "<li>scopes: <code>read</code> (the default) and <code>write</code></li>\n"
            "<li>tokens last %4 seconds</li>\n</ul>\n"
            "<h2>Getting a token</h2>\n"
            "<p>Send <code>POST %1/oauth/token</code> with the body type "
            "<em>application/x-www-form-urlencoded</em> and these fields:</p>\n"
            "<pre>grant_type    = client_credentials\nclient_id     = %2\n"
            "client_secret = %3\nscope         = read write</pre>\n"
            "<p>or a raw JSON body:</p>\n"
            "<pre>{\"grant_type\": \"client_credentials\", \"client_id\": \"%2\", "
            "\"client_secret\": \"%3\", \"scope\": \"read\"}</pre>\n"
            "<p>You may also send the client id and secret as HTTP Basic authentication "
            "instead of fields. The answer holds <code>access_token</code>, "
            "<code>token_type</code>, <code>expires_in</code> and <code>scope</code>.</p>\n"
            "</body></html>\n")
              .arg(base, SandboxServer::demoClientId(), SandboxServer::demoClientSecret(),
                  QString::number(tokenLifetimeSeconds))
              .arg(SandboxServer::demoApiKey(), SandboxServer::demoBearerToken(),
                  SandboxServer::demoUsername(), SandboxServer::demoPassword());
    Response response;
    response.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    response.body = html.toUtf8();
    return response;
}

Response SandboxServer::Private::token(const QHttpServerRequest &request)
{
    // RFC 6749 §5.1: token responses, including errors, must not be cached.
    const auto finish = [](Response response) {
        response.headers.append(
            {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
        response.headers.append({QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache")});
        return response;
    };
    const auto invalidRequest = [&](const QString &description) {
        return finish(
            errorResponse(Status::BadRequest, QStringLiteral("invalid_request"), description));
    };

    // The parameters, from a form body or a JSON body (Make's article uses JSON).
    QHash<QString, QString> params;
    const QByteArray body = request.body();
    const QByteArray type = mediaType(request);
    const bool looksJson = type == "application/json" || type.endsWith("+json")
        || (type.isEmpty() && body.trimmed().startsWith('{'));
    if (looksJson) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            return invalidRequest(QStringLiteral("The body is not a valid JSON object (%1 at "
                                                 "character %2).")
                                      .arg(parseError.error != QJsonParseError::NoError
                                              ? parseError.errorString()
                                              : QStringLiteral("not an object"))
                                      .arg(parseError.offset));
        }
        const QJsonObject object = document.object();
        const QStringList known = {QStringLiteral("grant_type"), QStringLiteral("client_id"),
            QStringLiteral("client_secret"), QStringLiteral("scope"), QStringLiteral("code"),
            QStringLiteral("redirect_uri"), QStringLiteral("code_verifier"),
            QStringLiteral("refresh_token"), QStringLiteral("client_assertion"),
            QStringLiteral("client_assertion_type")};
        for (const QString &key : known) {
            const QJsonValue value = object.value(key);
            if (value.isUndefined())
                continue;
            if (!value.isString()) {
                return invalidRequest(QStringLiteral("The field \"%1\" must be text in "
                                                     "quotes.")
                                          .arg(key));
            }
            params.insert(key, value.toString());
        }
    } else if (type.isEmpty() || type == "application/x-www-form-urlencoded") {
        const QList<QByteArray> pairs = body.trimmed().split('&');
        for (const QByteArray &pair : pairs) {
            if (pair.isEmpty())
                continue;
            const int equals = pair.indexOf('=');
            const QString key = formDecode(equals < 0 ? pair : pair.left(equals));
            const QString value = equals < 0 ? QString() : formDecode(pair.mid(equals + 1));
            // RFC 6749 §3.2: a parameter must not be sent more than once.
            if (params.contains(key)) {
                return invalidRequest(QStringLiteral("The field \"%1\" was sent more than "
                                                     "once.")
                                          .arg(key));
            }
            params.insert(key, value);
        }
    } else {
        return invalidRequest(QStringLiteral("The body type %1 is not understood here; send "
                                             "the fields as application/x-www-form-urlencoded "
                                             "or as a JSON object.")
                                  .arg(QString::fromLatin1(type)));
    }

    const QString grantType = params.value(QStringLiteral("grant_type"));
    if (grantType.isEmpty()) {
        return invalidRequest(QStringLiteral("The field grant_type is missing; set it to "
                                             "client_credentials."));
    }
    const bool signedIn = grantType == QLatin1String("authorization_code")
        || grantType == QLatin1String("refresh_token");
    if (grantType != QLatin1String("client_credentials") && !signedIn) {
        return finish(errorResponse(Status::BadRequest, QStringLiteral("unsupported_grant_type"),
            QStringLiteral("The grant type \"%1\" is not supported "
                           "here; use client_credentials, authorization_code or "
                           "refresh_token.")
                .arg(grantType)));
    }
    QUrl tokenUrl = baseUrl();
    tokenUrl.setPath(QStringLiteral("/oauth/token"));
    const bool assertion = params.contains(QStringLiteral("client_assertion"));
    if (assertion) {
        const QString refused = browserSignIn.checkAssertion(params, tokenUrl.toString());
        if (!refused.isEmpty())
            return finish(
                errorResponse(Status::Unauthorized, QStringLiteral("invalid_client"), refused));
    }

    // Client authentication: HTTP Basic (RFC 6749 §2.3.1) or fields, never both.
    QString clientId;
    QString clientSecret;
    const QByteArray authorization = headerValue(request, QByteArrayLiteral("Authorization"));
    const bool usedBasic = authorization.toLower().startsWith("basic ");
    if (usedBasic) {
        if (params.contains(QStringLiteral("client_secret"))) {
            return invalidRequest(QStringLiteral("The client was authenticated twice: by a "
                                                 "Basic Authorization header and by a "
                                                 "client_secret field. Use only one."));
        }
        const auto decoded = QByteArray::fromBase64Encoding(
            authorization.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        const int colon = decoded.decoded.indexOf(':');
        if (!decoded || colon < 0) {
            return invalidRequest(QStringLiteral("The Basic Authorization header could not be "
                                                 "read; it must be \"Basic \" followed by "
                                                 "base64 of client_id:client_secret."));
        }
        // The id and secret are form-urlencoded before base64 (RFC 6749 §2.3.1).
        clientId = formDecode(decoded.decoded.left(colon));
        clientSecret = formDecode(decoded.decoded.mid(colon + 1));
        const QString bodyId = params.value(QStringLiteral("client_id"));
        if (!bodyId.isEmpty() && bodyId != clientId) {
            return invalidRequest(QStringLiteral("The client_id field differs from the client "
                                                 "id in the Basic Authorization header."));
        }
    } else {
        clientId = params.value(QStringLiteral("client_id"));
        clientSecret = params.value(QStringLiteral("client_secret"));
    }

    if (assertion)
        clientId = SandboxServer::demoClientId();
    // With a browser sign-in the demo client may also be public (no secret), as a desktop
    // app is: PKCE protects its code (RFC 8252 §8.5).
    const bool publicClient
        = signedIn && !usedBasic && !params.contains(QStringLiteral("client_secret"));
    if (!assertion
        && (clientId != SandboxServer::demoClientId()
            || (clientSecret != SandboxServer::demoClientSecret() && !publicClient))) {
        QString description;
        if (clientId.isEmpty()) {
            description
                = QStringLiteral("No client id was sent; send client_id and "
                                 "client_secret (the demo client is %1 / %2).")
                      .arg(SandboxServer::demoClientId(), SandboxServer::demoClientSecret());
        } else if (clientId != SandboxServer::demoClientId()) {
            description = QStringLiteral("The client \"%1\" is unknown; the demo client is "
                                         "%2.")
                              .arg(clientId, SandboxServer::demoClientId());
        } else {
            description = QStringLiteral("The client secret is wrong for %1.").arg(clientId);
        }
        Response response
            = errorResponse(Status::Unauthorized, QStringLiteral("invalid_client"), description);
        if (usedBasic) {
            response.headers.append({QByteArrayLiteral("WWW-Authenticate"),
                QByteArrayLiteral("Basic realm=\"sandbox\"")});
        }
        return finish(response);
    }

    if (signedIn) {
        const SandboxAuthorization::Grant grant = grantType == QLatin1String("refresh_token")
            ? browserSignIn.redeemRefreshToken(params)
            : browserSignIn.redeemCode(params);
        if (!grant.error.isEmpty())
            return finish(errorResponse(Status::BadRequest, grant.error, grant.description));
        const QString accessToken = tokens.issue(grant.clientId, grant.scope, tokenLifetimeSeconds);
        ++tokensIssued;
        return finish(jsonResponse(QJsonObject {
            {QStringLiteral("access_token"), accessToken},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
            {QStringLiteral("expires_in"), tokenLifetimeSeconds},
            {QStringLiteral("scope"), grant.scope},
            {QStringLiteral("refresh_token"), grant.refreshToken},
        }));
    }

    QStringList granted;
    const QStringList asked
        = params.value(QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &scope : asked) {
        if (!allowedScopes().contains(scope)) {
            return finish(errorResponse(Status::BadRequest, QStringLiteral("invalid_scope"),
                QStringLiteral("The scope \"%1\" is unknown; ask for "
                               "read, write or \"read write\".")
                    .arg(scope)));
        }
    }
    for (const QString &scope : allowedScopes()) {
        if (asked.contains(scope))
            granted.append(scope);
    }
    const QString scope = granted.isEmpty() ? defaultScope() : granted.join(QLatin1Char(' '));

    const QString accessToken = tokens.issue(clientId, scope, tokenLifetimeSeconds);
    ++tokensIssued;
    return finish(jsonResponse(QJsonObject {
        {QStringLiteral("access_token"), accessToken},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), tokenLifetimeSeconds},
        {QStringLiteral("scope"), scope},
    }));
}

Response SandboxServer::Private::authorize(const QHttpServerRequest &request)
{
    const SandboxReply reply = request.method() == Method::Get
        ? browserSignIn.consentPage(request.query())
        : browserSignIn.decide(request.body());
    Response response;
    response.status = static_cast<Status>(reply.status);
    response.contentType = reply.contentType;
    response.body = reply.body;
    response.headers = reply.headers;
    return response;
}

Response SandboxServer::Private::revoke(const QHttpServerRequest &request)
{
    // RFC 7009 §2.2: 200 whether or not the token was known, so that it reveals nothing.
    const QHash<QString, QString> form = SandboxAuthorization::formFields(request.body());
    const QString token = form.value(QStringLiteral("token"));
    if (token.isEmpty())
        return errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
            QStringLiteral("Send the refresh token to revoke in the form field \"token\"."));
    browserSignIn.revoke(token);
    Response response;
    response.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return response;
}

std::optional<Response> SandboxServer::Private::checkBearer(
    const QHttpServerRequest &request, TokenStore::Token *token) const
{
    const QByteArray authorization = headerValue(request, QByteArrayLiteral("Authorization"));
    const auto unauthorized
        = [](const QString &error, const QString &description, const QByteArray &challenge) {
              Response response = errorResponse(Status::Unauthorized, error, description);
              response.headers.append({QByteArrayLiteral("WWW-Authenticate"), challenge});
              return response;
          };
    if (authorization.isEmpty()) {
        // RFC 6750 §3.1: no error code when the request had no authentication at all.
        return unauthorized(QStringLiteral("unauthorized"),
            QStringLiteral("This endpoint needs an access token: add the header "
                           "Authorization: Bearer <access_token>, with a token "
                           "from POST /oauth/token."),
            QByteArrayLiteral("Bearer"));
    }
    const QByteArray invalidChallenge = QByteArrayLiteral("Bearer error=\"invalid_token\"");
    if (authorization.compare("bearer", Qt::CaseInsensitive) == 0) {
        return unauthorized(QStringLiteral("invalid_token"),
            QStringLiteral("The Authorization header says Bearer but no token "
                           "follows it; check that the access token is mapped "
                           "into it."),
            invalidChallenge);
    }
    if (!authorization.toLower().startsWith("bearer ")) {
        return unauthorized(QStringLiteral("invalid_token"),
            QStringLiteral("The Authorization header must be \"Bearer \" "
                           "followed by the access token."),
            invalidChallenge);
    }
    const QString presented = QString::fromLatin1(authorization.mid(7).trimmed());
    switch (tokens.check(presented, token)) {
    case TokenStore::Check::Valid:
        return std::nullopt;
    case TokenStore::Check::Expired:
        return unauthorized(QStringLiteral("invalid_token"),
            QStringLiteral("The access token has expired; get a new one from "
                           "POST /oauth/token."),
            invalidChallenge);
    case TokenStore::Check::Unknown:
        break;
    }
    return unauthorized(QStringLiteral("invalid_token"),
        QStringLiteral("The access token is not one this sandbox issued, or it "
                       "was revoked; get a new one from POST /oauth/token."),
        invalidChallenge);
}

Response SandboxServer::Private::me(const QHttpServerRequest &request) const
{
    TokenStore::Token token;
    if (auto refusal = checkBearer(request, &token))
        return *refusal;
    // Rounded up so a token that is still valid never shows 0 seconds left.
    const qint64 secondsLeft = (tokens.remainingMs(token) + 999) / 1000;
    return jsonResponse(QJsonObject {
        {QStringLiteral("client_id"), token.clientId},
        {QStringLiteral("name"), demoClientName()},
        {QStringLiteral("scope"), token.scope},
        {QStringLiteral("token_expires_in"), secondsLeft},
        {QStringLiteral("token_expires_at"), token.expiresAtUtc.toString(Qt::ISODate)},
    });
}

Response SandboxServer::Private::listItems(const QHttpServerRequest &request) const
{
    if (auto refusal = checkBearer(request, nullptr))
        return *refusal;

    const QUrlQuery query = request.query();
    // The other ways APIs hand out pages (docs/pagination.md): offset/limit, a cursor, and
    // the Link header. Plain page numbers with a `next` address in the body are the default.
    if (query.hasQueryItem(QStringLiteral("offset")))
        return listItemsByOffset(query);
    if (query.queryItemValue(QStringLiteral("style")) == QLatin1String("cursor"))
        return listItemsByCursor(query);
    int page = 1;
    int perPage = defaultPerPage;
    if (query.hasQueryItem(QStringLiteral("page"))) {
        const QString text = query.queryItemValue(QStringLiteral("page"));
        const auto value = positiveInt(text);
        if (!value) {
            return errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
                QStringLiteral("page must be a whole number from 1 up, not "
                               "\"%1\".")
                    .arg(text));
        }
        page = *value;
    }
    if (query.hasQueryItem(QStringLiteral("per_page"))) {
        const QString text = query.queryItemValue(QStringLiteral("per_page"));
        const auto value = positiveInt(text);
        if (!value || *value > maxPerPage) {
            return errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
                QStringLiteral("per_page must be a whole number from 1 to %1, "
                               "not \"%2\".")
                    .arg(maxPerPage)
                    .arg(text));
        }
        perPage = *value;
    }

    const qint64 total = items.size();
    const qint64 first = qint64(page - 1) * perPage;
    QJsonArray pageItems;
    for (qint64 i = first; i < qMin(total, first + perPage); ++i)
        pageItems.append(items.at(i));

    QJsonValue next = QJsonValue::Null;
    const bool linkStyle = query.queryItemValue(QStringLiteral("style")) == QLatin1String("link");
    if (first + perPage < total) {
        QUrl url = baseUrl();
        url.setPath(QStringLiteral("/api/items"));
        url.setQuery(QStringLiteral("page=%1&per_page=%2%3")
                         .arg(page + 1)
                         .arg(perPage)
                         .arg(linkStyle ? QStringLiteral("&style=link") : QString()));
        next = url.toString();
    }
    if (linkStyle) {
        // GitHub's way: the body is the list alone, the next page in the Link header.
        Response response;
        response.contentType = QByteArrayLiteral("application/json");
        response.body = QJsonDocument(pageItems).toJson(QJsonDocument::Compact);
        if (next.isString())
            response.headers.append({QByteArrayLiteral("Link"),
                QStringLiteral("<%1>; rel=\"next\"").arg(next.toString()).toUtf8()});
        return response;
    }
    return jsonResponse(QJsonObject {
        {QStringLiteral("items"), pageItems},
        {QStringLiteral("page"), page},
        {QStringLiteral("per_page"), perPage},
        {QStringLiteral("total"), total},
        {QStringLiteral("next"), next},
    });
}

/// Reads a query value that must be a whole number from `min` to `max`; sets `error` when not.
static int queryNumber(const QUrlQuery &query, const QString &name, int fallback, int min, int max,
    std::optional<Response> *error)
{
    if (!query.hasQueryItem(name))
        return fallback;
    const QString text = query.queryItemValue(name);
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max) {
        *error = errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
            QStringLiteral("%1 must be a whole number from %2 to %3, not \"%4\".")
                .arg(name)
                .arg(min)
                .arg(max)
                .arg(text));
    }
    return value;
}

Response SandboxServer::Private::listItemsByOffset(const QUrlQuery &query) const
{
    std::optional<Response> error;
    const int offset = queryNumber(query, QStringLiteral("offset"), 0, 0, 1000000, &error);
    const int limit
        = queryNumber(query, QStringLiteral("limit"), defaultPerPage, 1, maxPerPage, &error);
    if (error)
        return *error;
    QJsonArray pageItems;
    for (qint64 i = offset; i < qMin<qint64>(items.size(), qint64(offset) + limit); ++i)
        pageItems.append(items.at(i));
    return jsonResponse(QJsonObject {
        {QStringLiteral("items"), pageItems},
        {QStringLiteral("offset"), offset},
        {QStringLiteral("limit"), limit},
        {QStringLiteral("total"), items.size()},
    });
}

Response SandboxServer::Private::listItemsByCursor(const QUrlQuery &query) const
{
    std::optional<Response> error;
    const int limit
        = queryNumber(query, QStringLiteral("limit"), defaultPerPage, 1, maxPerPage, &error);
    if (error)
        return *error;
    // The cursor is opaque to clients, as real APIs make it: the position, encoded.
    int position = 0;
    const QString cursor = query.queryItemValue(QStringLiteral("cursor"));
    if (!cursor.isEmpty()) {
        const QByteArray decoded = QByteArray::fromBase64(cursor.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        bool ok = decoded.startsWith("at:");
        if (ok)
            position = decoded.mid(3).toInt(&ok);
        if (!ok || position < 0) {
            return errorResponse(Status::BadRequest, QStringLiteral("invalid_cursor"),
                QStringLiteral("The cursor \"%1\" is not one this API gave; send back the "
                               "next_cursor of the last page.")
                    .arg(cursor));
        }
    }
    QJsonArray pageItems;
    for (qint64 i = position; i < qMin<qint64>(items.size(), qint64(position) + limit); ++i)
        pageItems.append(items.at(i));
    QJsonValue next = QJsonValue::Null;
    if (position + limit < items.size())
        next = QString::fromLatin1(
            QByteArray("at:" + QByteArray::number(position + limit))
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    return jsonResponse(QJsonObject {
        {QStringLiteral("items"), pageItems},
        {QStringLiteral("next_cursor"), next},
        {QStringLiteral("has_more"), next.isString()},
    });
}

Response SandboxServer::Private::createItem(const QHttpServerRequest &request)
{
    if (auto refusal = checkBearer(request, nullptr))
        return *refusal;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
            QStringLiteral("The body is not valid JSON (%1 at character %2).")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    }
    if (!document.isObject()) {
        return errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
            QStringLiteral("The body must be a JSON object such as "
                           "{\"name\": \"Lamp\", \"price\": 12.5}."));
    }
    QJsonObject item = document.object();
    const QJsonValue name = item.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        return errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
            QStringLiteral("The item needs a \"name\" (text in quotes)."));
    }
    const QJsonValue price = item.value(QStringLiteral("price"));
    if (!price.isUndefined() && !price.isDouble()) {
        return errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
            QStringLiteral("\"price\" must be a number without quotes."));
    }
    // The server owns ids; one sent by the client is replaced, as real APIs do.
    const int id = nextItemId++;
    item.insert(QStringLiteral("id"), id);
    items.append(item);

    Response response = jsonResponse(item, Status::Created);
    response.headers.append(
        {QByteArrayLiteral("Location"), QStringLiteral("/api/items/%1").arg(id).toLatin1()});
    return response;
}

Response SandboxServer::Private::oneItem(
    const QHttpServerRequest &request, const QString &path) const
{
    if (auto refusal = checkBearer(request, nullptr))
        return *refusal;
    const QString idText = path.mid(int(qstrlen("/api/items/")));
    bool ok = false;
    const int id = idText.toInt(&ok);
    if (ok) {
        for (const QJsonValue &item : items) {
            if (item.toObject().value(QStringLiteral("id")).toInt() == id)
                return jsonResponse(item.toObject());
        }
    }
    return errorResponse(Status::NotFound, QStringLiteral("not_found"),
        QStringLiteral("There is no item with id %1.").arg(idText));
}

std::optional<Response> SandboxServer::Private::tooBusy(
    const QHttpServerRequest &request, int *attempt)
{
    const QUrlQuery query = request.query();
    const auto bounded
        = [&query](const char *name, int fallback, int max, std::optional<Response> *refusal) {
              const QString key = QString::fromLatin1(name);
              if (!query.hasQueryItem(key))
                  return fallback;
              const QString text = query.queryItemValue(key);
              bool ok = false;
              const int value = text.trimmed().toInt(&ok);
              if (!ok || value < 0 || value > max) {
                  *refusal = errorResponse(Status::BadRequest, QStringLiteral("invalid_request"),
                      QStringLiteral("%1 must be a whole number from 0 to %2, not \"%3\".")
                          .arg(key)
                          .arg(max)
                          .arg(text));
              }
              return value;
          };
    std::optional<Response> refusal;
    const int busyTimes = bounded("busy", 2, 10, &refusal);
    const int retryAfter = bounded("retry_after", 1, 300, &refusal);
    if (refusal)
        return refusal;
    const QString key = query.queryItemValue(QStringLiteral("key")).left(100);
    // A bounded table: a caller that invents keys forever cannot grow it without end.
    if (busyCalls.size() >= 1000 && !busyCalls.contains(key))
        busyCalls.clear();
    *attempt = ++busyCalls[key];
    if (*attempt <= busyTimes) {
        Response response = errorResponse(Status::TooManyRequests, QStringLiteral("rate_limited"),
            QStringLiteral("Too many requests: try again in %1 seconds (call %2 of %3 that "
                           "are refused for key \"%4\").")
                .arg(retryAfter)
                .arg(*attempt)
                .arg(busyTimes)
                .arg(key));
        response.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(retryAfter)});
        return response;
    }
    return std::nullopt;
}

Response SandboxServer::Private::busy(const QHttpServerRequest &request)
{
    if (auto refusal = checkBearer(request, nullptr))
        return *refusal;
    int attempt = 0;
    if (auto refusal = tooBusy(request, &attempt))
        return *refusal;
    const QString key = request.query().queryItemValue(QStringLiteral("key")).left(100);
    return jsonResponse(QJsonObject {{QStringLiteral("ok"), true}, {QStringLiteral("key"), key},
        {QStringLiteral("attempt"), attempt}});
}

Response SandboxServer::Private::signIn(const QHttpServerRequest &request, bool certified) const
{
    const auto signedIn = [](const QString &how) {
        return jsonResponse(QJsonObject {
            {QStringLiteral("signed_in_with"), how}, {QStringLiteral("name"), demoClientName()}});
    };
    const QByteArray key = headerValue(request, QByteArrayLiteral("X-API-Key"));
    if (!key.isEmpty() && key == SandboxServer::demoApiKey().toUtf8())
        return signedIn(QStringLiteral("api key header"));
    if (request.query().queryItemValue(QStringLiteral("api_key"), QUrl::FullyDecoded)
        == SandboxServer::demoApiKey())
        return signedIn(QStringLiteral("api key query"));
    const QByteArray authorization = headerValue(request, QByteArrayLiteral("Authorization"));
    if (authorization == "Bearer " + SandboxServer::demoBearerToken().toUtf8())
        return signedIn(QStringLiteral("bearer"));
    const QByteArray basic
        = (SandboxServer::demoUsername() + QLatin1Char(':') + SandboxServer::demoPassword())
              .toUtf8()
              .toBase64();
    if (authorization == "Basic " + basic)
        return signedIn(QStringLiteral("basic"));
    if (certified)
        return signedIn(QStringLiteral("client certificate"));
    Response response = errorResponse(Status::Unauthorized, QStringLiteral("unauthorized"),
        QStringLiteral("Sign in with the API key in the header X-API-Key or the query "
                       "parameter api_key, with the Bearer token, with Basic, or with a client "
                       "certificate on the https port. See the sandbox's page for the demo "
                       "values."));
    response.headers.append({QByteArrayLiteral("WWW-Authenticate"),
        QByteArrayLiteral("Basic realm=\"sandbox\", charset=\"UTF-8\"")});
    return response;
}

SandboxServer::SandboxServer(QObject *parent)
    : QObject(parent)
    , d(new Private)
{
}

SandboxServer::~SandboxServer()
{
    // The HTTP servers' handlers use d, so they must go before d does.
    delete d->http;
    delete d->tlsHttp;
    delete d;
}

bool SandboxServer::start(quint16 port, QString *error)
{
    if (isRunning()) {
        if (port == 0 || port == this->port())
            return true;
        if (error) {
            *error = QStringLiteral("The sandbox is already running on port %1.").arg(this->port());
        }
        return false;
    }

    // Our own QTcpServer, because QAbstractHttpServer::listen() hides why listening failed.
    auto *tcp = new QTcpServer;
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        if (error) {
            switch (tcp->serverError()) {
            case QAbstractSocket::AddressInUseError:
                *error = QStringLiteral("Port %1 is already in use on this computer; choose "
                                        "another with --sandbox-port")
                             .arg(port);
                break;
            case QAbstractSocket::SocketAccessError:
                *error = QStringLiteral("Port %1 is reserved for administrators on this "
                                        "computer; choose a port above 1023 with "
                                        "--sandbox-port")
                             .arg(port);
                break;
            default:
                *error = QStringLiteral("The sandbox could not listen on 127.0.0.1:%1: %2")
                             .arg(port)
                             .arg(tcp->errorString());
                break;
            }
        }
        delete tcp;
        return false;
    }

    auto *http = new LoopbackHttpServer(
        [this](const QHttpServerRequest &request) { return d->handle(request); }, this);
    tcp->setParent(http);
    http->bind(tcp);
    d->http = http;
    d->tcp = tcp;
    return true;
}

namespace {

QByteArray tlsFile(const QString &name)
{
    QFile file(QStringLiteral(":/sandbox-tls/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

QByteArray SandboxServer::testCaCertificate()
{
    return tlsFile(QStringLiteral("ca.pem"));
}

QString SandboxServer::testClientCertificateFile(const QString &name)
{
    return QStringLiteral(":/sandbox-tls/") + name;
}

bool SandboxServer::startTls(quint16 port, QString *error)
{
    if (d->tlsTcp && d->tlsTcp->isListening())
        return true;
    const QList<QSslCertificate> server
        = QSslCertificate::fromData(tlsFile(QStringLiteral("server.pem")));
    const QSslKey key(tlsFile(QStringLiteral("server.key")), QSsl::Rsa);
    const QList<QSslCertificate> ca = QSslCertificate::fromData(testCaCertificate());
    if (server.isEmpty() || key.isNull() || ca.isEmpty()) {
        if (error)
            *error = QStringLiteral("The sandbox's test certificates are missing from this "
                                    "build.");
        return false;
    }
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(server.first());
    ssl.setPrivateKey(key);
    // Only clients with a certificate the sandbox's test CA signed get through.
    ssl.setCaCertificates(ca);
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    auto *tcp = new QSslServer;
    tcp->setSslConfiguration(ssl);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = QStringLiteral("The sandbox's https port could not listen on "
                                    "127.0.0.1:%1: %2")
                         .arg(port)
                         .arg(tcp->errorString());
        delete tcp;
        return false;
    }
    auto *http = new LoopbackHttpServer(
        [this](const QHttpServerRequest &request) { return d->handle(request, true); }, this);
    tcp->setParent(http);
    http->bind(tcp);
    d->tlsHttp = http;
    d->tlsTcp = tcp;
    return true;
}

QUrl SandboxServer::tlsUrl() const
{
    if (!d->tlsTcp || !d->tlsTcp->isListening())
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(d->tlsTcp->serverPort());
    return url;
}

QJsonObject SandboxServer::namedRoot() const
{
    QJsonObject root {{QStringLiteral("url"), baseUrl().toString()}};
    if (tlsUrl().isValid()) {
        root.insert(QStringLiteral("tlsUrl"), tlsUrl().toString());
        root.insert(QStringLiteral("caCertificate"), QString::fromLatin1(testCaCertificate()));
    }
    return root;
}

bool SandboxServer::isRunning() const
{
    return d->tcp && d->tcp->isListening();
}

quint16 SandboxServer::port() const
{
    return isRunning() ? d->tcp->serverPort() : 0;
}

QUrl SandboxServer::baseUrl() const
{
    return d->baseUrl();
}

void SandboxServer::setTokenLifetimeSeconds(int seconds)
{
    d->tokenLifetimeSeconds = qMax(1, seconds);
}

int SandboxServer::tokenLifetimeSeconds() const
{
    return d->tokenLifetimeSeconds;
}

int SandboxServer::tokensIssued() const
{
    return d->tokensIssued;
}

void SandboxServer::revokeAllTokens()
{
    d->tokens.revokeAll();
}
