#include "FaultServer.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <sys/socket.h>
#include <zlib.h>

#include <memory>

namespace {

constexpr qint64 MegaByte = 1024 * 1024;
// Enough of the body stays queued to keep the socket busy, little enough to stay small.
constexpr qint64 QueuedBytes = 1 * MegaByte;

QByteArray head(int status, const QByteArray &reason, const QList<QByteArray> &headers)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const QByteArray &line : headers)
        out += line + "\r\n";
    out += "Connection: close\r\n\r\n";
    return out;
}

QByteArray reasonOf(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 429:
        return "Too Many Requests";
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

QByteArray complete(int status, const QByteArray &contentType, const QByteArray &body,
    QList<QByteArray> headers = {})
{
    headers.prepend("Content-Length: " + QByteArray::number(body.size()));
    if (!contentType.isEmpty())
        headers.prepend("Content-Type: " + contentType);
    return head(status, reasonOf(status), headers) + body;
}

// A TCP reset instead of an orderly close: with a zero linger time the kernel drops what is
// unsent and answers with RST, as a crashing server or a middlebox does.
void reset(QTcpSocket *socket)
{
    const linger noLinger {1, 0};
    ::setsockopt(
        int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
    socket->abort();
}

const QByteArray &fillerChunk()
{
    static const QByteArray chunk = [] {
        const QByteArray line("Scenarist fault server: filler text for a large body. 0123456789\n");
        QByteArray out;
        while (out.size() + line.size() <= 64 * 1024)
            out += line;
        return out + QByteArray(64 * 1024 - out.size(), '.');
    }();
    return chunk;
}

} // namespace

FaultServer::FaultServer(QObject *parent)
    : QObject(parent)
{
}

FaultServer::~FaultServer() = default;

bool FaultServer::listen(quint16 port)
{
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            acceptConnection(socket);
    });
    return m_server->listen(QHostAddress::LocalHost, port);
}

quint16 FaultServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl FaultServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(pathAndQuery));
}

QByteArray FaultServer::gzipBomb(int megabytes)
{
    static QHash<int, QByteArray> cache;
    const auto cached = cache.constFind(megabytes);
    if (cached != cache.constEnd())
        return *cached;

    const QByteArray zeros(MegaByte, '\0');
    z_stream zs {};
    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY); // 15 + 16: gzip wrapper
    auto deflateChunk = [&zs](const QByteArray &input, int flush) {
        QByteArray out;
        char buffer[16384];
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
        zs.avail_in = uInt(input.size());
        do {
            zs.next_out = reinterpret_cast<Bytef *>(buffer);
            zs.avail_out = sizeof buffer;
            deflate(&zs, flush);
            out.append(buffer, qsizetype(sizeof buffer - zs.avail_out));
        } while (zs.avail_out == 0);
        return out;
    };
    // The first megabyte carries the gzip header; after a full flush the compressor starts
    // afresh, so every later megabyte compresses to the same bytes.
    const QByteArray first = deflateChunk(zeros, Z_FULL_FLUSH);
    const QByteArray repeat = deflateChunk(zeros, Z_FULL_FLUSH);
    const QByteArray tail = deflateChunk(QByteArray(), Z_FINISH);
    deflateEnd(&zs);

    QByteArray out = first;
    out.reserve(first.size() + repeat.size() * qMax(0, megabytes - 1) + tail.size());
    for (int i = 1; i < megabytes; ++i)
        out += repeat;
    out += tail.left(tail.size() - 8); // the final empty block, without its 8-byte trailer

    const uLong oneMbCrc
        = crc32(0, reinterpret_cast<const Bytef *>(zeros.constData()), uInt(zeros.size()));
    uLong crc = oneMbCrc;
    for (int i = 1; i < megabytes; ++i)
        crc = crc32_combine(crc, oneMbCrc, z_off_t(MegaByte));
    const quint32 size = quint32(quint64(megabytes) * MegaByte); // ISIZE is modulo 2^32
    for (const quint32 word : {quint32(crc), size}) {
        for (int shift = 0; shift < 32; shift += 8)
            out += char((word >> shift) & 0xff);
    }
    cache.insert(megabytes, out);
    return out;
}

void FaultServer::acceptConnection(QTcpSocket *socket)
{
    socket->setParent(this);
    m_buffers.insert(socket, QByteArray());
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_buffers.remove(socket);
        socket->deleteLater();
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] {
        // The client gave up (a limit or a timeout): stop whatever was being sent.
        m_buffers.remove(socket);
        socket->deleteLater();
    });
}

void FaultServer::readFrom(QTcpSocket *socket)
{
    if (!m_buffers.contains(socket)) {
        socket->readAll(); // an answer is under way; the rest of the request does not matter
        return;
    }
    QByteArray &buffer = m_buffers[socket];
    buffer.append(socket->readAll());
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (buffer.size() > MegaByte)
            socket->abort();
        return;
    }
    const QByteArray requestLine = buffer.left(buffer.indexOf("\r\n"));
    const QByteArray target = requestLine.split(' ').value(1);
    m_buffers.remove(socket);
    m_targets.append(target);
    emit requestReceived(target);
    answer(socket, target);
}

void FaultServer::answer(QTcpSocket *socket, const QByteArray &target)
{
    const QUrl url = QUrl::fromEncoded("http://127.0.0.1" + target);
    const QString path = url.path();
    const QUrlQuery query(url);
    auto number = [&query](const char *name, qint64 fallback) {
        bool ok = false;
        const qint64 value = query.queryItemValue(QString::fromLatin1(name)).toLongLong(&ok);
        return ok ? value : fallback;
    };

    if (path == QLatin1String("/reset-before-headers")) {
        reset(socket);
    } else if (path == QLatin1String("/reset-mid-body")) {
        socket->write(head(200, "OK", {"Content-Type: text/plain", "Content-Length: 1048576"}));
        socket->write(fillerChunk());
        QTimer::singleShot(100, socket, [socket] { reset(socket); });
    } else if (path == QLatin1String("/no-answer")) {
        // Keeps the connection open and silent until the client gives up.
    } else if (path == QLatin1String("/trickle")) {
        const qint64 bytes = number("bytes", 60);
        socket->write(head(200, "OK",
            {"Content-Type: text/plain", "Content-Length: " + QByteArray::number(bytes)}));
        trickle(socket, bytes, int(number("every", 1000)));
    } else if (path == QLatin1String("/loop")) {
        socket->write(head(302, "Found", {"Location: /loop", "Content-Length: 0"}));
        socket->disconnectFromHost();
    } else if (path.startsWith(QLatin1String("/redirect/"))) {
        const int left = path.mid(10).toInt();
        if (left <= 0) {
            socket->write(complete(200, "text/plain", "arrived"));
        } else {
            socket->write(head(302, "Found",
                {"Location: /redirect/" + QByteArray::number(left - 1), "Content-Length: 0"}));
        }
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/big")) {
        const qint64 bytes = number("mb", 100) * MegaByte;
        QList<QByteArray> headers {"Content-Type: text/plain"};
        if (number("length", 1) != 0)
            headers.append("Content-Length: " + QByteArray::number(bytes));
        socket->write(head(200, "OK", headers));
        stream(socket, bytes);
    } else if (path == QLatin1String("/gzip-bomb")) {
        const QByteArray bomb = gzipBomb(int(number("mb", 1024)));
        socket->write(complete(200, "text/plain", bomb, {"Content-Encoding: gzip"}));
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/length-short")) {
        socket->write(head(200, "OK", {"Content-Type: text/plain", "Content-Length: 11"})
            + "hello world, and more that was not announced");
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/length-long")) {
        socket->write(head(200, "OK", {"Content-Type: text/plain", "Content-Length: 1000"})
            + "only twenty bytes...");
        if (number("open", 0) == 0)
            socket->disconnectFromHost();
    } else if (path == QLatin1String("/big-json")) {
        const qint64 items = number("items", 600000);
        QByteArray json = "{\"items\":[";
        json.reserve(items * 32 + 64);
        for (qint64 i = 1; i <= items; ++i) {
            const QByteArray n = QByteArray::number(i);
            json += (i > 1 ? ",{\"id\":" : "{\"id\":") + n + ",\"name\":\"Item " + n + "\"}";
        }
        json += "],\"count\":" + QByteArray::number(items) + '}';
        if (number("broken", 0) != 0)
            json.chop(1);
        socket->write(complete(200, "application/json", json));
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/broken-json")) {
        socket->write(complete(200, "application/json", "{\"name\": \"Ada\", \"items\": [1, 2,"));
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/invalid-utf8")) {
        socket->write(complete(200, "text/plain; charset=utf-8", "caf\xe9 \xff\xfe end"));
        socket->disconnectFromHost();
    } else if (path == QLatin1String("/huge-header")) {
        const QByteArray value(number("kb", 1024) * 1024, 'h');
        socket->write(complete(200, "text/plain", "small body", {"X-Huge: " + value}));
        socket->disconnectFromHost();
    } else if (path.startsWith(QLatin1String("/status/"))) {
        const int status = path.mid(8).toInt();
        QList<QByteArray> headers;
        if (query.hasQueryItem(QStringLiteral("retry-after")))
            headers.append(
                "Retry-After: " + query.queryItemValue(QStringLiteral("retry-after")).toLatin1());
        socket->write(complete(status, "application/json",
            "{\"error\": \"status " + QByteArray::number(status) + "\"}", headers));
        socket->disconnectFromHost();
    } else {
        socket->write(complete(200, "text/plain", "ok"));
        socket->disconnectFromHost();
    }
}

void FaultServer::stream(QTcpSocket *socket, qint64 bytes)
{
    auto remaining = std::make_shared<qint64>(bytes);
    auto pump = [socket, remaining] {
        const QByteArray &chunk = fillerChunk();
        while (*remaining > 0 && socket->bytesToWrite() < QueuedBytes) {
            const qint64 n = qMin<qint64>(*remaining, chunk.size());
            socket->write(chunk.constData(), n);
            *remaining -= n;
        }
        if (*remaining == 0 && socket->state() == QAbstractSocket::ConnectedState) {
            *remaining = -1;
            socket->disconnectFromHost(); // after what is queued has been sent
        }
    };
    connect(socket, &QTcpSocket::bytesWritten, socket, pump);
    pump();
}

void FaultServer::trickle(QTcpSocket *socket, qint64 bytes, int everyMs)
{
    auto *timer = new QTimer(socket);
    auto remaining = std::make_shared<qint64>(bytes);
    connect(timer, &QTimer::timeout, socket, [socket, timer, remaining] {
        socket->write("x", 1);
        if (--*remaining <= 0) {
            timer->stop();
            socket->disconnectFromHost();
        }
    });
    timer->start(qMax(1, everyMs));
}
