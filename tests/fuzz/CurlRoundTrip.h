#pragma once

#include "core/model/HttpRequestSpec.h"

#include <QList>
#include <QString>

/// What "reads back as the same request" means for a curl command written and read again,
/// shared by fuzz_curl and its regression rows in tst_fuzzregressions.
namespace CurlRoundTrip {

/// The headers a request sends, in the form both representations share: a raw body's content
/// type may be a Content-Type header or the body's own type, and HTTP ignores spaces around
/// a name or value (RFC 9110).
inline QList<NameValue> sentHeaders(const HttpRequestSpec &spec)
{
    QList<NameValue> headers;
    QString contentType = spec.bodyType == BodyType::Raw ? spec.rawContentType : QString();
    for (const NameValue &header : spec.headers) {
        if (header.name.trimmed().compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0)
            contentType = header.value;
        else
            headers.append({header.name.trimmed(), header.value.trimmed()});
    }
    if (!contentType.trimmed().isEmpty())
        headers.append({QStringLiteral("Content-Type"), contentType.trimmed()});
    return headers;
}

/// A URL as sent: the executor trims it (so does CurlCommand::fromSpec()), and an empty query
/// (a trailing ?) asks for the same thing.
inline QString sentUrl(QString url)
{
    url = url.trimmed();
    if (url.endsWith(QLatin1Char('?')))
        url.chop(1);
    return url;
}

} // namespace CurlRoundTrip
