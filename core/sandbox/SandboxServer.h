#pragma once

#include <QJsonObject>
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
    /// What GET /api/signin accepts (docs/connections.md): an API key, a Bearer token, Basic.
    static QString demoApiKey() { return QStringLiteral("demo-api-key"); }
    static QString demoBearerToken() { return QStringLiteral("demo-bearer-token"); }
    static QString demoUsername() { return QStringLiteral("demo-user"); }
    static QString demoPassword() { return QStringLiteral("demo-password"); }
    /// The password of the test client certificate client.p12 (test only).
    static QString demoCertificatePassword() { return QStringLiteral("demo-p12-password"); }
    /// The sandbox's test CA (PEM), which signed its https certificate and the test client
    /// certificate. Test only: its files are public (resources/sandbox-tls).
    static QByteArray testCaCertificate();
    /// The resource path of a test file: "client.pem", "client.key", "client.p12".
    static QString testClientCertificateFile(const QString &name);

    explicit SandboxServer(QObject *parent = nullptr);
    ~SandboxServer() override;

    /// Listens on 127.0.0.1:port (0 picks a free port). On failure returns false and says why
    /// in plain words in *error (e.g. the port is taken).
    bool start(quint16 port = defaultPort, QString *error = nullptr);
    bool isRunning() const;
    quint16 port() const;
    QUrl baseUrl() const; ///< http://127.0.0.1:PORT

    /// Also listens on an https port of 127.0.0.1 that asks for a client certificate the
    /// test CA signed (0 picks a free port). Same endpoints; GET /api/signin says "client
    /// certificate".
    bool startTls(quint16 port = 0, QString *error = nullptr);
    QUrl tlsUrl() const; ///< https://127.0.0.1:PORT, or empty when not started
    /// What {{sandbox.…}} holds: url, and tlsUrl and caCertificate (PEM) when started.
    QJsonObject namedRoot() const;

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
