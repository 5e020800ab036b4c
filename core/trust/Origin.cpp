#include "core/trust/Origin.h"

#include <QCoreApplication>

namespace {

int defaultPort(const QString &scheme)
{
    if (scheme == QLatin1String("https"))
        return 443;
    if (scheme == QLatin1String("http"))
        return 80;
    return -1;
}

} // namespace

QString Origin::of(const QUrl &url)
{
    const QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.isEmpty())
        return QString();
    const QString scheme = url.scheme().toLower();
    QString origin = scheme + QLatin1String("://")
        + (host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host);
    const int port = url.port(defaultPort(scheme));
    if (port != defaultPort(scheme) && port >= 0)
        origin += QLatin1Char(':') + QString::number(port);
    return origin;
}

bool Origin::same(const QUrl &a, const QUrl &b)
{
    return of(a) == of(b) && !of(a).isEmpty();
}

QStringList Origin::parseAllowed(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    const auto fail = [&](const QString &why) {
        if (error)
            *error = QCoreApplication::translate(
                "Origin", "\u201c%1\u201d is not a host or an origin: %2")
                         .arg(trimmed, why);
        return QStringList();
    };
    if (trimmed.isEmpty())
        return fail(QCoreApplication::translate("Origin", "it is empty."));
    if (trimmed.contains(QLatin1String("://"))) {
        const QUrl url(trimmed, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            return fail(QCoreApplication::translate(
                "Origin", "write it as https://host or https://host:port."));
        if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
            return fail(QCoreApplication::translate("Origin", "an origin has no path."));
        return {of(url)};
    }
    // A bare host, or host:port: both schemes.
    const QUrl https(QStringLiteral("https://") + trimmed, QUrl::StrictMode);
    const QUrl http(QStringLiteral("http://") + trimmed, QUrl::StrictMode);
    if (!https.isValid() || https.host().isEmpty() || !https.path().isEmpty() || https.hasQuery()
        || !https.userInfo().isEmpty())
        return fail(QCoreApplication::translate(
            "Origin", "write it as host, host:port or https://host:port."));
    return {of(https), of(http)};
}

bool Origin::isAllowed(const QString &origin, const QStringList &allowed)
{
    return !origin.isEmpty() && allowed.contains(origin);
}
