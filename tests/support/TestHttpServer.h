#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

/// An in-process HTTP/1.1 server on 127.0.0.1 (port 0) for network tests. It records every
/// request byte-exactly and answers with scripted responses: normal ones, raw bytes (for
/// broken answers), delayed ones, or none at all. Every answer closes the connection.
/// With listenTls() it speaks HTTPS using the given certificate.
class TestHttpServer : public QObject
{
    Q_OBJECT
public:
    using Header = QPair<QByteArray, QByteArray>;

    /// One request as received.
    struct Request
    {
        QByteArray method;
        QByteArray target; ///< request target as sent: path plus "?query"
        QByteArray path; ///< target without the query
        QByteArray query; ///< raw query string after '?', still percent-encoded
        QByteArray version;
        QList<Header> headers; ///< in the received order, names as sent
        QByteArray body; ///< exact body bytes
        QByteArray raw; ///< the whole request as received

        /// First value of a header, by case-insensitive name; empty when absent.
        QByteArray header(const QByteArray &name) const;
        bool hasHeader(const QByteArray &name) const;
        /// Names of all headers, lower-cased, in the received order.
        QList<QByteArray> headerNames() const;
    };

    /// One scripted answer.
    struct Response
    {
        int status = 200;
        QByteArray reason; ///< defaults to the standard phrase for `status`
        QList<Header> headers; ///< Content-Length and Connection: close are added
        QByteArray body;
        QByteArray raw; ///< when set, written verbatim instead of all of the above
        int delayMs = 0; ///< wait this long before answering
        bool noAnswer = false; ///< never answer; keep the connection open
        bool closeWithoutAnswer = false; ///< close the connection without a byte

        /// A response with a body and a Content-Type.
        static Response with(int status, const QByteArray &contentType, const QByteArray &body);
        static Response json(const QByteArray &body, int status = 200);
        static Response text(const QByteArray &body, int status = 200);
        static Response redirect(int status, const QByteArray &location);
        static Response rawBytes(const QByteArray &raw);
        /// Adds a header line (repeat for repeated headers such as Set-Cookie).
        Response &withHeader(const QByteArray &name, const QByteArray &value);
    };

    using Handler = std::function<Response(const Request &)>;

    explicit TestHttpServer(QObject *parent = nullptr);
    ~TestHttpServer() override;

    /// Listens for plain HTTP on 127.0.0.1 (or another loopback address, such as 127.0.0.2 to
    /// stand for a second host), port chosen by the system.
    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost));
    /// Listens for HTTPS on 127.0.0.1 with this local certificate and key.
    bool listenTls(const QSslConfiguration &configuration);
    /// Loads tests/data/tls/server.pem and server.key into a server-side configuration.
    static QSslConfiguration testServerTlsConfiguration();

    quint16 port() const;
    /// http(s)://address:port + pathAndQuery.
    QUrl url(const QString &pathAndQuery = QStringLiteral("/")) const;

    /// Answers requests whose path (without query) is `path` with `response`.
    void route(const QByteArray &path, const Response &response);
    /// Answers every request without a route. The default answers 200 "ok".
    void setHandler(Handler handler);

    QList<Request> requests() const { return m_requests; }
    Request lastRequest() const { return m_requests.isEmpty() ? Request() : m_requests.last(); }
    int requestCount() const { return int(m_requests.size()); }
    /// Every byte received on every connection, in order, whether or not it made a complete
    /// request: empty means nothing at all was sent.
    QByteArray receivedBytes() const { return m_received; }
    /// Connections accepted (a client that connects and sends nothing still counts).
    int connectionCount() const { return m_connections; }

    /// Compresses `data` in gzip format (RFC 1952) for Content-Encoding tests.
    static QByteArray gzip(const QByteArray &data);
    /// Standard reason phrase of a status code.
    static QByteArray reasonPhrase(int status);

signals:
    void requestReceived();

private:
    void acceptConnection(QTcpSocket *socket);
    void readFrom(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Request &request);
    void write(QTcpSocket *socket, const Response &response);

    QTcpServer *m_server = nullptr;
    bool m_tls = false;
    QHash<QByteArray, Response> m_routes;
    Handler m_handler;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QByteArray m_received;
    int m_connections = 0;
};
