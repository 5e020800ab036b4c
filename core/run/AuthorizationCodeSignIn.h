#pragma once

#include "core/run/TokenCache.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

/// Signing in through the system browser: the OAuth 2.0 authorization code grant with PKCE
/// (RFC 7636, S256) and a loopback redirect (RFC 8252 §7.3); see docs/connections.md.
///
/// Not Qt NetworkAuth's QOAuth2AuthorizationCodeFlow: in Qt 6.4 it only logs a `state` that
/// does not match and a token request the server refused (no signal for either before Qt
/// 6.6), so the person would wait without a word; its token requests also could not carry a
/// signed client assertion, nor the size limit and secret masking of TokenCache. This flow is
/// small: a QTcpServer on 127.0.0.1 that reads one redirect, then TokenCache::exchangeCode.
class AuthorizationCodeSignIn : public QObject
{
    Q_OBJECT
public:
    explicit AuthorizationCodeSignIn(TokenCache *cache, QObject *parent = nullptr);
    ~AuthorizationCodeSignIn() override;

    /// Checks `redirectUri` (empty: http://127.0.0.1 with a free port), listens on it and
    /// emits openBrowser() with the authorization request. Returns false and says why in
    /// *error when it cannot start (then finished() is not emitted).
    bool start(const ClientCredentials &credentials, const QString &authorizationUrl,
        const QString &redirectUri, QString *error);
    /// Stops listening; finished() is not emitted.
    void cancel();
    bool isRunning() const;

    /// The redirect URI in use (with the chosen port), once started.
    QString redirectUri() const { return m_redirectUri; }
    /// The address the browser is sent to, once started.
    QUrl authorizationRequestUrl() const { return m_requestUrl; }
    /// How long to wait for the browser (default 300 s).
    void setTimeoutSeconds(int seconds) { m_timeoutSeconds = seconds; }

    /// Empty when `uri` is a loopback http address (127.0.0.1, [::1] or localhost, RFC 8252
    /// §7.3), else why it is refused, in plain words.
    static QString checkRedirectUri(const QString &uri);
    /// BASE64URL(SHA256(verifier)), RFC 7636 §4.2.
    static QString codeChallenge(const QString &verifier);

signals:
    /// Open this address in the browser (the app calls QDesktopServices::openUrl).
    void openBrowser(const QUrl &url);
    /// The sign-in ended: with tokens (result.refreshToken holds the refresh token, when the
    /// server gave one), or with an error in plain words.
    void finished(const TokenResult &result);

private:
    void readRedirect(QTcpSocket *socket);
    void answerBrowser(QTcpSocket *socket, int status, const QString &title, const QString &text);
    void fail(const QString &error);
    void stopListening();

    QPointer<TokenCache> m_cache;
    QTcpServer *m_server = nullptr;
    QTimer m_timeout;
    int m_timeoutSeconds = 300;
    ClientCredentials m_credentials;
    QString m_redirectUri;
    QString m_redirectPath;
    QUrl m_requestUrl;
    QString m_state;
    QString m_verifier;
    bool m_gotRedirect = false;
};
