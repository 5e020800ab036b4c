#include "core/run/AuthorizationCodeSignIn.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace {

constexpr qsizetype maxRequestBytes = 16 * 1024;

QString randomText(int bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(data.begin(), data.end());
    return QString::fromLatin1(
        data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

AuthorizationCodeSignIn::AuthorizationCodeSignIn(TokenCache *cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        fail(QCoreApplication::translate("AuthorizationCodeSignIn",
            "No answer came back from the browser within %1 minutes, so the "
            "sign-in was given up. Click Sign in to try again.")
                 .arg(qMax(1, m_timeoutSeconds / 60)));
    });
}

AuthorizationCodeSignIn::~AuthorizationCodeSignIn() = default;

QString AuthorizationCodeSignIn::checkRedirectUri(const QString &uri)
{
    const QUrl url(uri.trimmed(), QUrl::StrictMode);
    if (url.isValid() && !url.host().isEmpty() && !isLoopbackHost(url.host())) {
        return QCoreApplication::translate("AuthorizationCodeSignIn",
            "The redirect URI \u201c%1\u201d points to another computer "
            "(%2). The browser must come back to Scenarist on this computer: "
            "use http://127.0.0.1:PORT/ (or leave it empty).")
            .arg(uri, url.host());
    }
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty()) {
        return QCoreApplication::translate("AuthorizationCodeSignIn",
            "The redirect URI \u201c%1\u201d is not a web address on this "
            "computer. Use http://127.0.0.1:PORT/ (or leave it empty to let "
            "Scenarist choose a port).")
            .arg(uri);
    }
    if (url.hasQuery() || url.hasFragment())
        return QCoreApplication::translate("AuthorizationCodeSignIn",
            "The redirect URI \u201c%1\u201d must not have a query (?) or a "
            "fragment (#).")
            .arg(uri);
    return QString();
}

QString AuthorizationCodeSignIn::codeChallenge(const QString &verifier)
{
    const QByteArray hash
        = QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256);
    return QString::fromLatin1(
        hash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool AuthorizationCodeSignIn::start(const ClientCredentials &credentials,
    const QString &authorizationUrl, const QString &redirectUri, QString *error)
{
    cancel();
    const auto refuse = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const QUrl authorization(authorizationUrl.trimmed(), QUrl::StrictMode);
    if (!authorization.isValid()
        || (authorization.scheme() != QLatin1String("https")
            && authorization.scheme() != QLatin1String("http"))
        || authorization.host().isEmpty()) {
        return refuse(QCoreApplication::translate("AuthorizationCodeSignIn",
            "The connection \u201c%1\u201d needs an authorization URL "
            "(the sign-in page of the service, starting with "
            "https://).")
                          .arg(credentials.connectionName));
    }
    if (credentials.clientId.trimmed().isEmpty())
        return refuse(QCoreApplication::translate(
            "AuthorizationCodeSignIn", "The connection \u201c%1\u201d needs a client ID.")
                          .arg(credentials.connectionName));

    QUrl redirect(QStringLiteral("http://127.0.0.1/"));
    if (!redirectUri.trimmed().isEmpty()) {
        const QString refused = checkRedirectUri(redirectUri);
        if (!refused.isEmpty())
            return refuse(refused);
        redirect = QUrl(redirectUri.trimmed());
    }
    const QHostAddress address
        = QHostAddress(redirect.host()).protocol() == QAbstractSocket::IPv6Protocol
        ? QHostAddress(QHostAddress::LocalHostIPv6)
        : QHostAddress(QHostAddress::LocalHost);
    m_server = new QTcpServer(this);
    if (!m_server->listen(address, quint16(qMax(0, redirect.port(0))))) {
        const QString why = m_server->errorString();
        stopListening();
        return refuse(QCoreApplication::translate("AuthorizationCodeSignIn",
            "Scenarist could not wait for the browser on %1: %2. "
            "Choose another port in the redirect URI, or leave it "
            "empty.")
                          .arg(redirect.toString(), why));
    }
    redirect.setPort(m_server->serverPort());
    if (redirect.path().isEmpty())
        redirect.setPath(QStringLiteral("/"));
    m_redirectUri = redirect.toString(QUrl::FullyEncoded);
    m_redirectPath = redirect.path();
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (m_server && m_server->hasPendingConnections()) {
            QTcpSocket *socket = m_server->nextPendingConnection();
            // Owned here: the server goes once the redirect came, the answer must still go out.
            socket->setParent(this);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRedirect(socket); });
        }
    });

    m_credentials = credentials;
    m_state = randomText(24);
    m_verifier = randomText(48); // 64 characters, within RFC 7636's 43 to 128
    m_gotRedirect = false;
    QUrlQuery query(authorization);
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), credentials.clientId);
    query.addQueryItem(QStringLiteral("redirect_uri"), m_redirectUri);
    if (!credentials.scope.isEmpty())
        query.addQueryItem(QStringLiteral("scope"), credentials.scope);
    query.addQueryItem(QStringLiteral("state"), m_state);
    query.addQueryItem(QStringLiteral("code_challenge"), codeChallenge(m_verifier));
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    // QUrlQuery leaves '+' and other reserved characters as they are; the server reads a
    // form-style query, so encode them.
    QUrl url = authorization;
    QString encoded;
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!encoded.isEmpty())
            encoded += QLatin1Char('&');
        encoded += QString::fromLatin1(QUrl::toPercentEncoding(name)) + QLatin1Char('=')
            + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    url.setQuery(encoded, QUrl::StrictMode);
    m_requestUrl = url;
    m_timeout.start(std::chrono::seconds(qMax(1, m_timeoutSeconds)));
    emit openBrowser(url);
    return true;
}

void AuthorizationCodeSignIn::cancel()
{
    m_timeout.stop();
    stopListening();
}

bool AuthorizationCodeSignIn::isRunning() const
{
    return m_server != nullptr || m_gotRedirect;
}

void AuthorizationCodeSignIn::stopListening()
{
    if (m_server) {
        m_server->close();
        m_server->deleteLater();
        m_server = nullptr;
    }
}

void AuthorizationCodeSignIn::fail(const QString &error)
{
    cancel();
    m_gotRedirect = false;
    TokenResult result;
    result.error = error;
    emit finished(result);
}

void AuthorizationCodeSignIn::answerBrowser(
    QTcpSocket *socket, int status, const QString &title, const QString &text)
{
    const QByteArray body = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                                           "charset=\"utf-8\"><title>%1</title></head><body>"
                                           "<h1>%1</h1><p>%2</p></body></html>\n")
                                .arg(htmlEscaped(title), htmlEscaped(text))
                                .toUtf8();
    const QByteArray reason = status == 200 ? "OK" : status == 404 ? "Not Found" : "Bad Request";
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    head += "Content-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n";
    head += "Connection: close\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    socket->write(head + body);
    socket->disconnectFromHost();
}

void AuthorizationCodeSignIn::readRedirect(QTcpSocket *socket)
{
    if (socket->bytesAvailable() + socket->property("got").toLongLong() > maxRequestBytes) {
        socket->abort();
        return;
    }
    QByteArray request = socket->property("request").toByteArray() + socket->readAll();
    socket->setProperty("request", request);
    socket->setProperty("got", request.size());
    if (!request.contains("\r\n\r\n"))
        return;
    const QList<QByteArray> line = request.left(request.indexOf("\r\n")).split(' ');
    if (line.size() < 2 || line[0] != "GET") {
        answerBrowser(socket, 400,
            QCoreApplication::translate("AuthorizationCodeSignIn", "Not understood"),
            QCoreApplication::translate("AuthorizationCodeSignIn",
                "Scenarist waits here for the browser to come back from signing "
                "in."));
        return;
    }
    const QUrl target(QString::fromLatin1(line[1]), QUrl::TolerantMode);
    if (target.path() != m_redirectPath || m_gotRedirect || !m_server) {
        answerBrowser(socket, 404,
            QCoreApplication::translate("AuthorizationCodeSignIn", "Not here"),
            QCoreApplication::translate(
                "AuthorizationCodeSignIn", "Scenarist waits for the sign-in at another address."));
        return;
    }
    const QUrlQuery query(target);
    const auto value = [&query](const char *name) {
        return query.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded);
    };
    const QString state = value("state");
    if (state != m_state) {
        answerBrowser(socket, 400,
            QCoreApplication::translate("AuthorizationCodeSignIn", "Sign-in not accepted"),
            QCoreApplication::translate("AuthorizationCodeSignIn",
                "This answer does not belong to the sign-in Scenarist started. "
                "Go back to Scenarist and click Sign in again."));
        fail(QCoreApplication::translate("AuthorizationCodeSignIn",
            "The answer that came back from the browser does not belong to the "
            "sign-in Scenarist started (its state differs), so it was "
            "ignored: someone may have tried to sign you in to their account. "
            "Click Sign in again."));
        return;
    }
    const QString error = value("error");
    if (!error.isEmpty()) {
        const QString description = value("error_description");
        answerBrowser(socket, 200,
            QCoreApplication::translate("AuthorizationCodeSignIn", "Not signed in"),
            QCoreApplication::translate("AuthorizationCodeSignIn",
                "The sign-in did not happen. You can close this tab and go back to "
                "Scenarist."));
        fail(error == QLatin1String("access_denied")
                ? QCoreApplication::translate("AuthorizationCodeSignIn",
                    "The sign-in was denied in the browser, so Scenarist got no "
                    "access. Click Sign in to try again.")
                : QCoreApplication::translate(
                    "AuthorizationCodeSignIn", "The server did not sign you in: %1%2.")
                      .arg(error,
                          description.isEmpty() ? QString()
                                                : QStringLiteral(" (%1)").arg(description)));
        return;
    }
    const QString code = value("code");
    if (code.isEmpty()) {
        answerBrowser(socket, 400,
            QCoreApplication::translate("AuthorizationCodeSignIn", "Sign-in not accepted"),
            QCoreApplication::translate("AuthorizationCodeSignIn",
                "The answer has no authorization code. Go back to Scenarist and "
                "click Sign in again."));
        fail(QCoreApplication::translate("AuthorizationCodeSignIn",
            "The browser came back without an authorization code. Click Sign "
            "in again."));
        return;
    }
    answerBrowser(socket, 200, QCoreApplication::translate("AuthorizationCodeSignIn", "Signed in"),
        QCoreApplication::translate("AuthorizationCodeSignIn",
            "Scenarist is finishing the sign-in. You can close this tab and go back "
            "to Scenarist."));
    m_gotRedirect = true;
    m_timeout.stop();
    stopListening();
    if (!m_cache) {
        fail(QCoreApplication::translate(
            "AuthorizationCodeSignIn", "Scenarist cannot finish the sign-in now."));
        return;
    }
    m_cache->exchangeCode(
        m_credentials, code, m_redirectUri, m_verifier, this, [this](const TokenResult &result) {
            m_gotRedirect = false;
            emit finished(result);
        });
}
