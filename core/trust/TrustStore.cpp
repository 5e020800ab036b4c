#include "core/trust/TrustStore.h"

#include "core/trust/TrustSettings.h"

#include <QCryptographicHash>
#include <QStringList>

namespace {

constexpr int Kept = 1000;

QString hashOf(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

const QString &key()
{
    static const QString k = QStringLiteral("trustedScenarios/sha256");
    return k;
}

} // namespace

bool TrustStore::isTrusted(const QByteArray &fileBytes)
{
    const auto settings = TrustSettings::open();
    return settings->value(key()).toStringList().contains(hashOf(fileBytes));
}

void TrustStore::trust(const QByteArray &fileBytes)
{
    const auto settings = TrustSettings::open();
    QStringList hashes = settings->value(key()).toStringList();
    const QString hash = hashOf(fileBytes);
    hashes.removeAll(hash);
    hashes.prepend(hash);
    while (hashes.size() > Kept)
        hashes.removeLast();
    settings->setValue(key(), hashes);
    TrustSettings::close(*settings);
}
