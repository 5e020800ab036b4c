#include "TestHttpServer.h"

#include "TestSupport.h"

#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace {

// A request larger than this is a test bug; refuse it rather than grow without bound.
constexpr qsizetype MaxRequestBytes = 64 * 1024 * 1024;

quint32 crc32(const QByteArray &data)
{
    static quint32 table[256];
    static bool tableReady = false;
    if (!tableReady) {
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        tableReady = true;
    }
    quint32 crc = 0xFFFFFFFFu;
    for (const char byte : data)
        crc = table[(crc ^ quint8(byte)) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

void appendLittleEndian32(QByteArray &out, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        out.append(char((value >> (8 * i)) & 0xFF));
}

} // namespace

QByteArray TestHttpServer::Request::header(const QByteArray &name) const
{
    for (const Header &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return QByteArray();
}

bool TestHttpServer::Request::hasHeader(const QByteArray &name) const
{
    for (const Header &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QList<QByteArray> TestHttpServer::Request::headerNames() const
{
    QList<QByteArray> names;
    for (const Header &h : headers)
        names.append(h.first.toLower());
    return names;
}

TestHttpServer::Response TestHttpServer::Response::with(
    int status, const QByteArray &contentType, const QByteArray &body)
{
    Response r;
    r.status = status;
    r.withHeader(QByteArrayLiteral("Content-Type"), contentType);
    r.body = body;
    return r;
}

TestHttpServer::Response TestHttpServer::Response::json(const QByteArray &body, int status)
{
    return with(status, QByteArrayLiteral("application/json"), body);
}

TestHttpServer::Response TestHttpServer::Response::text(const QByteArray &body, int status)
{
    return with(status, QByteArrayLiteral("text/plain; charset=utf-8"), body);
}

TestHttpServer::Response TestHttpServer::Response::redirect(int status, const QByteArray &location)
{
    Response r;
    r.status = status;
    r.withHeader(QByteArrayLiteral("Location"), location);
    return r;
}

TestHttpServer::Response TestHttpServer::Response::rawBytes(const QByteArray &raw)
{
    Response r;
    r.raw = raw;
    return r;
}

TestHttpServer::Response &TestHttpServer::Response::withHeader(
    const QByteArray &name, const QByteArray &value)
{
    headers.append(Header(name, value));
    return *this;
}

TestHttpServer::TestHttpServer(QObject *parent)
    : QObject(parent)
{
    m_handler = [](const Request &) { return Response::text(QByteArrayLiteral("ok")); };
}

TestHttpServer::~TestHttpServer() = default;

bool TestHttpServer::listen(const QHostAddress &address)
{
    m_tls = false;
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            acceptConnection(socket);
    });
    return m_server->listen(address, 0);
}

bool TestHttpServer::listenTls(const QSslConfiguration &configuration)
{
    m_tls = true;
    auto *server = new QSslServer(this);
    server->setSslConfiguration(configuration);
    m_server = server;
    // QSslServer queues a socket only once its handshake is done, and in Qt 6.4 says so with
    // pendingConnectionAvailable (newConnection fires earlier, when nothing is queued yet).
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            acceptConnection(socket);
    });
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QSslConfiguration TestHttpServer::testServerTlsConfiguration()
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    QFile certFile(TestSupport::testDataPath(QStringLiteral("tls/server.pem")));
    QFile keyFile(TestSupport::testDataPath(QStringLiteral("tls/server.key")));
    if (certFile.open(QIODevice::ReadOnly))
        configuration.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    if (keyFile.open(QIODevice::ReadOnly))
        configuration.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

quint16 TestHttpServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl TestHttpServer::url(const QString &pathAndQuery) const
{
    const QString scheme = m_tls ? QStringLiteral("https") : QStringLiteral("http");
    const QString host
        = m_server ? m_server->serverAddress().toString() : QStringLiteral("127.0.0.1");
    return QUrl(QStringLiteral("%1://%2:%3%4").arg(scheme, host).arg(port()).arg(pathAndQuery));
}

void TestHttpServer::route(const QByteArray &path, const Response &response)
{
    m_routes.insert(path, response);
}

void TestHttpServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void TestHttpServer::acceptConnection(QTcpSocket *socket)
{
    socket->setParent(this);
    ++m_connections;
    m_buffers.insert(socket, QByteArray());
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_buffers.remove(socket);
        socket->deleteLater();
    });
    if (socket->bytesAvailable() > 0)
        readFrom(socket);
}

void TestHttpServer::readFrom(QTcpSocket *socket)
{
    if (!m_buffers.contains(socket))
        return;
    QByteArray &buffer = m_buffers[socket];
    const QByteArray chunk = socket->readAll();
    m_received.append(chunk);
    buffer.append(chunk);
    if (buffer.size() > MaxRequestBytes) {
        socket->abort();
        return;
    }
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;

    Request request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    request.version = requestLine.value(2);
    const qsizetype question = request.target.indexOf('?');
    request.path = question < 0 ? request.target : request.target.left(question);
    request.query = question < 0 ? QByteArray() : request.target.mid(question + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    const qsizetype bodyStart = headerEnd + 4;
    const qsizetype length = request.header(QByteArrayLiteral("Content-Length")).toLongLong();
    if (buffer.size() - bodyStart < length)
        return; // wait for the rest of the body
    request.body = buffer.mid(bodyStart, length);
    request.raw = buffer.left(bodyStart + length);
    // One request per connection: every answer closes it, so later bytes are ignored.
    m_buffers.remove(socket);
    m_requests.append(request);
    emit requestReceived();
    answer(socket, request);
}

void TestHttpServer::answer(QTcpSocket *socket, const Request &request)
{
    const auto route = m_routes.constFind(request.path);
    const Response response = route != m_routes.constEnd() ? *route : m_handler(request);
    if (response.noAnswer)
        return;
    if (response.delayMs > 0) {
        QPointer<QTcpSocket> guarded(socket);
        QTimer::singleShot(response.delayMs, this, [this, guarded, response] {
            if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
                write(guarded, response);
        });
        return;
    }
    write(socket, response);
}

void TestHttpServer::write(QTcpSocket *socket, const Response &response)
{
    if (response.closeWithoutAnswer) {
        socket->disconnectFromHost();
        return;
    }
    if (!response.raw.isEmpty()) {
        socket->write(response.raw);
        socket->disconnectFromHost();
        return;
    }
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
        + (response.reason.isEmpty() ? reasonPhrase(response.status) : response.reason) + "\r\n";
    bool hasLength = false;
    for (const Header &h : response.headers) {
        out += h.first + ": " + h.second + "\r\n";
        hasLength = hasLength || h.first.compare("Content-Length", Qt::CaseInsensitive) == 0;
    }
    if (!hasLength)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += response.body;
    socket->write(out);
    socket->disconnectFromHost();
}

QByteArray TestHttpServer::gzip(const QByteArray &data)
{
    // qCompress gives a 4-byte size, a 2-byte zlib header, raw deflate data and a 4-byte
    // Adler-32; gzip wants its own header, the same raw deflate data, CRC-32 and size.
    const QByteArray zlib = qCompress(data, 9);
    const QByteArray deflate = zlib.mid(6, zlib.size() - 6 - 4);
    QByteArray out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
    out += deflate;
    appendLittleEndian32(out, crc32(data));
    appendLittleEndian32(out, quint32(data.size()));
    return out;
}

QByteArray TestHttpServer::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}
