#pragma once

#include "core/model/Connection.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class HttpExecutor;
class QTimer;
class QNetworkAccessManager;
struct HttpExchange;

/// A connection after mapping: what a token request sends ({{secrets.…}} already resolved).
struct ClientCredentials
{
    QString connectionId; ///< the scenario's connection id (for the panel's status)
    QString connectionName; ///< for messages
    QString tokenUrl;
    QString clientId;
    QString clientSecret;
    QString scope;
    QString audience;
    QList<NameValue> extraParameters;
    ClientAuthentication clientAuthentication = ClientAuthentication::Body;
    int refreshLeadSeconds = 60;
    int timeoutSeconds = 40;
    /// "client_credentials", or "refresh_token" for a connection signed in with a browser.
    QString grantType = QStringLiteral("client_credentials");
    QString refreshToken; ///< with the refresh_token grant
    QByteArray signingKey; ///< private_key_jwt: the PEM text of the private key
    QString signingKeyName; ///< private_key_jwt: the key in messages ("The file “key.pem”")
    /// A busy token endpoint (429, 502, 503, 504, no answer) is asked again, this many tries
    /// in all, waiting at most this long between two (docs/scenario-file.md).
    int retryMaxTries = 5;
    int retryMaxWaitSeconds = 60;

    /// What identifies one cached token: token URL, client id, hashes of the secret, the
    /// refresh token and the private key, scope, audience, extra parameters, the grant and
    /// the client authentication.
    QString cacheKey() const;
};

/// An access token as the token endpoint gave it.
struct AccessToken
{
    QString tokenType; ///< as sent in Authorization: "bearer" is normalised to "Bearer"
    QString accessToken;
    QString scope; ///< the granted scope (the requested one when the server is silent)
    QDateTime fetchedAt; ///< UTC
    QDateTime expiresAt; ///< UTC; invalid when the server gave no expires_in
    QDateTime refreshAt; ///< UTC; after this a new token is fetched (invalid: never)

    bool isValid() const { return !accessToken.isEmpty(); }
    /// The value of the Authorization header: "<token_type> <access_token>".
    QString authorization() const;
    /// The token with all but its first and last four characters hidden.
    QString masked() const;
};

/// What a request for a token ended with.
struct TokenResult
{
    AccessToken token;
    QString error; ///< plain words, quoting the server's error and error_description
    bool fetched = false; ///< true when this answer came from a token request, not the cache
    QJsonObject response; ///< the token endpoint's JSON answer, when fetched (never shown)
    /// A refresh token the answer gave (a new sign-in, or the server replaced the old one).
    QString refreshToken;
    /// One line for each try that found the token endpoint busy, e.g. "The token endpoint
    /// answered 429; Scenarist waited 1 s and asked again."
    QStringList busyTries;
    bool ok() const { return error.isEmpty(); }
};

/// What the connections panel shows about a connection's cached token.
struct TokenStatus
{
    AccessToken token; ///< invalid when there is none
    bool fetching = false;
    QString lastError;
    QDateTime lastErrorAt;
};

/// Access tokens of OAuth 2.0 client credentials connections, shared by every
/// module and every run that is given the same cache. One token request however many
/// callers need a token at once; a token is reused until `expires_in` minus the refresh
/// lead has passed (without `expires_in`, until discard() says it expired).
class TokenCache : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const TokenResult &)>;

    /// Uses `network` for token requests, or a manager of its own when null.
    explicit TokenCache(QNetworkAccessManager *network = nullptr, QObject *parent = nullptr);
    ~TokenCache() override;

    /// Calls `done` once with a token: the cached one when still fresh (before token()
    /// returns), otherwise after the one token request that every waiting caller shares.
    /// `done` is not called when `context` was destroyed meanwhile.
    void token(const ClientCredentials &credentials, QObject *context, Callback done);
    /// Drops `accessToken` if it is still the cached one (a response said it expired), so
    /// that the next token() fetches a new one.
    void discard(const ClientCredentials &credentials, const QString &accessToken);
    /// Stops the token request for these credentials, or the wait before its next try
    /// (Stop in the app); the callers waiting for it are not called.
    void cancel(const ClientCredentials &credentials);
    /// Forgets the cached tokens and errors of a connection.
    void clear(const QString &connectionId);

    /// Exchanges an authorization code for tokens (RFC 6749 §4.1.3 with the PKCE
    /// code_verifier of RFC 7636), authenticating the client as `credentials` say. On
    /// success the access token is cached for `credentials` with the refresh token it came
    /// with, so the run that follows needs no token request.
    void exchangeCode(const ClientCredentials &credentials, const QString &code,
        const QString &redirectUri, const QString &codeVerifier, QObject *context, Callback done);
    using RevokeCallback = std::function<void(const QString &error)>;
    /// Revokes `credentials.refreshToken` at `revocationUrl` (RFC 7009) and forgets the
    /// connection's cached tokens; `done` gets an empty error on success.
    void revoke(const ClientCredentials &credentials, const QString &revocationUrl,
        QObject *context, RevokeCallback done);

    /// Adds the client authentication of `credentials` to a form POST: client_id (and
    /// client_secret) as fields, a Basic header, or a signed client assertion. Returns the
    /// error in plain words when it cannot (a key that is not a key), else empty.
    static QString authenticateClient(
        const ClientCredentials &credentials, const QString &audience, HttpRequestSpec &spec);
    void clearAll();

    /// The largest answer a token request accepts (default 100 MB), as for modules
    /// (ScenarioRunner::setMaxResponseBytes): reading stops there and the request fails.
    void setMaxResponseBytes(qint64 bytes);
    qint64 maxResponseBytes() const { return m_maxResponseBytes; }

    /// The latest token (or error) of the connection with this id.
    TokenStatus status(const QString &connectionId) const;
    /// How many token requests were sent so far.
    int tokenRequestCount() const { return m_requestCount; }

signals:
    /// A token of this connection was fetched, failed, discarded or cleared.
    void statusChanged(const QString &connectionId);
    /// The token endpoint replaced the refresh token of a connection (refresh token
    /// rotation): the old one no longer works, so whoever keeps it must keep this one.
    void refreshTokenReplaced(const QString &connectionId, const QString &refreshToken);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        bool hasContext = false;
        Callback done;
    };
    struct Entry
    {
        QString connectionId;
        AccessToken token;
        QList<Waiter> waiters;
        QPointer<HttpExecutor> request;
        QPointer<QTimer> retryWait; ///< the wait before the next try of a busy endpoint
        QStringList busyTries;
        QString lastError;
        QDateTime lastErrorAt;
        QString replacedRefreshToken; ///< the one the server gave in place of the one asked with
    };

    using ExchangeDone = std::function<void(const HttpExchange &)>;
    /// Sends a form POST with the client authentication to `url`; returns the error when
    /// the request could not be made (then `done` is not called).
    QString post(const ClientCredentials &credentials, const QString &url,
        const QList<NameValue> &fields, QPointer<HttpExecutor> *executor, ExchangeDone done);
    void fetch(const QString &key, const ClientCredentials &credentials);
    void finishFetch(
        const QString &key, const ClientCredentials &credentials, const HttpExchange &exchange);
    /// Keeps `result` for the entry and calls its waiters.
    void deliver(
        const QString &key, const ClientCredentials &credentials, const TokenResult &result);
    static TokenResult parseAnswer(const ClientCredentials &credentials,
        const HttpExchange &exchange, qint64 maxResponseBytes);

    QNetworkAccessManager *m_network;
    QHash<QString, Entry> m_entries;
    QHash<QString, QString> m_latestKey; ///< connection id -> key of its latest use
    int m_requestCount = 0;
    qint64 m_maxResponseBytes = 100LL * 1024 * 1024;
};

Q_DECLARE_METATYPE(TokenResult)
