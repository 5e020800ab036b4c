#include "core/model/UrlEncoding.h"

namespace UrlEncoding {

QByteArray encodeComponent(const QString &text)
{
    // toPercentEncoding keeps exactly the unreserved set; nothing else may stay literal.
    return text.toUtf8().toPercentEncoding();
}

QByteArray encodePairs(const QList<NameValue> &pairs)
{
    QByteArray out;
    for (const NameValue &pair : pairs) {
        if (pair.name.isEmpty())
            continue;
        if (!out.isEmpty())
            out += '&';
        out += encodeComponent(pair.name);
        out += '=';
        out += encodeComponent(pair.value);
    }
    return out;
}

QUrl appendQuery(const QUrl &url, const QList<NameValue> &pairs)
{
    const QByteArray added = encodePairs(pairs);
    if (added.isEmpty())
        return url;
    // Work on the fully encoded text: QUrlQuery would treat a '+' typed in a value as
    // literal and leave it unencoded, which servers then read as a space.
    QString query = url.query(QUrl::FullyEncoded);
    if (!query.isEmpty() && !query.endsWith(QLatin1Char('&')))
        query += QLatin1Char('&');
    query += QString::fromLatin1(added);
    QUrl result = url;
    result.setQuery(query, QUrl::StrictMode);
    return result;
}

} // namespace UrlEncoding
