#include "core/run/TokenCache.h"

#include "core/model/UrlEncoding.h"
#include "core/run/BusyRetry.h"
#include "core/run/ClientAssertion.h"
#include "core/run/HttpExchange.h"
#include "core/run/HttpExecutor.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

#include <algorithm>

namespace {

QString quoted(const QString &text)
{
    return QStringLiteral("\u201c%1\u201d").arg(text);
}

/// What a person can do about a token endpoint error code (RFC 6749 §5.2).
QString adviceFor(const QString &error, const QString &grantType)
{
    if (grantType == QLatin1String("refresh_token")) {
        if (error == QLatin1String("invalid_grant"))
            return QCoreApplication::translate("TokenCache",
                "The refresh token expired or was revoked: sign in again "
                "with the connection's Sign in button (Connections).");
        if (error == QLatin1String("unsupported_grant_type"))
            return QCoreApplication::translate("TokenCache",
                "This server does not offer the refresh token grant, so "
                "you need to sign in again when the access token expires.");
    }
    if (grantType == QLatin1String("authorization_code")) {
        if (error == QLatin1String("invalid_grant"))
            return QCoreApplication::translate("TokenCache",
                "The sign-in took too long or was already used: click Sign "
                "in again.");
    }
    if (error == QLatin1String("invalid_client"))
        return QCoreApplication::translate("TokenCache",
            "Check the client ID and the client secret, and whether the "
            "server expects them in the body or as a Basic header.");
    if (error == QLatin1String("invalid_scope"))
        return QCoreApplication::translate("TokenCache",
            "Check the scopes: the server does not grant them to this "
            "client.");
    if (error == QLatin1String("unauthorized_client"))
        return QCoreApplication::translate("TokenCache",
            "This client may not use the client credentials grant; ask "
            "whoever runs the server.");
    if (error == QLatin1String("unsupported_grant_type"))
        return QCoreApplication::translate(
            "TokenCache", "This server does not offer the client credentials grant.");
    if (error == QLatin1String("invalid_request"))
        return QCoreApplication::translate("TokenCache",
            "The server found the token request incomplete; check the "
            "token URL and the extra parameters.");
    return QString();
}

QDateTime nowUtc()
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace

QString ClientCredentials::cacheKey() const
{
    // The secret is part of what identifies a token (a changed secret must not reuse a token
    // fetched with the old one), but only as a hash, so that the key may be logged.
    const auto hash = [](const QByteArray &value) {
        return QString::fromLatin1(
            QCryptographicHash::hash(value, QCryptographicHash::Sha256).toHex());
    };
    QStringList parts {tokenUrl, clientId, hash(clientSecret.toUtf8()), scope, audience,
        Connection::clientAuthenticationKey(clientAuthentication)};
    // Kept apart so that the keys of client credentials connections stay as they were.
    if (grantType != QLatin1String("client_credentials"))
        parts << grantType << hash(refreshToken.toUtf8());
    if (clientAuthentication == ClientAuthentication::PrivateKeyJwt)
        parts << hash(signingKey);
    for (const NameValue &p : extraParameters)
        parts << p.name << p.value;
    for (QString &part : parts)
        part.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return parts.join(QLatin1Char('\n'));
}

QString AccessToken::authorization() const
{
    return tokenType + QLatin1Char(' ') + accessToken;
}

QString AccessToken::masked() const
{
    if (accessToken.size() < 16)
        return QStringLiteral("********");
    return accessToken.left(4) + QStringLiteral("…") + accessToken.right(4);
}

TokenCache::TokenCache(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network ? network : new QNetworkAccessManager(this))
{
}

TokenCache::~TokenCache()
{
    for (Entry &entry : m_entries) {
        if (entry.request)
            entry.request->cancel();
    }
}

void TokenCache::token(const ClientCredentials &credentials, QObject *context, Callback done)
{
    const QString key = credentials.cacheKey();
    Entry &entry = m_entries[key];
    entry.connectionId = credentials.connectionId;
    m_latestKey.insert(credentials.connectionId, key);

    const AccessToken &cached = entry.token;
    if (cached.isValid() && (!cached.refreshAt.isValid() || nowUtc() < cached.refreshAt)) {
        TokenResult result;
        result.token = cached;
        done(result);
        return;
    }
    entry.waiters.append(Waiter {QPointer<QObject>(context), context != nullptr, std::move(done)});
    if (!entry.request && !entry.retryWait)
        fetch(key, credentials);
}

QString TokenCache::authenticateClient(
    const ClientCredentials &c, const QString &audience, HttpRequestSpec &spec)
{
    switch (c.clientAuthentication) {
    case ClientAuthentication::Basic: {
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and
        // Base64-encoded (plain Basic auth would send a ':' or '%' in them as is).
        const QByteArray pair = UrlEncoding::encodeComponent(c.clientId) + ':'
            + UrlEncoding::encodeComponent(c.clientSecret);
        spec.headers.append({QStringLiteral("Authorization"),
            QStringLiteral("Basic ") + QString::fromLatin1(pair.toBase64())});
        return QString();
    }
    case ClientAuthentication::PrivateKeyJwt:
    case ClientAuthentication::ClientSecretJwt: {
        const ClientAssertion::Result signed_
            = c.clientAuthentication == ClientAuthentication::PrivateKeyJwt
            ? ClientAssertion::signWithPrivateKey(c.clientId, audience, c.signingKey,
                c.signingKeyName.isEmpty()
                    ? QCoreApplication::translate("TokenCache", "The private key")
                    : c.signingKeyName)
            : ClientAssertion::signWithSecret(c.clientId, audience, c.clientSecret);
        if (!signed_.ok())
            return signed_.error;
        spec.urlEncodedFields.append({QStringLiteral("client_id"), c.clientId});
        spec.urlEncodedFields.append(
            {QStringLiteral("client_assertion_type"), ClientAssertion::assertionType()});
        spec.urlEncodedFields.append({QStringLiteral("client_assertion"), signed_.assertion});
        return QString();
    }
    case ClientAuthentication::Body:
        break;
    }
    spec.urlEncodedFields.append({QStringLiteral("client_id"), c.clientId});
    // A public client (a desktop app signing in with a browser) has no secret to send.
    if (!c.clientSecret.isEmpty() || c.grantType == QLatin1String("client_credentials"))
        spec.urlEncodedFields.append({QStringLiteral("client_secret"), c.clientSecret});
    return QString();
}

QString TokenCache::post(const ClientCredentials &c, const QString &url,
    const QList<NameValue> &fields, QPointer<HttpExecutor> *executorOut, ExchangeDone done)
{
    HttpRequestSpec spec;
    spec.method = QStringLiteral("POST");
    spec.url = url;
    spec.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")}};
    spec.bodyType = BodyType::UrlEncoded;
    spec.urlEncodedFields = fields;
    // The audience of an assertion is the token endpoint, wherever the request goes
    // (RFC 7523 §3): revocation endpoints accept the same assertion.
    const QString refused = authenticateClient(c, c.tokenUrl, spec);
    if (!refused.isEmpty())
        return refused;
    spec.parseResponse = true;
    spec.errorOnHttpStatus = true;
    spec.shareCookies = false;
    spec.timeoutSeconds = std::clamp(c.timeoutSeconds, 1, 300);

    auto *executor = new HttpExecutor(m_network, this);
    // A token endpoint is a server like any other: its answer must not fill the memory.
    executor->setMaxResponseBytes(m_maxResponseBytes);
    QStringList secrets {c.clientSecret, c.refreshToken};
    for (const NameValue &field : spec.urlEncodedFields) {
        if (field.name == QLatin1String("client_assertion") || field.name == QLatin1String("code")
            || field.name == QLatin1String("code_verifier"))
            secrets << field.value;
    }
    secrets.removeAll(QString());
    executor->setSecretValues(secrets);
    if (executorOut)
        *executorOut = executor;
    ++m_requestCount;
    connect(executor, &HttpExecutor::finished, this,
        [executor, done = std::move(done)](const HttpExchange &exchange) {
            executor->deleteLater();
            done(exchange);
        });
    executor->execute(spec);
    return QString();
}

void TokenCache::fetch(const QString &key, const ClientCredentials &given)
{
    ClientCredentials c = given;
    QList<NameValue> fields {{QStringLiteral("grant_type"), c.grantType}};
    if (c.grantType == QLatin1String("refresh_token")) {
        // A refresh token the server replaced is the only one that still works.
        const QString replaced = m_entries.value(key).replacedRefreshToken;
        if (!replaced.isEmpty())
            c.refreshToken = replaced;
        fields.append({QStringLiteral("refresh_token"), c.refreshToken});
    }
    if (!c.scope.isEmpty())
        fields.append({QStringLiteral("scope"), c.scope});
    if (!c.audience.isEmpty())
        fields.append({QStringLiteral("audience"), c.audience});
    for (const NameValue &p : c.extraParameters) {
        if (!p.name.isEmpty())
            fields.append(p);
    }
    Entry &entry = m_entries[key];
    const QString refused = post(c, c.tokenUrl, fields, &entry.request,
        [this, key, c](const HttpExchange &exchange) { finishFetch(key, c, exchange); });
    if (!refused.isEmpty()) {
        TokenResult result;
        result.error = refused;
        deliver(key, c, result);
        return;
    }
    emit statusChanged(c.connectionId);
}

void TokenCache::exchangeCode(const ClientCredentials &given, const QString &code,
    const QString &redirectUri, const QString &codeVerifier, QObject *context, Callback done)
{
    ClientCredentials c = given;
    c.grantType = QStringLiteral("authorization_code");
    const QList<NameValue> fields {{QStringLiteral("grant_type"), c.grantType},
        {QStringLiteral("code"), code}, {QStringLiteral("redirect_uri"), redirectUri},
        {QStringLiteral("code_verifier"), codeVerifier}};
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    const QString refused = post(c, c.tokenUrl, fields, nullptr,
        [this, c, guard, hasContext, done](const HttpExchange &exchange) {
            TokenResult result = parseAnswer(c, exchange, m_maxResponseBytes);
            if (result.ok()) {
                result.refreshToken
                    = result.response.value(QStringLiteral("refresh_token")).toString();
                // Cached for the run that follows, under what that run will ask with.
                ClientCredentials later = c;
                later.grantType = QStringLiteral("refresh_token");
                later.refreshToken = result.refreshToken;
                const QString key = later.cacheKey();
                Entry &entry = m_entries[key];
                entry.connectionId = c.connectionId;
                entry.token = result.token;
                entry.lastError.clear();
                entry.lastErrorAt = QDateTime();
                m_latestKey.insert(c.connectionId, key);
                emit statusChanged(c.connectionId);
            }
            if (hasContext && !guard)
                return;
            done(result);
        });
    if (!refused.isEmpty()) {
        TokenResult result;
        result.error = refused;
        done(result);
    }
}

void TokenCache::revoke(
    const ClientCredentials &c, const QString &revocationUrl, QObject *context, RevokeCallback done)
{
    clear(c.connectionId);
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->connectionId == c.connectionId)
            it->replacedRefreshToken.clear();
    }
    const QList<NameValue> fields {{QStringLiteral("token"), c.refreshToken},
        {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")}};
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    const QString refused = post(c, revocationUrl, fields, nullptr,
        [guard, hasContext, done, revocationUrl](const HttpExchange &exchange) {
            if (hasContext && !guard)
                return;
            if (exchange.ok()) {
                done(QString());
                return;
            }
            const QJsonObject data = exchange.dataValue().toObject();
            const QString error = data.value(QStringLiteral("error")).toString();
            done(error.isEmpty()
                    ? QCoreApplication::translate(
                        "TokenCache", "Could not revoke the refresh token at %1: %2")
                          .arg(revocationUrl, exchange.errorMessage)
                    : QCoreApplication::translate(
                        "TokenCache", "The server did not revoke the refresh token (%1%2).")
                          .arg(error,
                              data.contains(QStringLiteral("error_description"))
                                  ? QStringLiteral(": ")
                                      + data.value(QStringLiteral("error_description")).toString()
                                  : QString()));
        });
    if (!refused.isEmpty())
        done(refused);
}

void TokenCache::setMaxResponseBytes(qint64 bytes)
{
    m_maxResponseBytes = std::max<qint64>(1, bytes);
}

TokenResult TokenCache::parseAnswer(
    const ClientCredentials &c, const HttpExchange &exchange, qint64 maxResponseBytes)
{
    TokenResult result;
    result.fetched = true;
    const QString who = quoted(c.connectionName.isEmpty() ? c.connectionId : c.connectionName);
    if (exchange.bodyTruncated) {
        const qint64 megabytes = std::max<qint64>(1, maxResponseBytes / (1024 * 1024));
        result.error = QCoreApplication::translate("TokenCache",
            "The token endpoint's answer is larger than %1 MB, the "
            "most a module accepts, so the connection %2 got no "
            "token. Check the token URL: %3")
                           .arg(megabytes)
                           .arg(who, c.tokenUrl);
        return result;
    }
    const QJsonObject data = exchange.dataValue().toObject();
    result.response = data;
    const QString error = data.value(QStringLiteral("error")).toString();
    if (!exchange.ok() || !error.isEmpty()) {
        if (!error.isEmpty()) {
            QString description = data.value(QStringLiteral("error_description")).toString();
            if (description.endsWith(QLatin1Char('.')))
                description.chop(1);
            result.error
                = QCoreApplication::translate("TokenCache",
                    "The token endpoint of the connection %1 refused to "
                    "give a token%2: %3%4.")
                      .arg(who,
                          exchange.statusCode > 0
                              ? QCoreApplication::translate("TokenCache", " (status %1)")
                                    .arg(exchange.statusCode)
                              : QString(),
                          error,
                          description.isEmpty() ? QString()
                                                : QStringLiteral(" (%1)").arg(description));
            const QString advice = adviceFor(error, c.grantType);
            if (!advice.isEmpty())
                result.error += QLatin1Char(' ') + advice;
        } else {
            result.error = QCoreApplication::translate("TokenCache",
                "Could not get a token for the connection %1 from %2: "
                "%3")
                               .arg(who, c.tokenUrl, exchange.errorMessage);
        }
        return result;
    }
    const QString accessToken = data.value(QStringLiteral("access_token")).toString();
    if (!exchange.dataIsJson || accessToken.isEmpty()) {
        result.error = QCoreApplication::translate("TokenCache",
            "The token endpoint of the connection %1 answered, but "
            "without an access_token. Check the token URL: %2")
                           .arg(who, c.tokenUrl);
        return result;
    }
    AccessToken &token = result.token;
    token.accessToken = accessToken;
    token.tokenType = data.value(QStringLiteral("token_type")).toString();
    // RFC 6750 names the scheme "Bearer"; servers often answer "bearer", which some APIs
    // refuse in the Authorization header.
    if (token.tokenType.isEmpty()
        || token.tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) == 0)
        token.tokenType = QStringLiteral("Bearer");
    token.scope = data.value(QStringLiteral("scope")).toString(c.scope);
    token.fetchedAt = nowUtc();
    const QJsonValue expiresIn = data.value(QStringLiteral("expires_in"));
    bool ok = expiresIn.isDouble();
    double seconds = expiresIn.toDouble();
    if (expiresIn.isString())
        seconds = expiresIn.toString().toDouble(&ok);
    if (ok && seconds > 0) {
        const qint64 lifetimeMs = static_cast<qint64>(seconds * 1000);
        const qint64 leadMs = qint64(std::max(0, c.refreshLeadSeconds)) * 1000;
        // A lead as long as the lifetime would make every call fetch a token: then refresh
        // halfway through instead.
        const qint64 useMs = leadMs < lifetimeMs ? lifetimeMs - leadMs : lifetimeMs / 2;
        token.expiresAt = token.fetchedAt.addMSecs(lifetimeMs);
        token.refreshAt = token.fetchedAt.addMSecs(useMs);
    }
    return result;
}

void TokenCache::finishFetch(
    const QString &key, const ClientCredentials &c, const HttpExchange &exchange)
{
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    it->request = nullptr;
    if (BusyRetry::isBusy(exchange) && it->busyTries.size() + 1 < std::max(1, c.retryMaxTries)) {
        // A busy token endpoint is asked again, as a module's server is.
        const qint64 waitMs = BusyRetry::waitMs(exchange, it->busyTries.size() + 1,
            qint64(std::clamp(c.retryMaxWaitSeconds, 0, 3600)) * 1000);
        const QString what = exchange.gotResponse
            ? QCoreApplication::translate("TokenCache", "answered %1").arg(exchange.statusCode)
            : QCoreApplication::translate("TokenCache", "did not answer");
        it->busyTries.append(QCoreApplication::translate("TokenCache",
            "The token endpoint of the connection %1 %2; "
            "Scenarist waited %3 s and asked again.")
                                 .arg(quoted(c.connectionName), what)
                                 .arg(double(waitMs) / 1000.0, 0, 'g', 3));
        auto *wait = new QTimer(this);
        wait->setSingleShot(true);
        // Precise: a coarse timer may end a wait of seconds early, before Retry-After passed.
        wait->setTimerType(Qt::PreciseTimer);
        connect(wait, &QTimer::timeout, this, [this, key, c, wait] {
            wait->deleteLater();
            fetch(key, c);
        });
        it->retryWait = wait;
        wait->start(int(waitMs));
        return;
    }
    TokenResult result = parseAnswer(c, exchange, m_maxResponseBytes);
    result.busyTries = std::exchange(it->busyTries, {});
    if (!result.ok() && !result.busyTries.isEmpty())
        result.error
            += QCoreApplication::translate("TokenCache", " (after %1 tries: the server was busy)")
                   .arg(result.busyTries.size() + 1);
    deliver(key, c, result);
}

void TokenCache::deliver(const QString &key, const ClientCredentials &c, const TokenResult &result)
{
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    it->request = nullptr;
    if (result.ok()) {
        it->token = result.token;
        it->lastError.clear();
        it->lastErrorAt = QDateTime();
        const QString replaced = result.response.value(QStringLiteral("refresh_token")).toString();
        const QString used
            = it->replacedRefreshToken.isEmpty() ? c.refreshToken : it->replacedRefreshToken;
        if (c.grantType == QLatin1String("refresh_token") && !replaced.isEmpty()
            && replaced != used) {
            it->replacedRefreshToken = replaced;
            emit refreshTokenReplaced(c.connectionId, replaced);
        }
    } else {
        it->token = AccessToken {};
        it->lastError = result.error;
        it->lastErrorAt = nowUtc();
    }
    const QList<Waiter> waiters = std::move(it->waiters);
    it->waiters.clear();
    emit statusChanged(c.connectionId);
    for (const Waiter &waiter : waiters) {
        if (waiter.hasContext && !waiter.context)
            continue;
        waiter.done(result);
    }
}

void TokenCache::cancel(const ClientCredentials &credentials)
{
    auto it = m_entries.find(credentials.cacheKey());
    if (it == m_entries.end() || (!it->request && !it->retryWait))
        return;
    if (it->request) {
        it->request->cancel();
        it->request->deleteLater();
        it->request = nullptr;
    }
    if (it->retryWait) {
        it->retryWait->stop();
        it->retryWait->deleteLater();
        it->retryWait = nullptr;
    }
    it->busyTries.clear();
    // Whoever stopped it says so; the callers waiting for it are not called.
    it->waiters.clear();
    emit statusChanged(credentials.connectionId);
}

void TokenCache::discard(const ClientCredentials &credentials, const QString &accessToken)
{
    auto it = m_entries.find(credentials.cacheKey());
    if (it == m_entries.end() || it->token.accessToken != accessToken)
        return;
    it->token = AccessToken {};
    emit statusChanged(credentials.connectionId);
}

void TokenCache::clear(const QString &connectionId)
{
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->connectionId == connectionId) {
            it->token = AccessToken {};
            it->lastError.clear();
            it->lastErrorAt = QDateTime();
        }
    }
    emit statusChanged(connectionId);
}

void TokenCache::clearAll()
{
    QStringList ids;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        it->token = AccessToken {};
        it->lastError.clear();
        it->lastErrorAt = QDateTime();
        if (!ids.contains(it->connectionId))
            ids.append(it->connectionId);
    }
    for (const QString &id : std::as_const(ids))
        emit statusChanged(id);
}

TokenStatus TokenCache::status(const QString &connectionId) const
{
    TokenStatus status;
    const auto it = m_entries.constFind(m_latestKey.value(connectionId));
    if (it == m_entries.constEnd())
        return status;
    status.token = it->token;
    status.fetching = !it->request.isNull() || !it->retryWait.isNull();
    status.lastError = it->lastError;
    status.lastErrorAt = it->lastErrorAt;
    return status;
}
