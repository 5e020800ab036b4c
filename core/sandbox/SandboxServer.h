#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

class QHttpServer;

/// The built-in sandbox API, served on 127.0.0.1 only: an OAuth2 token endpoint
/// (client credentials) and protected endpoints, so the example runs with no internet.
class SandboxServer : public QObject
{
    Q_OBJECT
public:
    static constexpr quint16 defaultPort = 8765;
    static QString demoClientId() { return QStringLiteral("demo-client"); }
    static QString demoClientSecret() { return QStringLiteral("demo-secret"); }

    explicit SandboxServer(QObject *parent = nullptr);
    ~SandboxServer() override;

    /// Listens on 127.0.0.1:port (0 picks a free port). On failure returns false and says why
    /// in plain words in *error (e.g. the port is taken).
    bool start(quint16 port = defaultPort, QString *error = nullptr);
    bool isRunning() const;
    quint16 port() const;
    QUrl baseUrl() const; ///< http://127.0.0.1:PORT

    /// Lifetime of new tokens (default 3600 s).
    void setTokenLifetimeSeconds(int seconds);
    int tokenLifetimeSeconds() const;

    /// Number of successful token grants so far (tests count token requests with it).
    int tokensIssued() const;
    /// Makes every token issued so far invalid, so the next protected call gets a 401.
    void revokeAllTokens();

private:
    struct Private;
    Private *d;
};
