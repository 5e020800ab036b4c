#pragma once

#include "core/mapping/LargeBody.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QNetworkCookie>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

using RawHeader = QPair<QByteArray, QByteArray>;

/// The request exactly as it went on the wire (for the inspector and Copy as cURL).
struct SentRequest
{
    QByteArray method;
    QUrl url; ///< with the query string
    QList<RawHeader> headers; ///< in the order sent, including those the app adds
    QByteArray body;
};

/// Timings of one exchange in milliseconds since the request started; -1 when unknown.
struct HttpTimings
{
    qint64 connectMs = -1; ///< DNS lookup and TCP connect done
    qint64 tlsMs = -1; ///< TLS handshake done (https only)
    qint64 firstByteMs = -1; ///< response headers received
    qint64 totalMs = -1;
    /// The request was handed to the network (a connection was asked for). False when the
    /// module stopped before, e.g. on an address without http:// or https://: then no
    /// timing or connection fact applies.
    bool requestSent = false;

    /// Whether anything left this computer, by the flag or by any step that was measured.
    bool anythingSent() const
    {
        return requestSent || connectMs >= 0 || tlsMs >= 0 || firstByteMs >= 0;
    }
};

/// Everything one HTTP module execution produced. `errorMessage` is set when the module
/// failed; the response fields are still filled as far as the server answered.
struct HttpExchange
{
    SentRequest sent;

    bool gotResponse = false;
    int statusCode = 0;
    QByteArray reasonPhrase;
    QList<RawHeader> headers; ///< in the received order
    QList<QNetworkCookie> cookies; ///< cookies set by the response (all redirect hops)
    QByteArray body; ///< after decompression
    bool bodyTruncated = false;
    QJsonValue data; ///< parsed JSON, or the body as text; undefined when largeData is set
    /// A body too large for `data` (LargeBody::DefaultThreshold), kept as its bytes and read
    /// in parts: mappings, the inspector and the reports read it there.
    LargeBodyPtr largeData;
    bool dataIsJson = false;

    QUrl finalUrl;
    QList<QUrl> redirects; ///< every URL redirected to, in order
    HttpTimings timings;

    QString errorMessage; ///< plain words for a non-programmer; empty on success
    /// The module's timeout (or the network's) ended it before the whole answer arrived.
    bool timedOut = false;
    /// The connection was refused or closed before an answer: the server may be busy or
    /// restarting, so trying again later may work (docs/scenario-file.md, retries).
    bool connectionLost = false;
    QStringList warnings;

    bool ok() const { return errorMessage.isEmpty(); }

    /// How many seconds the answer's Retry-After asks to wait (seconds or an HTTP date);
    /// -1 when it does not say.
    int retryAfterSeconds() const;

    /// `data`, or all of largeData read into QJsonValues (costly for a large body).
    QJsonValue dataValue() const;

    /// The mappable output bundle: {statusCode, headers:[{name,value}], cookies, data}.
    /// With largeData, `data` is null here: MappingContext::largeData carries it.
    QJsonObject outputBundle() const;
};
