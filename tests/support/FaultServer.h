#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

/// A loopback HTTP/1.1 server (127.0.0.1) that misbehaves on purpose, one way per path, for
/// fault tests and memory benchmarks. Large bodies are produced while sending, so the server's
/// own memory stays small whatever it sends. Every answer closes the connection.
///
///   /ok                          200, text "ok"
///   /reset-before-headers        reads the request, then resets the connection (TCP RST)
///   /reset-mid-body              headers of a 1 MB body, 64 KB of it, then a reset
///   /no-answer                   reads the request and never answers
///   /trickle?bytes=N&every=MS    headers at once, then the N-byte body one byte every MS
///                                milliseconds (defaults 60 and 1000)
///   /loop                        302 to itself, for ever
///   /redirect/N                  302 to /redirect/N-1; /redirect/0 answers 200 "arrived"
///   /big?mb=N&length=0|1         N MB of text; with Content-Length unless length=0, then
///                                the body ends when the connection closes
///   /gzip-bomb?mb=N              Content-Encoding: gzip, about 1 KB per MB, inflating to N MB
///                                of zero bytes
///   /length-short                Content-Length smaller than the body sent
///   /length-long?open=0|1        Content-Length larger than the body sent, then the
///                                connection closes (or stays open with open=1)
///   /broken-json                 Content-Type: application/json with a body that is not JSON
///   /big-json?items=N&broken=0|1 {"items":[{"id":1,"name":"Item 1"},...],"count":N}, about
///                                30 bytes an item (600000 items: 18 MB); broken=1 cuts the
///                                last byte off
///   /invalid-utf8                text/plain; charset=utf-8 with bytes that are not UTF-8
///   /huge-header?kb=N            a header line of N KB (default 1024), then a small body
///   /status/N?retry-after=V      status N with a short JSON body, and Retry-After: V if given
class FaultServer : public QObject
{
    Q_OBJECT
public:
    explicit FaultServer(QObject *parent = nullptr);
    ~FaultServer() override;

    /// Listens on 127.0.0.1; port 0 lets the system choose.
    bool listen(quint16 port = 0);
    quint16 port() const;
    /// http://127.0.0.1:port + pathAndQuery.
    QUrl url(const QString &pathAndQuery) const;

    /// Request targets (path and query) in the order received.
    QList<QByteArray> targets() const { return m_targets; }

    /// A gzip member that inflates to `megabytes` MB of zero bytes, built in milliseconds from
    /// one compressed megabyte repeated (full flushes make the repeats byte-identical).
    static QByteArray gzipBomb(int megabytes);

signals:
    void requestReceived(const QByteArray &target);

private:
    void acceptConnection(QTcpSocket *socket);
    void readFrom(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QByteArray &target);
    void stream(QTcpSocket *socket, qint64 bytes);
    void trickle(QTcpSocket *socket, qint64 bytes, int everyMs);

    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QByteArray> m_targets;
};
