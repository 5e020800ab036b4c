#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

/// An answer of the sandbox's sign-in endpoints.
struct SandboxReply
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

/// The sandbox's sign-in through a browser and its client assertions
/// (docs/connections.md, "Trying browser sign-in and signed JWTs on the sandbox"): GET
/// /oauth/authorize shows a consent page (Approve / Deny) that sends the browser back to a loopback
/// redirect URI with a code; the token endpoint redeems the code (checking PKCE S256), refresh
/// tokens, and client assertions signed with the sandbox's test-only key
/// (resources/examples/sandbox-client-key.pem) or with HS256 and the demo client secret; POST
/// /oauth/revoke revokes refresh tokens (RFC 7009).
class SandboxAuthorization
{
public:
    SandboxAuthorization();

    /// The public half of the test-only key pair the demo client signs private_key_jwt
    /// assertions with. Its private half is published on purpose: never trust it elsewhere.
    static QByteArray demoPublicKeyPem();
    /// A refresh token every sandbox accepts for the demo client (scope "read write"), for
    /// headless runs of the authorization code example; revoking it lasts until the sandbox
    /// stops.
    static QString demoRefreshToken();

    /// GET /oauth/authorize: the consent page, or a page that says what is wrong.
    SandboxReply consentPage(const QUrlQuery &query) const;
    /// POST /oauth/authorize: the Approve / Deny form; redirects the browser back.
    SandboxReply decide(const QByteArray &formBody);

    /// A client proved who it is with a client assertion (RFC 7523): empty when `params`
    /// hold a valid one for the demo client, else the error_description. `tokenUrl` is the
    /// audience it must name.
    QString checkAssertion(const QHash<QString, QString> &params, const QString &tokenUrl);

    /// The outcome of redeeming a code or a refresh token.
    struct Grant
    {
        QString error; ///< an OAuth error code; empty on success
        QString description;
        QString clientId;
        QString scope;
        QString refreshToken; ///< the refresh token to hand out
    };
    Grant redeemCode(const QHash<QString, QString> &params);
    Grant redeemRefreshToken(const QHash<QString, QString> &params);
    /// Forgets a refresh token (RFC 7009: an unknown one is not an error).
    void revoke(const QString &token);
    int refreshTokenCount() const { return int(m_refreshTokens.size()); }

    /// Reads an application/x-www-form-urlencoded body ('+' is a space).
    static QHash<QString, QString> formFields(const QByteArray &body);

private:
    struct Code
    {
        QString clientId;
        QString redirectUri;
        QString challenge;
        QString scope;
        qint64 expiresAtMs = 0;
    };
    struct Refresh
    {
        QString clientId;
        QString scope;
    };
    /// Empty when the request may be sent back to its redirect URI, else why not.
    static QString checkClientAndRedirect(const QString &clientId, const QString &redirectUri);

    QElapsedTimer m_clock;
    QHash<QString, Code> m_codes;
    QHash<QString, Refresh> m_refreshTokens;
    QSet<QString> m_usedAssertionIds;
};
