#include "core/run/HttpExchange.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

QJsonValue HttpExchange::dataValue() const
{
    return largeData ? largeData->value() : data;
}

QJsonObject HttpExchange::outputBundle() const
{
    QJsonArray headerList;
    for (const RawHeader &header : headers) {
        headerList.append(QJsonObject {{QStringLiteral("name"), QString::fromUtf8(header.first)},
            {QStringLiteral("value"), QString::fromUtf8(header.second)}});
    }
    QJsonArray cookieList;
    for (const QNetworkCookie &cookie : cookies) {
        const QJsonValue expires = cookie.isSessionCookie()
            ? QJsonValue(QJsonValue::Null)
            : QJsonValue(cookie.expirationDate().toUTC().toString(Qt::ISODate));
        cookieList.append(QJsonObject {
            {QStringLiteral("name"), QString::fromUtf8(cookie.name())},
            {QStringLiteral("value"), QString::fromUtf8(cookie.value())},
            {QStringLiteral("domain"), cookie.domain()},
            {QStringLiteral("path"), cookie.path()},
            {QStringLiteral("expires"), expires},
            {QStringLiteral("httpOnly"), cookie.isHttpOnly()},
            {QStringLiteral("secure"), cookie.isSecure()},
        });
    }
    return QJsonObject {
        {QStringLiteral("statusCode"), statusCode},
        {QStringLiteral("headers"), headerList},
        {QStringLiteral("cookies"), cookieList},
        {QStringLiteral("data"), largeData ? QJsonValue(QJsonValue::Null) : data},
    };
}

int HttpExchange::retryAfterSeconds() const
{
    for (const RawHeader &header : headers) {
        if (header.first.compare("Retry-After", Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray value = header.second.trimmed();
        bool isNumber = false;
        const qint64 seconds = value.toLongLong(&isNumber);
        if (isNumber)
            return seconds < 0 ? -1 : int(qMin<qint64>(seconds, 86400 * 366));
        QString date = QString::fromLatin1(value);
        // An HTTP date ends in "GMT" (RFC 9110, IMF-fixdate), which Qt's reading of RFC 2822
        // dates does not take: the same zone, as an offset.
        if (date.endsWith(QLatin1String(" GMT")))
            date = date.chopped(3) + QLatin1String("+0000");
        const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
        if (!when.isValid())
            return -1;
        return int(
            qBound(qint64(0), QDateTime::currentDateTimeUtc().secsTo(when), qint64(86400) * 366));
    }
    return -1;
}
