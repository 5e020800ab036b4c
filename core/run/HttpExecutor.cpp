#include "core/run/HttpExecutor.h"

#include "core/model/UrlEncoding.h"
#include "core/run/MultipartBuilder.h"
#include "core/run/RequestMapper.h"
#include "core/run/ResponseParser.h"
#include "core/trust/ByteSize.h"
#include "core/trust/Origin.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QThread>
#include <QTimer>

#include <memory>

namespace {

constexpr int MaxRedirects = 10;
// Bodies above this are parsed on a worker thread so a large JSON answer does not freeze
// the window (QJsonDocument takes seconds on tens of MB).
constexpr qsizetype ThreadedParseThreshold = 2 * 1024 * 1024;
// Lets QNetworkAccessManager pause the socket while we are behind, so memory stays bounded.
constexpr qint64 ReadBufferBytes = 4 * 1024 * 1024;

const QByteArray UserAgent = QByteArrayLiteral("Scenarist/0.1");

// The Host header as QNetworkAccessManager writes it: the port only when it is not the
// scheme's default.
QByteArray hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']'; // an IPv6 address
    const int port = url.port();
    const bool defaultPort = port < 0
        || (port == 80 && url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0)
        || (port == 443 && url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0);
    if (!defaultPort)
        host += ':' + QByteArray::number(port);
    return host;
}

// The Accept-Language QNetworkAccessManager adds to every request unless one is set (the
// rule of its HTTP backend), so the inspector and Copy as cURL show it too.
QByteArray qtAcceptLanguage()
{
    const QString locale = QLocale::system().name().replace(QLatin1Char('_'), QLatin1Char('-'));
    if (locale == QLatin1String("C"))
        return QByteArrayLiteral("en,*");
    if (locale.startsWith(QLatin1String("en-")))
        return locale.toLatin1() + ",*";
    return locale.toLatin1() + ",en,*";
}

// The Accept-Encoding QNetworkAccessManager sends when left to decompress by itself (its
// QDecompressHelper list, which depends on how Qt was built), so the inspector can show it.
QByteArray qtAcceptEncoding()
{
    QByteArrayList encodings;
#if defined(QT_FEATURE_zstd) && QT_FEATURE_zstd == 1
    encodings.append(QByteArrayLiteral("zstd"));
#endif
#if defined(QT_FEATURE_brotli) && QT_FEATURE_brotli == 1
    encodings.append(QByteArrayLiteral("br"));
#endif
    encodings.append(QByteArrayLiteral("gzip"));
    encodings.append(QByteArrayLiteral("deflate"));
    return encodings.join(", ");
}

bool sameName(const QByteArray &a, const char *b)
{
    return a.compare(QByteArrayView(b), Qt::CaseInsensitive) == 0;
}

qsizetype indexOfHeader(const QList<RawHeader> &headers, const char *name)
{
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (sameName(headers.at(i).first, name))
            return i;
    }
    return -1;
}

void removeHeader(QList<RawHeader> &headers, const char *name)
{
    headers.removeIf([name](const RawHeader &h) { return sameName(h.first, name); });
}

bool isValidHeaderName(const QByteArray &name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const uchar u = uchar(c);
        if (u <= 32 || u >= 127 || c == ':' || c == '(' || c == ')' || c == '<' || c == '>'
            || c == '@' || c == ',' || c == ';' || c == '\\' || c == '"' || c == '/' || c == '['
            || c == ']' || c == '?' || c == '=' || c == '{' || c == '}') {
            return false;
        }
    }
    return true;
}

bool hasLineBreak(const QByteArray &text)
{
    return text.contains('\r') || text.contains('\n') || text.contains('\0');
}

// Headers that carry a credential: dropped when a redirect leaves the module's origin, as
// curl does (docs/sharing-scenarios-safely.md). By name, because a mapped token is not
// always among the known secret values, and by value, because a secret can travel in a
// header of any name.
bool carriesSecret(const RawHeader &header, const QStringList &secretValues)
{
    const QString name = QString::fromLatin1(header.first);
    if (sameName(header.first, "Authorization") || sameName(header.first, "Proxy-Authorization")
        || sameName(header.first, "Cookie") || RequestMapper::looksSecret(name)) {
        return true;
    }
    for (const char *word : {"token", "auth", "session", "credential", "cookie"}) {
        if (name.contains(QLatin1String(word), Qt::CaseInsensitive))
            return true;
    }
    const QString value = QString::fromUtf8(header.second);
    for (const QString &secret : secretValues) {
        // Very short values ("1", "a") would match unrelated headers.
        if (secret.size() >= 3 && value.contains(secret))
            return true;
    }
    return false;
}

// "A", "A and B", "A, B and C"
QString namesInWords(const QStringList &names)
{
    if (names.size() <= 1)
        return names.value(0);
    return names.mid(0, names.size() - 1).join(QStringLiteral(", "))
        + QCoreApplication::translate("HttpExecutor", " and ") + names.last();
}

bool isHttps(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

QString hostAndPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    return QStringLiteral("%1:%2").arg(url.host()).arg(port);
}

QString sslErrorInWords(const QSslError &error)
{
    switch (error.error()) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
        return QCoreApplication::translate("HttpExecutor", "self-signed certificate");
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::UnableToGetIssuerCertificate:
        return QCoreApplication::translate(
            "HttpExecutor", "issued by an authority this computer does not know");
    case QSslError::CertificateExpired:
        return QCoreApplication::translate("HttpExecutor", "the certificate has expired");
    case QSslError::CertificateNotYetValid:
        return QCoreApplication::translate("HttpExecutor", "the certificate is not valid yet");
    case QSslError::HostNameMismatch:
        return QCoreApplication::translate(
            "HttpExecutor", "the certificate is for another server name");
    case QSslError::CertificateRevoked:
        return QCoreApplication::translate("HttpExecutor", "the certificate was revoked");
    default:
        return error.errorString();
    }
}

QString statusReason(int status, const QByteArray &reason)
{
    if (!reason.isEmpty())
        return QString::fromUtf8(reason);
    // HTTP/2 has no reason phrase; give the usual one.
    switch (status) {
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 409:
        return QStringLiteral("Conflict");
    case 422:
        return QStringLiteral("Unprocessable Entity");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        return QString();
    }
}

// How long a 429 or 503 answer asks to wait (Retry-After: seconds or an HTTP date), in
// words; empty when it does not say.
QString retryAfterInWords(const HttpExchange &exchange)
{
    const qint64 seconds = exchange.retryAfterSeconds();
    if (seconds < 0)
        return QString();
    if (seconds < 120)
        return QStringLiteral("%1 %2").arg(seconds).arg(seconds == 1
                ? QCoreApplication::translate("HttpExecutor", "second")
                : QCoreApplication::translate("HttpExecutor", "seconds"));
    if (seconds < 2 * 3600)
        return QCoreApplication::translate("HttpExecutor", "%1 minutes").arg((seconds + 59) / 60);
    return QCoreApplication::translate("HttpExecutor", "%1 hours").arg((seconds + 3599) / 3600);
}

// What the server said about the failure, from the fields APIs commonly use.
/// The members serverExplanation() reads, taken from a large body without reading the rest.
QJsonValue explanationMembers(const LargeBody &body)
{
    QJsonObject members;
    if (body.kind() != LargeBody::Kind::Json || body.typeAt(body.root()) != QJsonValue::Object)
        return members;
    for (const QString name :
        {QStringLiteral("error"), QStringLiteral("error_description"), QStringLiteral("message")}) {
        const std::optional<LargeBody::Range> member = body.member(body.root(), name);
        if (member && member->size() < 64 * 1024)
            members.insert(name, body.value(*member));
    }
    return members;
}

QString serverExplanation(const QJsonValue &data, bool isJson)
{
    QString said;
    if (isJson && data.isObject()) {
        const QJsonObject object = data.toObject();
        const QJsonValue error = object.value(QStringLiteral("error"));
        QString code = error.isString() ? error.toString() : QString();
        QString detail = object.value(QStringLiteral("error_description")).toString();
        if (detail.isEmpty())
            detail = object.value(QStringLiteral("message")).toString();
        if (detail.isEmpty() && error.isObject())
            detail = error.toObject().value(QStringLiteral("message")).toString();
        if (!code.isEmpty() && !detail.isEmpty()) {
            // The sentence ends after the bracket: "invalid_client (Wrong secret)." not ".)."
            if (detail.endsWith(QLatin1Char('.')))
                detail.chop(1);
            said = QStringLiteral("%1 (%2)").arg(code, detail);
        } else {
            said = code.isEmpty() ? detail : code;
        }
    } else if (!isJson && data.isString()) {
        // A short one-line text answer is usually the explanation itself.
        const QString text = data.toString().trimmed();
        if (!text.isEmpty() && text.size() <= 200 && !text.contains(QLatin1Char('\n'))
            && !text.startsWith(QLatin1Char('<'))) {
            said = text;
        }
    }
    if (said.size() > 300)
        said = said.left(300) + QStringLiteral("…");
    return said;
}

} // namespace

struct HttpExecutor::Private
{
    QPointer<QNetworkAccessManager> network;
    // Requests with their own TLS trust run on a manager of their own: QNetworkAccessManager
    // keeps connections per host and port only, so a connection trusted under relaxed rules
    // would otherwise carry them over to later requests (and a custom CA would be ignored on
    // a connection opened earlier).
    QPointer<QNetworkAccessManager> ownNetwork;
    QPointer<QNetworkReply> reply;
    QTimer *timeout = nullptr;
    QElapsedTimer clock;

    HttpRequestSpec spec;
    QPointer<QNetworkCookieJar> sharedJar;
    std::unique_ptr<QNetworkCookieJar> privateJar;
    bool useSharedJar = false;

    bool running = false;
    quint64 generation = 0;
    HttpExchange exchange;

    // The hop under way; redirects change these.
    QByteArray method;
    QUrl url;
    QList<RawHeader> headers; ///< without jar cookies, Content-Length and Accept-Encoding
    QByteArray body;
    bool hasBody = false;
    // The CA certificates given in advanced settings. The TLS configuration itself is built
    // only for an https hop: creating one loads OpenSSL and the system's CA store, which a
    // plain http request never needs.
    QList<QSslCertificate> caCertificates;
    bool customTls = false;
    int redirectCount = 0;

    QByteArray hopBody;
    bool timedOut = false;
    bool tooLarge = false;
    bool connecting = false;
    QList<QSslError> sslErrors;

    QNetworkAccessManager *activeNetwork() const
    {
        return customTls ? ownNetwork.data() : network.data();
    }

    void releaseOwnNetwork()
    {
        // Later, not now: we may be inside a signal of one of its replies.
        if (ownNetwork)
            ownNetwork->deleteLater();
        ownNetwork = nullptr;
    }

    QNetworkCookieJar *jar()
    {
        if (useSharedJar && sharedJar)
            return sharedJar;
        if (!privateJar)
            privateJar = std::make_unique<QNetworkCookieJar>();
        return privateJar.get();
    }
};

HttpExecutor::HttpExecutor(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , d(new Private)
{
    d->network = network;
    d->timeout = new QTimer(this);
    d->timeout->setSingleShot(true);
    connect(d->timeout, &QTimer::timeout, this, [this] {
        if (!d->reply)
            return;
        d->timedOut = true;
        d->reply->abort(); // finishes the reply; onFinished reports the timeout
    });
}

HttpExecutor::~HttpExecutor()
{
    cancel();
    delete d;
}

void HttpExecutor::setMaxResponseBytes(qint64 bytes)
{
    m_maxResponseBytes = qMax<qint64>(1, bytes);
}

bool HttpExecutor::isRunning() const
{
    return d->running;
}

void HttpExecutor::cancel()
{
    ++d->generation; // drops any queued completion or parse result of the old request
    d->running = false;
    d->timeout->stop();
    if (QNetworkReply *reply = d->reply) {
        d->reply = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    d->releaseOwnNetwork();
}

void HttpExecutor::execute(const HttpRequestSpec &request, QNetworkCookieJar *sharedCookies)
{
    cancel();
    const quint64 generation = d->generation;
    d->running = true;
    d->clock.start();
    d->spec = request;
    d->sharedJar = sharedCookies;
    d->useSharedJar = request.shareCookies && sharedCookies;
    d->privateJar.reset();
    d->exchange = HttpExchange();
    d->url = QUrl(); // a request refused before sending must not report the previous URL
    d->redirectCount = 0;
    d->timedOut = false;
    d->tooLarge = false;
    d->sslErrors.clear();
    d->hopBody.clear();

    const QString error = prepare();
    if (!error.isEmpty()) {
        // Emitted later so that finished() never fires inside execute().
        QMetaObject::invokeMethod(
            this,
            [this, generation, error] {
                if (d->running && d->generation == generation)
                    finish(error);
            },
            Qt::QueuedConnection);
        return;
    }
    if (!d->network) {
        QMetaObject::invokeMethod(
            this,
            [this, generation] {
                if (d->running && d->generation == generation)
                    finish(QCoreApplication::translate(
                        "HttpExecutor", "Internal error: no network access is available."));
            },
            Qt::QueuedConnection);
        return;
    }
    d->timeout->start(qBound(1, d->spec.timeoutSeconds, 300) * 1000);
    sendHop();
}

QString HttpExecutor::prepare()
{
    const HttpRequestSpec &spec = d->spec;
    d->method = spec.method.trimmed().toUpper().toLatin1();
    if (d->method.isEmpty())
        d->method = QByteArrayLiteral("GET");
    // A method is one word of letters: anything else (a line break from a pasted curl -X)
    // would rewrite the request line.
    if (!isValidHeaderName(d->method)) {
        return QCoreApplication::translate("HttpExecutor",
            "The method \"%1\" is not an HTTP method: it may only contain "
            "letters, such as GET or POST.")
            .arg(spec.method.trimmed()
                     .replace(QLatin1Char('\r'), QLatin1String("\\r"))
                     .replace(QLatin1Char('\n'), QLatin1String("\\n")));
    }
    d->exchange.sent.method = d->method;

    const QString typedUrl = spec.url.trimmed();
    if (hasLineBreak(typedUrl.toUtf8())) {
        // Qt would encode some of these and refuse others; say it plainly instead.
        return QCoreApplication::translate("HttpExecutor",
            "The URL contains a line break, which a web address may not "
            "hold. Remove it (check what was mapped into it).");
    }
    QUrl url(typedUrl, QUrl::TolerantMode);
    d->exchange.sent.url = url;
    const QString scheme = url.scheme().toLower();
    if (typedUrl.isEmpty() || !url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        return QCoreApplication::translate("HttpExecutor",
            "The URL \"%1\" is not a web address. It should start with "
            "https:// (or http://) followed by a server name.")
            .arg(typedUrl);
    }
    url.setFragment(QString()); // never sent to the server
    url = UrlEncoding::appendQuery(url, spec.query);
    d->url = url;
    d->exchange.sent.url = url;

    // Headers as typed, in order; a repeated name is folded into one line as HTTP allows.
    d->headers.clear();
    for (const NameValue &header : spec.headers) {
        const QByteArray name = header.name.trimmed().toUtf8();
        if (name.isEmpty())
            continue;
        if (!isValidHeaderName(name)) {
            return QCoreApplication::translate("HttpExecutor",
                "The header name \"%1\" is not allowed in HTTP: it may only "
                "contain letters, digits and - _ . ! # $ % & ' * + ^ ` | ~")
                .arg(header.name);
        }
        const QByteArray value = header.value.toUtf8();
        if (value.trimmed().isEmpty()) {
            // QNetworkAccessManager does not send a header without a value: say so rather
            // than show it as sent.
            d->exchange.warnings.append(QCoreApplication::translate(
                "HttpExecutor", "The header \"%1\" has no value, so it was not sent.")
                                            .arg(header.name));
            continue;
        }
        if (hasLineBreak(value)) {
            return QCoreApplication::translate("HttpExecutor",
                "The value of the header \"%1\" contains a line break, which "
                "HTTP does not allow. Remove it (check what was mapped into "
                "it).")
                .arg(header.name);
        }
        const qsizetype existing = indexOfHeader(d->headers, name.constData());
        if (existing >= 0) {
            const QByteArray separator = sameName(name, "Cookie") ? "; " : ", ";
            d->headers[existing].second += separator + value;
        } else {
            d->headers.append({name, value});
        }
    }
    if (indexOfHeader(d->headers, "User-Agent") < 0)
        d->headers.append({QByteArrayLiteral("User-Agent"), UserAgent});
    if (indexOfHeader(d->headers, "Authorization") < 0
        && (!spec.username.isEmpty() || !spec.password.isEmpty())) {
        const QByteArray credentials = (spec.username + QLatin1Char(':') + spec.password).toUtf8();
        d->headers.append({QByteArrayLiteral("Authorization"), "Basic " + credentials.toBase64()});
    }

    // The body, built here so that the inspector shows the exact bytes.
    d->body.clear();
    d->hasBody = false;
    QByteArray contentType;
    switch (spec.bodyType) {
    case BodyType::None:
        break;
    case BodyType::Raw:
        d->body = spec.rawContent.toUtf8();
        d->hasBody = true;
        contentType = spec.rawContentType.trimmed().toUtf8();
        if (hasLineBreak(contentType)) {
            // It becomes the Content-Type header: a line break would start a header of the
            // sender's choosing.
            return QCoreApplication::translate("HttpExecutor",
                "The content type of the body contains a line break, which "
                "HTTP does not allow. Remove it (check what was mapped into "
                "it).");
        }
        break;
    case BodyType::UrlEncoded:
        d->body = UrlEncoding::encodePairs(spec.urlEncodedFields);
        d->hasBody = true;
        contentType = QByteArrayLiteral("application/x-www-form-urlencoded");
        break;
    case BodyType::Multipart: {
        MultipartBuilder builder;
        QString error;
        if (!builder.build(spec.multipartFields, m_filePolicy, &error))
            return error;
        d->body = builder.body();
        d->hasBody = true;
        contentType = builder.contentType();
        const qsizetype userType = indexOfHeader(d->headers, "Content-Type");
        if (userType >= 0 && !d->headers.at(userType).second.contains("boundary=")) {
            // Without our boundary the server could not split the parts.
            d->headers.removeAt(userType);
            d->exchange.warnings.append(QCoreApplication::translate("HttpExecutor",
                "The Content-Type header was replaced by \"%1\" because a "
                "multipart body needs its boundary.")
                                            .arg(QString::fromLatin1(contentType)));
        }
        break;
    }
    }
    if (!contentType.isEmpty() && indexOfHeader(d->headers, "Content-Type") < 0)
        d->headers.append({QByteArrayLiteral("Content-Type"), contentType});

    // TLS trust for this request only.
    d->caCertificates.clear();
    d->customTls = !spec.rejectUnverifiedCertificates;
    const QString ca = spec.caCertificate.trimmed();
    if (!ca.isEmpty()) {
        QByteArray pem;
        QString where;
        if (ca.contains(QLatin1String("-----BEGIN"))) {
            pem = ca.toUtf8();
            where = QCoreApplication::translate("HttpExecutor", "given in advanced settings");
        } else {
            // Under the file policy: a shared scenario must not make Scenarist read
            // /dev/zero or a file the user never chose.
            const LocalFileRead file = LocalFileAccess::read(ca, m_filePolicy);
            if (!file.ok()) {
                return QCoreApplication::translate("HttpExecutor",
                    "The CA certificate file \"%1\" could not be read. %2 "
                    "Give the certificate as PEM text, or the path of a "
                    "PEM file.")
                    .arg(ca, file.error);
            }
            pem = file.data;
            where = QCoreApplication::translate("HttpExecutor", "in \"%1\"").arg(ca);
        }
        QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
        if (certificates.isEmpty())
            certificates = QSslCertificate::fromData(pem, QSsl::Der);
        if (certificates.isEmpty()) {
            return QCoreApplication::translate("HttpExecutor",
                "The CA certificate %1 is not a certificate Scenarist can "
                "read. It should be PEM text starting with "
                "\"-----BEGIN CERTIFICATE-----\".")
                .arg(where);
        }
        d->caCertificates = certificates;
        d->customTls = true;
    }
    // A connection with a client certificate gets connections of its own, so that a
    // connection opened with the certificate is never reused without it, or the other way.
    if (!m_clientIdentity.isNull())
        d->customTls = true;
    if (d->customTls && d->network) {
        d->ownNetwork = new QNetworkAccessManager();
        d->ownNetwork->setProxy(d->network->proxy());
    }
    return QString();
}

void HttpExecutor::sendHop()
{
    QNetworkRequest request(d->url);
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    // No cache is installed, so every request goes to the network anyway; AlwaysNetwork
    // would add "Cache-Control: no-cache" and "Pragma: no-cache" the user never asked for.
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // Qt's archive-bomb check ends a highly compressed answer above 10 MB as if it were
    // complete, without an error: a 30 MB JSON answer would arrive cut short. Our own limit,
    // counted on the decompressed bytes in readBody(), stops a bomb instead, with a message.
    request.setDecompressedSafetyCheckThreshold(-1);

    QList<RawHeader> headers = d->headers;
    // A request that does not share the run's jar starts with an empty one of its own: it is
    // only made when the first answer sets a cookie.
    const bool hasJar = (d->useSharedJar && d->sharedJar) || d->privateJar;
    const QList<QNetworkCookie> jarCookies
        = hasJar ? d->jar()->cookiesForUrl(d->url) : QList<QNetworkCookie>();
    if (!jarCookies.isEmpty()) {
        QByteArray cookieLine;
        for (const QNetworkCookie &cookie : jarCookies) {
            if (!cookieLine.isEmpty())
                cookieLine += "; ";
            cookieLine += cookie.toRawForm(QNetworkCookie::NameAndValueOnly);
        }
        const qsizetype user = indexOfHeader(headers, "Cookie");
        if (user >= 0)
            headers[user].second += "; " + cookieLine;
        else
            headers.append({QByteArrayLiteral("Cookie"), cookieLine});
    }
    const bool https = isHttps(d->url);
    if (!d->spec.requestCompressed && indexOfHeader(headers, "Accept-Encoding") < 0)
        headers.append({QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity")});
    for (const RawHeader &header : headers)
        request.setRawHeader(header.first, header.second);
    if (https) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!d->caCertificates.isEmpty())
            ssl.addCaCertificates(d->caCertificates);
        if (!m_clientIdentity.isNull()) {
            ssl.setLocalCertificateChain(
                QList<QSslCertificate> {m_clientIdentity.certificate} + m_clientIdentity.chain);
            ssl.setPrivateKey(m_clientIdentity.privateKey);
        }
        request.setSslConfiguration(ssl);
    }

    // What goes on the wire besides our headers, as QNetworkAccessManager adds it and in its
    // order: Host first, Content-Length and Connection after the request's own headers.
    headers.prepend({QByteArrayLiteral("Host"), hostHeader(d->url)});
    if (d->hasBody)
        headers.append({QByteArrayLiteral("Content-Length"), QByteArray::number(d->body.size())});
    headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("Keep-Alive")});
    if (indexOfHeader(headers, "Accept-Encoding") < 0)
        headers.append({QByteArrayLiteral("Accept-Encoding"), qtAcceptEncoding()});
    if (indexOfHeader(headers, "Accept-Language") < 0)
        headers.append({QByteArrayLiteral("Accept-Language"), qtAcceptLanguage()});
    if (d->redirectCount == 0) {
        d->exchange.sent.headers = headers;
        d->exchange.sent.body = d->body;
    }

    d->hopBody.clear();
    d->sslErrors.clear();
    d->connecting = false;
    QNetworkAccessManager *network = d->activeNetwork();
    if (!network) {
        // The application is shutting down under a running request.
        finish(QCoreApplication::translate(
            "HttpExecutor", "The request was stopped because the network access closed."));
        return;
    }
    QNetworkReply *reply = nullptr;
    if (d->method == "HEAD")
        reply = network->head(request); // a custom HEAD would wait for a body
    else if (d->method == "GET" && !d->hasBody)
        reply = network->get(request);
    else if (d->hasBody)
        reply = network->sendCustomRequest(request, d->method, d->body);
    else
        reply = network->sendCustomRequest(request, d->method);
    d->reply = reply;
    d->exchange.timings.requestSent = true;
    reply->setReadBufferSize(ReadBufferBytes);

    connect(reply, &QNetworkReply::socketStartedConnecting, this, [this, reply] {
        if (reply == d->reply)
            d->connecting = true;
    });
    connect(reply, &QNetworkReply::requestSent, this, [this, reply] {
        // Qt reports no "connected" moment; for plain HTTP the request goes out right after
        // the connection is made, so this is when DNS and connect were done. For https the
        // TLS time covers both.
        if (reply == d->reply && d->connecting && !isHttps(reply->url())
            && d->exchange.timings.connectMs < 0) {
            d->exchange.timings.connectMs = d->clock.elapsed();
        }
    });
    if (https) {
        // A plain http reply never emits these.
        connect(reply, &QNetworkReply::encrypted, this, [this, reply] {
            if (reply == d->reply && d->exchange.timings.tlsMs < 0)
                d->exchange.timings.tlsMs = d->clock.elapsed();
        });
        connect(
            reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
                if (reply != d->reply)
                    return;
                if (!d->spec.rejectUnverifiedCertificates)
                    reply->ignoreSslErrors();
                else
                    d->sslErrors = errors;
            });
    }
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { onMetaData(reply); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { readBody(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void HttpExecutor::onMetaData(QNetworkReply *reply)
{
    if (reply != d->reply)
        return;
    d->exchange.timings.firstByteMs = d->clock.elapsed();
    // Refuse a body announced as too large before any of it is read.
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > m_maxResponseBytes
        && reply->rawHeader("Content-Encoding").isEmpty()) {
        d->tooLarge = true;
        reply->abort();
        return;
    }
    // One allocation of the announced size instead of growing by copies: a 100 MB answer
    // then peaks at 100 MB, not at the old and the new buffer together.
    if (length.isValid() && length.toLongLong() > 0
        && reply->rawHeader("Content-Encoding").isEmpty()) {
        d->hopBody.reserve(qsizetype(length.toLongLong()));
    }
}

void HttpExecutor::readBody(QNetworkReply *reply)
{
    if (reply != d->reply || d->tooLarge || !reply->isOpen())
        return;
    const qint64 available = reply->bytesAvailable();
    if (d->hopBody.size() + available > m_maxResponseBytes) {
        d->tooLarge = true;
        d->hopBody.append(reply->read(m_maxResponseBytes - d->hopBody.size()));
        reply->abort();
        return;
    }
    d->hopBody.append(reply->readAll());
}

void HttpExecutor::onFinished(QNetworkReply *reply)
{
    if (reply != d->reply)
        return;
    readBody(reply);
    d->reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->deleteLater();

    HttpExchange &ex = d->exchange;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const bool hasStatus = statusAttribute.isValid() && statusAttribute.toInt() > 0;
    if (hasStatus) {
        ex.gotResponse = true;
        ex.statusCode = statusAttribute.toInt();
        ex.reasonPhrase
            = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        ex.headers.clear();
        for (const RawHeader &header : reply->rawHeaderPairs()) {
            // QNetworkReply folds repeated Set-Cookie lines with '\n'; give them back one by one.
            if (sameName(header.first, "Set-Cookie")) {
                for (const QByteArray &line : header.second.split('\n'))
                    ex.headers.append({header.first, line});
                storeCookies(header.second);
            } else {
                ex.headers.append(header);
            }
        }
        ex.body = d->hopBody;
        ex.finalUrl = d->url;
        if (ex.headers.isEmpty()) {
            // Qt drops a header block it cannot parse (a 1 MB header line, say) and keeps the
            // status and body; say so rather than show an answer that seems to have none.
            ex.warnings.append(QCoreApplication::translate("HttpExecutor",
                "The server's answer has no headers Scenarist "
                "could read (they may be malformed or too "
                "large), so mappings to its headers are empty."));
        }
    }

    if (d->timedOut) {
        ex.timedOut = true;
        const int seconds = qBound(1, d->spec.timeoutSeconds, 300);
        const QString unit = seconds == 1 ? QCoreApplication::translate("HttpExecutor", "second")
                                          : QCoreApplication::translate("HttpExecutor", "seconds");
        if (hasStatus) {
            // The timeout covers the whole request: a body that trickles in byte by byte
            // must not keep a run waiting for ever.
            finish(QCoreApplication::translate("HttpExecutor",
                "The server started answering but did not finish answering "
                "within %1 %2 (%3 received). Raise the timeout in the "
                "module's advanced settings if the answer is large or the "
                "server slow.")
                       .arg(seconds)
                       .arg(unit, ByteSize::inWords(ex.body.size())));
            return;
        }
        finish(QCoreApplication::translate("HttpExecutor",
            "The server did not answer within %1 %2. Check the URL, or raise "
            "the timeout in the module's advanced settings.")
                   .arg(seconds)
                   .arg(unit));
        return;
    }
    if (d->tooLarge) {
        ex.bodyTruncated = true;
        finish(QCoreApplication::translate(
            "HttpExecutor", "The response is larger than %1, the most a module accepts.")
                   .arg(ByteSize::inWords(m_maxResponseBytes)));
        return;
    }
    const QNetworkReply::NetworkError error = reply->error();
    // Errors below 100 are about the connection; the others mirror the HTTP status, which
    // errorOnHttpStatus decides about.
    const bool transportError = error != QNetworkReply::NoError
        && (!hasStatus || error < 100 || error == QNetworkReply::ProtocolFailure);
    if (transportError) {
        ex.timedOut = error == QNetworkReply::TimeoutError;
        ex.connectionLost = error == QNetworkReply::ConnectionRefusedError
            || error == QNetworkReply::RemoteHostClosedError
            || error == QNetworkReply::TemporaryNetworkFailureError;
        finish(networkErrorMessage(reply, hasStatus));
        return;
    }
    // A connection reset in the middle of the body sometimes reaches Qt as a normal end, and
    // the reply finishes without an error; the announced length tells a cut answer apart.
    const QVariant announced = reply->header(QNetworkRequest::ContentLengthHeader);
    if (hasStatus && announced.isValid() && d->method != "HEAD" && ex.statusCode != 204
        && ex.statusCode != 304 // these never have a body, whatever length they announce
        && reply->rawHeader("Content-Encoding").isEmpty()
        && ex.body.size() < announced.toLongLong()) {
        finish(
            QCoreApplication::translate("HttpExecutor",
                "The server closed the connection before the whole response "
                "arrived (%1 of %2). Try again, or check the server.")
                .arg(ByteSize::inWords(ex.body.size()), ByteSize::inWords(announced.toLongLong())));
        return;
    }

    const int status = ex.statusCode;
    const bool redirectStatus
        = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    const QByteArray location = reply->rawHeader("Location");
    if (redirectStatus && !location.isEmpty() && d->spec.followRedirects) {
        const bool safeMethod = d->method == "GET" || d->method == "HEAD";
        if (safeMethod || d->spec.followAllRedirects) {
            followRedirect(location);
            return;
        }
        ex.warnings.append(QCoreApplication::translate("HttpExecutor",
            "The server redirected this %1 request to %2. Turn on "
            "'Follow all redirects' to follow it.")
                               .arg(QString::fromLatin1(d->method), QString::fromUtf8(location)));
    }
    completeWithBody();
}

void HttpExecutor::followRedirect(const QByteArray &location)
{
    HttpExchange &ex = d->exchange;
    const QUrl next = d->url.resolved(QUrl::fromEncoded(location, QUrl::TolerantMode));
    const QString scheme = next.scheme().toLower();
    if (!next.isValid() || next.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        finish(QCoreApplication::translate(
            "HttpExecutor", "The server redirected to \"%1\", which is not a web address.")
                   .arg(QString::fromUtf8(location)));
        return;
    }
    if (isHttps(d->url) && !isHttps(next)) {
        // Even on the same server: everything after this hop would travel readable by anyone
        // on the way, the credentials included.
        const auto shown = [](const QUrl &url) {
            return url.toDisplayString(
                QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
        };
        finish(QCoreApplication::translate("HttpExecutor",
            "The server redirected from %1 to an unencrypted http:// address "
            "(%2); Scenarist does not follow that because it would send your "
            "data in clear. Use an https:// address the server answers "
            "directly, or ask the server's owner to redirect to https://.")
                   .arg(shown(d->url), shown(next)));
        return;
    }
    if (++d->redirectCount > MaxRedirects) {
        finish(QCoreApplication::translate("HttpExecutor",
            "The server redirected too many times (more than %1); it may be "
            "sending the request in a circle. The last address was %2. Check "
            "the URL, or turn off 'Follow redirects' to see the first answer.")
                   .arg(MaxRedirects)
                   .arg(next.toDisplayString()));
        return;
    }
    ex.redirects.append(next);

    const int status = ex.statusCode;
    // Browsers turn these into a GET without body; 307 and 308 keep method and body.
    if ((status == 303 && d->method != "HEAD")
        || ((status == 301 || status == 302) && d->method == "POST")) {
        d->method = QByteArrayLiteral("GET");
        d->body.clear();
        d->hasBody = false;
        removeHeader(d->headers, "Content-Type");
        removeHeader(d->headers, "Content-Length");
    }
    // Credentials meant for one origin (scheme, host and port) are not handed to another,
    // as curl does; once dropped they stay dropped, even if a later hop comes back.
    if (!Origin::same(next, d->url)) {
        // A 307 or 308 sends the body again: a body holding a secret (a client secret in a
        // token request, say) must not follow to another place.
        if (d->hasBody) {
            for (const QString &secret : std::as_const(m_secretValues)) {
                if (secret.size() >= 3 && d->body.contains(secret.toUtf8())) {
                    finish(QCoreApplication::translate("HttpExecutor",
                        "The server redirected this request to %1, a "
                        "different server than the one the module asked "
                        "(%2), and the request's body holds a secret. "
                        "Scenarist does not send it there. Use the address "
                        "the server redirects to, if you trust it.")
                               .arg(Origin::of(next), Origin::of(ex.sent.url)));
                    return;
                }
            }
        }
        QStringList dropped;
        d->headers.removeIf([&](const RawHeader &header) {
            if (!carriesSecret(header, m_secretValues))
                return false;
            dropped.append(QString::fromLatin1(header.first));
            return true;
        });
        if (!dropped.isEmpty()) {
            ex.warnings.append(
                QCoreApplication::translate("HttpExecutor",
                    "%1 %2 not sent to %3, a different server than "
                    "the one the module asked (%4).")
                    .arg(namesInWords(dropped),
                        dropped.size() == 1 ? QCoreApplication::translate("HttpExecutor", "was")
                                            : QCoreApplication::translate("HttpExecutor", "were"),
                        Origin::of(next), Origin::of(ex.sent.url)));
        }
    }
    d->url = next;
    sendHop();
}

void HttpExecutor::storeCookies(const QByteArray &setCookie)
{
    QList<QNetworkCookie> cookies = QNetworkCookie::parseCookies(setCookie);
    for (QNetworkCookie &cookie : cookies) {
        cookie.normalize(d->url);
        d->exchange.cookies.append(cookie);
    }
    d->jar()->setCookiesFromUrl(cookies, d->url);
}

void HttpExecutor::completeWithBody()
{
    const QByteArray contentType = [this] {
        for (const RawHeader &header : d->exchange.headers) {
            if (sameName(header.first, "Content-Type"))
                return header.second;
        }
        return QByteArray();
    }();
    const QByteArray body = d->exchange.body;
    const bool parseJson = d->spec.parseResponse;
    const qsizetype largeThreshold = m_largeBodyThreshold;
    if (body.size() < ThreadedParseThreshold) {
        applyParsed(ResponseParser::parse(body, contentType, parseJson, largeThreshold));
        return;
    }
    auto result = std::make_shared<ParsedBody>();
    QThread *thread = QThread::create([result, body, contentType, parseJson, largeThreshold] {
        *result = ResponseParser::parse(body, contentType, parseJson, largeThreshold);
    });
    const quint64 generation = d->generation;
    // The thread is not owned by the executor: it may outlive it and then deletes itself.
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, result, generation] {
        if (d->running && d->generation == generation)
            applyParsed(*result);
    });
    thread->start();
}

void HttpExecutor::applyParsed(const ParsedBody &parsed)
{
    HttpExchange &ex = d->exchange;
    ex.data = parsed.data;
    ex.largeData = parsed.large;
    ex.dataIsJson = parsed.isJson;
    ex.warnings.append(parsed.warnings);
    if (!parsed.errorMessage.isEmpty()) {
        finish(parsed.errorMessage);
        return;
    }
    const int status = ex.statusCode;
    if (d->spec.errorOnHttpStatus && (status < 200 || status >= 400)) {
        const QString reason = statusReason(status, ex.reasonPhrase);
        const QString statusText = reason.isEmpty()
            ? QString::number(status)
            : QStringLiteral("%1 %2").arg(status).arg(reason);
        QString message = status >= 500
            ? QCoreApplication::translate(
                "HttpExecutor", "The server failed to handle the request: %1.")
                  .arg(statusText)
            : QCoreApplication::translate("HttpExecutor", "The server refused the request: %1.")
                  .arg(statusText);
        const QString said = serverExplanation(
            ex.largeData ? explanationMembers(*ex.largeData) : ex.data, ex.dataIsJson);
        if (!said.isEmpty())
            message += QCoreApplication::translate("HttpExecutor", " It said: %1").arg(said)
                + (said.endsWith(QLatin1Char('.')) ? QString() : QStringLiteral("."));
        const QString wait = retryAfterInWords(ex);
        if (!wait.isEmpty())
            message += QCoreApplication::translate(
                "HttpExecutor", " The server asks to wait %1 before trying again.")
                           .arg(wait);
        else if (status == 429)
            message += QCoreApplication::translate("HttpExecutor",
                " Too many requests were sent; wait a little before "
                "running again.");
        if (status == 401 || status == 403)
            message += QCoreApplication::translate(
                "HttpExecutor", " Check the credentials or token the module sends.");
        else if (status == 404)
            message += QCoreApplication::translate("HttpExecutor", " Check the URL.");
        finish(message);
        return;
    }
    finish(QString());
}

QString HttpExecutor::clientCertificateHint() const
{
    // A server that wants a client certificate (mutual TLS) often just hangs up on a client
    // without one, or with one it does not accept.
    if (!isHttps(d->url))
        return QString();
    return m_clientIdentity.isNull()
        ? QCoreApplication::translate("HttpExecutor",
            " If the server asks for a client certificate, sign in with a "
            "connection that has one.")
        : QCoreApplication::translate(
            "HttpExecutor", " The server may not accept the connection's client certificate.");
}

QString HttpExecutor::networkErrorMessage(QNetworkReply *reply, bool hasStatus) const
{
    const QString where = hostAndPort(d->url);
    const QString detail = reply->errorString();
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return QCoreApplication::translate("HttpExecutor",
            "Could not connect to %1: the server refused the connection. "
            "Check the URL and port, and that the server is running.")
            .arg(where);
    case QNetworkReply::HostNotFoundError:
        return QCoreApplication::translate("HttpExecutor",
            "The server \"%1\" could not be found. Check the URL for typos "
            "and that this computer is connected to the network.")
            .arg(d->url.host());
    case QNetworkReply::RemoteHostClosedError:
        if (hasStatus) {
            return QCoreApplication::translate("HttpExecutor",
                "The server closed the connection before the whole response "
                "arrived. Try again, or check the server.");
        }
        return QCoreApplication::translate("HttpExecutor",
                   "The server at %1 closed the connection without answering. "
                   "Check the URL (http or https?) and that the server is working.")
                   .arg(where)
            + clientCertificateHint();
    case QNetworkReply::TimeoutError:
        return QCoreApplication::translate("HttpExecutor",
            "The connection to %1 timed out. Check the URL, or raise the "
            "timeout in the module's advanced settings.")
            .arg(where);
    case QNetworkReply::SslHandshakeFailedError:
        if (!d->sslErrors.isEmpty()) {
            return QCoreApplication::translate("HttpExecutor",
                "The server's certificate is not trusted (%1). If you trust "
                "this server, give its CA certificate in advanced settings, "
                "or turn off 'Reject unverified certificates'.")
                .arg(sslErrorInWords(d->sslErrors.first()));
        }
        return QCoreApplication::translate("HttpExecutor",
                   "A secure (https) connection to %1 could not be set up (%2). "
                   "Check the URL: does the server speak https on this port?")
                   .arg(where, detail)
            + clientCertificateHint();
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return QCoreApplication::translate("HttpExecutor",
            "The network is not available (%1). Check this computer's "
            "connection.")
            .arg(detail);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return QCoreApplication::translate("HttpExecutor",
            "The proxy server could not be used (%1). Check the proxy "
            "settings.")
            .arg(detail);
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
        return QCoreApplication::translate("HttpExecutor",
            "The answer from %1 is not valid HTTP (%2). Check the URL and "
            "port.")
            .arg(where, detail);
    default:
        return QCoreApplication::translate("HttpExecutor", "The request to %1 failed: %2.")
            .arg(where, detail);
    }
}

void HttpExecutor::finish(const QString &errorMessage)
{
    d->timeout->stop();
    d->running = false;
    HttpExchange exchange = d->exchange;
    exchange.errorMessage = errorMessage;
    exchange.timings.totalMs = d->clock.isValid() ? d->clock.elapsed() : -1;
    if (exchange.finalUrl.isEmpty())
        exchange.finalUrl = d->url;
    d->exchange = HttpExchange();
    d->hopBody.clear();
    d->privateJar.reset();
    d->releaseOwnNetwork();
    // Last statement: a receiver may start the next request or delete this executor.
    emit finished(exchange);
}
