#include "core/run/TokenCache.h"

#include "core/model/UrlEncoding.h"
#include "core/run/BusyRetry.h"
#include "core/run/HttpExchange.h"
#include "core/run/HttpExecutor.h"

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
QString adviceFor(const QString &error)
{
    if (error == QLatin1String("invalid_client"))
        return QStringLiteral("Check the client ID and the client secret, and whether the "
                              "server expects them in the body or as a Basic header.");
    if (error == QLatin1String("invalid_scope"))
        return QStringLiteral("Check the scopes: the server does not grant them to this "
                              "client.");
    if (error == QLatin1String("unauthorized_client"))
        return QStringLiteral("This client may not use the client credentials grant; ask "
                              "whoever runs the server.");
    if (error == QLatin1String("unsupported_grant_type"))
        return QStringLiteral("This server does not offer the client credentials grant.");
    if (error == QLatin1String("invalid_request"))
        return QStringLiteral("The server found the token request incomplete; check the "
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
    const QByteArray secretHash
        = QCryptographicHash::hash(clientSecret.toUtf8(), QCryptographicHash::Sha256).toHex();
    QStringList parts {tokenUrl, clientId, QString::fromLatin1(secretHash), scope, audience,
        Connection::clientAuthenticationKey(clientAuthentication)};
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

void TokenCache::fetch(const QString &key, const ClientCredentials &c)
{
    HttpRequestSpec spec;
    spec.method = QStringLiteral("POST");
    spec.url = c.tokenUrl;
    spec.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")}};
    spec.bodyType = BodyType::UrlEncoded;
    spec.urlEncodedFields = {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    if (!c.scope.isEmpty())
        spec.urlEncodedFields.append({QStringLiteral("scope"), c.scope});
    if (!c.audience.isEmpty())
        spec.urlEncodedFields.append({QStringLiteral("audience"), c.audience});
    for (const NameValue &p : c.extraParameters) {
        if (!p.name.isEmpty())
            spec.urlEncodedFields.append(p);
    }
    if (c.clientAuthentication == ClientAuthentication::Basic) {
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and
        // Base64-encoded (plain Basic auth would send a ':' or '%' in them as is).
        const QByteArray pair = UrlEncoding::encodeComponent(c.clientId) + ':'
            + UrlEncoding::encodeComponent(c.clientSecret);
        spec.headers.append({QStringLiteral("Authorization"),
            QStringLiteral("Basic ") + QString::fromLatin1(pair.toBase64())});
    } else {
        spec.urlEncodedFields.append({QStringLiteral("client_id"), c.clientId});
        spec.urlEncodedFields.append({QStringLiteral("client_secret"), c.clientSecret});
    }
    spec.parseResponse = true;
    spec.errorOnHttpStatus = true;
    spec.shareCookies = false;
    spec.timeoutSeconds = std::clamp(c.timeoutSeconds, 1, 300);

    auto *executor = new HttpExecutor(m_network, this);
    // A token endpoint is a server like any other: its answer must not fill the memory.
    executor->setMaxResponseBytes(m_maxResponseBytes);
    Entry &entry = m_entries[key];
    entry.request = executor;
    ++m_requestCount;
    connect(executor, &HttpExecutor::finished, this,
        [this, key, c, executor](const HttpExchange &exchange) {
            executor->deleteLater();
            finishFetch(key, c, exchange);
        });
    emit statusChanged(c.connectionId);
    executor->execute(spec);
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
        result.error = QStringLiteral("The token endpoint's answer is larger than %1 MB, the "
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
                = QStringLiteral("The token endpoint of the connection %1 refused to "
                                 "give a token%2: %3%4.")
                      .arg(who,
                          exchange.statusCode > 0
                              ? QStringLiteral(" (status %1)").arg(exchange.statusCode)
                              : QString(),
                          error,
                          description.isEmpty() ? QString()
                                                : QStringLiteral(" (%1)").arg(description));
            const QString advice = adviceFor(error);
            if (!advice.isEmpty())
                result.error += QLatin1Char(' ') + advice;
        } else {
            result.error = QStringLiteral("Could not get a token for the connection %1 from %2: "
                                          "%3")
                               .arg(who, c.tokenUrl, exchange.errorMessage);
        }
        return result;
    }
    const QString accessToken = data.value(QStringLiteral("access_token")).toString();
    if (!exchange.dataIsJson || accessToken.isEmpty()) {
        result.error = QStringLiteral("The token endpoint of the connection %1 answered, but "
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
            ? QStringLiteral("answered %1").arg(exchange.statusCode)
            : QStringLiteral("did not answer");
        it->busyTries.append(QStringLiteral("The token endpoint of the connection %1 %2; "
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
        result.error += QStringLiteral(" (after %1 tries: the server was busy)")
                            .arg(result.busyTries.size() + 1);
    if (result.ok()) {
        it->token = result.token;
        it->lastError.clear();
        it->lastErrorAt = QDateTime();
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
