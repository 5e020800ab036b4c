#include "core/trust/SecretBindings.h"

#include "core/trust/TrustSettings.h"

#include <QCoreApplication>
#include <QUrl>

namespace {

// Secret names are free text; percent-encoding keeps them one settings key each.
QString keyOf(const QString &name)
{
    return QStringLiteral("secretOrigins/")
        + QString::fromLatin1(QUrl::toPercentEncoding(name.toLower()));
}

} // namespace

std::optional<QStringList> SecretBindings::allowedOrigins(const QString &name)
{
    const auto settings = TrustSettings::open();
    const QString key = keyOf(name);
    if (!settings->contains(key))
        return std::nullopt;
    return settings->value(key).toStringList();
}

void SecretBindings::allow(const QString &name, const QString &origin)
{
    QStringList origins = allowedOrigins(name).value_or(QStringList());
    if (!origins.contains(origin))
        origins.append(origin);
    setAllowedOrigins(name, origins);
}

void SecretBindings::setAllowedOrigins(const QString &name, const QStringList &origins)
{
    const auto settings = TrustSettings::open();
    // An empty QStringList would read back as "no record"; keep one empty entry instead.
    settings->setValue(keyOf(name), origins.isEmpty() ? QStringList {QString()} : origins);
    TrustSettings::close(*settings);
}

QStringList SecretBindings::recordedNames()
{
    const auto settings = TrustSettings::open();
    settings->beginGroup(QStringLiteral("secretOrigins"));
    QStringList names;
    for (const QString &key : settings->childKeys())
        names.append(QUrl::fromPercentEncoding(key.toLatin1()));
    settings->endGroup();
    names.sort(Qt::CaseInsensitive);
    return names;
}

void SecretBindings::forget(const QString &name)
{
    const auto settings = TrustSettings::open();
    settings->remove(keyOf(name));
    TrustSettings::close(*settings);
}

QString SecretBindings::refusal(
    const QString &name, const QStringList &allowed, const QString &origin)
{
    QStringList places = allowed;
    places.removeAll(QString());
    if (places.isEmpty()) {
        return QCoreApplication::translate("SecretBindings",
            "The secret \u201c%1\u201d may not be sent anywhere yet; this "
            "module sends it to %2. Nothing was sent.")
            .arg(name, origin);
    }
    return QCoreApplication::translate("SecretBindings",
        "The secret \u201c%1\u201d may be sent to %2 only; this module sends "
        "it to %3. Nothing was sent.")
        .arg(name, places.join(QLatin1String(", ")), origin);
}
