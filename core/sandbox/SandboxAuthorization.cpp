#include "core/sandbox/SandboxAuthorization.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <jwt.h>

#include <cstdlib>
#include <memory>

namespace {

constexpr qint64 codeLifetimeMs = 120 * 1000;

QString demoClientId()
{
    return QStringLiteral("demo-client");
}

QString demoClientSecret()
{
    return QStringLiteral("demo-secret");
}

QString randomToken()
{
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

SandboxReply htmlReply(int status, const QString &title, const QString &bodyHtml)
{
    SandboxReply reply;
    reply.status = status;
    reply.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    reply.body = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                "<title>%1</title><style>body{font-family:sans-serif;max-width:"
                                "32em;margin:3em auto;line-height:1.5}button{font-size:1.1em;"
                                "padding:.4em 1.4em;margin-right:1em}</style></head><body>\n"
                                "<h1>%1</h1>\n%2\n</body></html>\n")
                     .arg(title.toHtmlEscaped(), bodyHtml)
                     .toUtf8();
    reply.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return reply;
}

SandboxReply redirectReply(QUrl target, const QList<QPair<QString, QString>> &items)
{
    QUrlQuery query(target);
    for (const auto &[name, value] : items)
        query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    target.setQuery(query);
    SandboxReply reply;
    reply.status = 302;
    reply.headers.append({QByteArrayLiteral("Location"), target.toEncoded()});
    reply.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return reply;
}

bool isLoopbackHttp(const QUrl &url)
{
    if (url.scheme() != QLatin1String("http"))
        return false;
    if (url.host().compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

QStringList knownScopes()
{
    return {QStringLiteral("read"), QStringLiteral("write")};
}

/// Empty when every scope is one the sandbox knows.
QString unknownScope(const QString &scope)
{
    for (const QString &one : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!knownScopes().contains(one))
            return one;
    }
    return QString();
}

struct JwtFree
{
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};

} // namespace

SandboxAuthorization::SandboxAuthorization()
{
    m_clock.start();
    // The documented demo refresh token, so that a headless run can sign in as if someone had
    // approved the consent page (every sandbox starts afresh, with none of the app's tokens).
    m_refreshTokens.insert(
        demoRefreshToken(), Refresh {demoClientId(), QStringLiteral("read write")});
}

QString SandboxAuthorization::demoRefreshToken()
{
    return QStringLiteral("demo-refresh-token");
}

QByteArray SandboxAuthorization::demoPublicKeyPem()
{
    return QByteArrayLiteral("-----BEGIN PUBLIC KEY-----\n"
                             "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvF6XnExZrfgwVhO5xDmc\n"
                             "1Kr34+BckQwDf+HHklLO2C3wDBv72sYUoGngxDB8WgJx7g01fyWVur/vusglVlGQ\n"
                             "hZ8nwSnVHCX9Qx2buEWE4iCOyRnPTLXHCfgl7xwhlNLZPhUZ+LZ6lAlgxhprFqwU\n"
                             "k5/cEsTm43AOV5HbD2Q+XHepvjdn7RHeLyY0V5DtsIU242YO6cReZTpT/az+5qA3\n"
                             "rava9uhWdCztnPxgdO6WK4vyUNo6AapW77g3UC8LkO8Y/VU+LSdH7od5iHInOudE\n"
                             "vb+czkAKGZl3mvJVbdcoe7kUYYau1vrdfOQxK/GUaWewMMI3i1KUhSpFPp+69CYs\n"
                             "twIDAQAB\n"
                             "-----END PUBLIC KEY-----\n");
}

QHash<QString, QString> SandboxAuthorization::formFields(const QByteArray &body)
{
    QHash<QString, QString> fields;
    for (const QByteArray &pair : body.trimmed().split('&')) {
        if (pair.isEmpty())
            continue;
        const int equals = pair.indexOf('=');
        const auto decode = [](QByteArray text) {
            text.replace('+', ' ');
            return QString::fromUtf8(QByteArray::fromPercentEncoding(text));
        };
        fields.insert(decode(equals < 0 ? pair : pair.left(equals)),
            equals < 0 ? QString() : decode(pair.mid(equals + 1)));
    }
    return fields;
}

QString SandboxAuthorization::checkClientAndRedirect(
    const QString &clientId, const QString &redirectUri)
{
    if (clientId != demoClientId())
        return QStringLiteral("The client \"%1\" is unknown here; the sandbox's client is %2.")
            .arg(clientId, demoClientId());
    const QUrl redirect(redirectUri, QUrl::StrictMode);
    if (redirectUri.isEmpty() || !redirect.isValid() || !isLoopbackHttp(redirect)
        || redirect.hasFragment())
        return QStringLiteral("The redirect_uri \"%1\" is not on this computer. The sandbox "
                              "sends the browser back only to http://127.0.0.1:PORT/ (or "
                              "localhost), where the app waits.")
            .arg(redirectUri);
    return QString();
}

SandboxReply SandboxAuthorization::consentPage(const QUrlQuery &query) const
{
    const auto value = [&query](const char *name) {
        return query.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
    };
    const QString clientId = value("client_id");
    const QString redirectUri = value("redirect_uri");
    // RFC 6749 §4.1.2.1: a bad client or redirect URI is told to the person, not redirected.
    const QString refused = checkClientAndRedirect(clientId, redirectUri);
    if (!refused.isEmpty())
        return htmlReply(400, QStringLiteral("Sign-in refused"),
            QStringLiteral("<p>%1</p>").arg(refused.toHtmlEscaped()));
    const QString state = value("state");
    const auto backWithError = [&](const QString &error, const QString &description) {
        return redirectReply(QUrl(redirectUri),
            {{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description},
                {QStringLiteral("state"), state}});
    };
    if (value("response_type") != QLatin1String("code"))
        return backWithError(QStringLiteral("unsupported_response_type"),
            QStringLiteral("The sandbox signs in with response_type=code only."));
    if (value("code_challenge").isEmpty()
        || value("code_challenge_method") != QLatin1String("S256"))
        return backWithError(QStringLiteral("invalid_request"),
            QStringLiteral("The sandbox needs PKCE: a code_challenge with "
                           "code_challenge_method=S256."));
    const QString scope = value("scope");
    if (const QString unknown = unknownScope(scope); !unknown.isEmpty())
        return backWithError(QStringLiteral("invalid_scope"),
            QStringLiteral("The scope \"%1\" is unknown; ask for read, write or \"read write\".")
                .arg(unknown));

    QString hidden;
    for (const char *name : {"client_id", "redirect_uri", "state", "code_challenge", "scope"}) {
        hidden += QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">\n")
                      .arg(QString::fromLatin1(name), value(name).toHtmlEscaped());
    }
    const QString shownScope = scope.isEmpty() ? QStringLiteral("read") : scope;
    return htmlReply(200, QStringLiteral("Sign in to the Scenarist sandbox"),
        QStringLiteral("<p>The app <strong>%1</strong> asks to use the sandbox API on your "
                       "behalf, with the scope <code>%2</code>.</p>\n"
                       "<p>This is the sandbox on your own computer: there is no account and "
                       "no password; approving only lets the app get tokens.</p>\n"
                       "<form method=\"post\" action=\"/oauth/authorize\">\n%3"
                       "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve"
                       "</button><button type=\"submit\" name=\"decision\" value=\"deny\">Deny"
                       "</button>\n</form>")
            .arg(clientId.toHtmlEscaped(), shownScope.toHtmlEscaped(), hidden));
}

SandboxReply SandboxAuthorization::decide(const QByteArray &formBody)
{
    const QHash<QString, QString> form = formFields(formBody);
    const QString clientId = form.value(QStringLiteral("client_id"));
    const QString redirectUri = form.value(QStringLiteral("redirect_uri"));
    const QString refused = checkClientAndRedirect(clientId, redirectUri);
    if (!refused.isEmpty())
        return htmlReply(400, QStringLiteral("Sign-in refused"),
            QStringLiteral("<p>%1</p>").arg(refused.toHtmlEscaped()));
    const QString state = form.value(QStringLiteral("state"));
    if (form.value(QStringLiteral("decision")) != QLatin1String("approve")) {
        return redirectReply(QUrl(redirectUri),
            {{QStringLiteral("error"), QStringLiteral("access_denied")},
                {QStringLiteral("error_description"),
                    QStringLiteral("You chose Deny on the consent page.")},
                {QStringLiteral("state"), state}});
    }
    const QString challenge = form.value(QStringLiteral("code_challenge"));
    if (challenge.isEmpty())
        return htmlReply(400, QStringLiteral("Sign-in refused"),
            QStringLiteral("<p>The form lost its code_challenge; start the sign-in again from "
                           "the app.</p>"));
    // Codes nobody redeemed are dropped as they expire, so the table stays small.
    const qint64 now = m_clock.elapsed();
    for (auto it = m_codes.begin(); it != m_codes.end();)
        it = it->expiresAtMs < now ? m_codes.erase(it) : std::next(it);
    const QString code = randomToken();
    m_codes.insert(code,
        Code {clientId, redirectUri, challenge, form.value(QStringLiteral("scope")),
            now + codeLifetimeMs});
    return redirectReply(
        QUrl(redirectUri), {{QStringLiteral("code"), code}, {QStringLiteral("state"), state}});
}

QString SandboxAuthorization::checkAssertion(
    const QHash<QString, QString> &params, const QString &tokenUrl)
{
    if (params.value(QStringLiteral("client_assertion_type"))
        != QLatin1String("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
        return QStringLiteral("client_assertion_type must be "
                              "urn:ietf:params:oauth:client-assertion-type:jwt-bearer.");
    const QByteArray assertion = params.value(QStringLiteral("client_assertion")).toLatin1();
    // The key follows from the algorithm the header names: HS256 is checked with the demo
    // secret, RS256 with the demo public key, so neither can stand in for the other.
    const QJsonObject header = QJsonDocument::fromJson(
        QByteArray::fromBase64(assertion.split('.').value(0), QByteArray::Base64UrlEncoding))
                                   .object();
    const QString alg = header.value(QStringLiteral("alg")).toString();
    QByteArray key;
    if (alg == QLatin1String("HS256"))
        key = demoClientSecret().toUtf8();
    else if (alg == QLatin1String("RS256"))
        key = demoPublicKeyPem();
    else
        return QStringLiteral("The client assertion is signed with \"%1\"; the sandbox checks "
                              "RS256 (private_key_jwt) and HS256 (client_secret_jwt).")
            .arg(alg);
    jwt_t *raw = nullptr;
    const QByteArray text = assertion + '\0';
    if (jwt_decode(&raw, text.constData(), reinterpret_cast<const unsigned char *>(key.constData()),
            int(key.size()))
        != 0) {
        return alg == QLatin1String("HS256")
            ? QStringLiteral("The client assertion's HS256 signature does not match the demo "
                             "client secret.")
            : QStringLiteral("The client assertion's signature does not match the sandbox's "
                             "demo key (resources/examples/sandbox-client-key.pem).");
    }
    std::unique_ptr<jwt_t, JwtFree> jwt(raw);
    const auto grant = [&jwt](const char *name) {
        const char *value = jwt_get_grant(jwt.get(), name);
        return value ? QString::fromUtf8(value) : QString();
    };
    const QString clientId = params.value(QStringLiteral("client_id"), grant("iss"));
    if (grant("iss") != demoClientId() || grant("sub") != demoClientId()
        || clientId != demoClientId())
        return QStringLiteral("The client assertion must name the client in iss and sub (%1).")
            .arg(demoClientId());
    if (grant("aud") != tokenUrl) {
        char *audiences = jwt_get_grants_json(jwt.get(), "aud");
        const QJsonArray list
            = QJsonDocument::fromJson(audiences ? QByteArray(audiences) : QByteArray()).array();
        std::free(audiences);
        if (!list.contains(QJsonValue(tokenUrl)))
            return QStringLiteral("The client assertion's aud must be the token URL %1.")
                .arg(tokenUrl);
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const long exp = jwt_get_grant_int(jwt.get(), "exp");
    if (exp <= 0 || exp < now - 5)
        return QStringLiteral("The client assertion has expired (or has no exp).");
    if (exp > now + 3600)
        return QStringLiteral("The client assertion is valid for too long; at most an hour.");
    const QString jti = grant("jti");
    if (jti.isEmpty())
        return QStringLiteral("The client assertion needs a jti, used once.");
    if (m_usedAssertionIds.contains(jti))
        return QStringLiteral("This client assertion was already used; each needs a new jti.");
    if (m_usedAssertionIds.size() > 10000)
        m_usedAssertionIds.clear();
    m_usedAssertionIds.insert(jti);
    return QString();
}

SandboxAuthorization::Grant SandboxAuthorization::redeemCode(const QHash<QString, QString> &params)
{
    Grant grant;
    const auto refuse = [&grant](const QString &description) {
        grant.error = QStringLiteral("invalid_grant");
        grant.description = description;
        return grant;
    };
    const auto it = m_codes.constFind(params.value(QStringLiteral("code")));
    if (it == m_codes.constEnd())
        return refuse(QStringLiteral("The authorization code is unknown or was already used."));
    const Code code = *it;
    m_codes.erase(it); // a code works once, even when this use fails
    if (code.expiresAtMs < m_clock.elapsed())
        return refuse(QStringLiteral("The authorization code expired; sign in again."));
    if (params.value(QStringLiteral("client_id"), code.clientId) != code.clientId)
        return refuse(QStringLiteral("The authorization code was given to another client."));
    if (params.value(QStringLiteral("redirect_uri")) != code.redirectUri)
        return refuse(QStringLiteral("redirect_uri differs from the one of the sign-in."));
    const QString verifier = params.value(QStringLiteral("code_verifier"));
    const QString computed = QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    if (verifier.size() < 43 || verifier.size() > 128 || computed != code.challenge)
        return refuse(QStringLiteral("The code_verifier does not match the code_challenge "
                                     "(PKCE S256)."));
    grant.clientId = code.clientId;
    grant.scope = code.scope.isEmpty() ? QStringLiteral("read") : code.scope;
    grant.refreshToken = randomToken();
    m_refreshTokens.insert(grant.refreshToken, Refresh {grant.clientId, grant.scope});
    return grant;
}

SandboxAuthorization::Grant SandboxAuthorization::redeemRefreshToken(
    const QHash<QString, QString> &params)
{
    Grant grant;
    const QString token = params.value(QStringLiteral("refresh_token"));
    const auto it = m_refreshTokens.constFind(token);
    if (it == m_refreshTokens.constEnd()
        || params.value(QStringLiteral("client_id"), it->clientId) != it->clientId) {
        grant.error = QStringLiteral("invalid_grant");
        grant.description = QStringLiteral("The refresh token is unknown or was revoked; sign "
                                           "in again.");
        return grant;
    }
    grant.clientId = it->clientId;
    grant.scope = it->scope;
    const QString asked = params.value(QStringLiteral("scope"));
    for (const QString &one : asked.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!it->scope.split(QLatin1Char(' ')).contains(one)) {
            grant.error = QStringLiteral("invalid_scope");
            grant.description
                = QStringLiteral("The scope \"%1\" was not granted at sign-in.").arg(one);
            return grant;
        }
    }
    if (!asked.isEmpty())
        grant.scope = asked;
    grant.refreshToken = token;
    return grant;
}

void SandboxAuthorization::revoke(const QString &token)
{
    m_refreshTokens.remove(token);
}
