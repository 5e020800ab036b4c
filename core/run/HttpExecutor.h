#pragma once

#include "core/model/HttpRequestSpec.h"
#include "core/run/ClientCertificate.h"
#include "core/run/HttpExchange.h"
#include "core/trust/LocalFileAccess.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkCookieJar;
class QNetworkReply;
struct ParsedBody;

/// Executes one HTTP request (a spec whose mappings are already resolved) on a shared
/// QNetworkAccessManager, asynchronously, honouring every field of the module. Emits finished()
/// exactly once per execute(), unless cancelled.
class HttpExecutor : public QObject
{
    Q_OBJECT
public:
    explicit HttpExecutor(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~HttpExecutor() override;

    /// Largest response body accepted, in bytes (default 100 MB).
    void setMaxResponseBytes(qint64 bytes);
    qint64 maxResponseBytes() const { return m_maxResponseBytes; }
    /// Bodies from this size on are kept as a LargeBody (HttpExchange::largeData) rather than
    /// QJsonValues (default LargeBody::DefaultThreshold).
    void setLargeBodyThreshold(qint64 bytes) { m_largeBodyThreshold = qMax<qint64>(1, bytes); }
    qint64 largeBodyThreshold() const { return m_largeBodyThreshold; }

    /// The values that must not reach another server (passwords, tokens, {{secrets.…}}): a
    /// header holding one of them (3 characters or more) is dropped when a redirect leaves
    /// the module's origin, like Authorization, Cookie and headers named like a secret.
    void setSecretValues(const QStringList &values) { m_secretValues = values; }
    QStringList secretValues() const { return m_secretValues; }
    /// Which local files a request may read (multipart file fields, the CA certificate path).
    /// The default reads any regular file up to 100 MB; the runner sets the scenario's own.
    void setFileAccessPolicy(const FileAccessPolicy &policy) { m_filePolicy = policy; }
    FileAccessPolicy fileAccessPolicy() const { return m_filePolicy; }
    /// The client certificate shown to servers that ask for one (mutual TLS), for the next
    /// requests; a null identity for none.
    void setClientIdentity(const ClientIdentity &identity) { m_clientIdentity = identity; }

    /// Starts the request. `sharedCookies` is the run's jar, used when the spec asks to share
    /// cookies (may be null: then a private jar is used for this request only).
    void execute(const HttpRequestSpec &request, QNetworkCookieJar *sharedCookies = nullptr);
    /// Aborts the request under way; finished() is not emitted.
    void cancel();
    bool isRunning() const;

signals:
    void finished(const HttpExchange &exchange);

private:
    QString prepare();
    void sendHop();
    void onMetaData(QNetworkReply *reply);
    void readBody(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    void followRedirect(const QByteArray &location);
    void storeCookies(const QByteArray &setCookie);
    void completeWithBody();
    void applyParsed(const ParsedBody &parsed);
    QString networkErrorMessage(QNetworkReply *reply, bool hasStatus) const;
    /// A sentence about client certificates for an https request that failed, or empty.
    QString clientCertificateHint() const;
    void finish(const QString &errorMessage);

    struct Private;
    Private *d;
    qint64 m_maxResponseBytes = 100LL * 1024 * 1024;
    qint64 m_largeBodyThreshold = LargeBody::DefaultThreshold;
    QStringList m_secretValues;
    ClientIdentity m_clientIdentity;
    FileAccessPolicy m_filePolicy = [] {
        FileAccessPolicy policy;
        policy.anywhere = true;
        return policy;
    }();
};
