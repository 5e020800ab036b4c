#include "core/sandbox/TokenStore.h"

#include <QRandomGenerator>

namespace {
// Expired tokens are kept a while so that a client presenting one is told "expired" rather
// than "unknown", which is what helps a person fix their scenario.
constexpr qint64 keepExpiredMs = 24 * 3600 * 1000;
} // namespace

TokenStore::TokenStore()
{
    m_clock.start();
}

QString TokenStore::issue(const QString &clientId, const QString &scope, int lifetimeSeconds)
{
    forgetLongExpired();

    QString token;
    do {
        // The system generator, because a token is a credential and must not be guessable.
        quint32 words[4];
        QRandomGenerator::system()->fillRange(words);
        const QByteArray bytes(reinterpret_cast<const char *>(words), sizeof(words));
        token = QString::fromLatin1(bytes.toHex());
    } while (m_tokens.contains(token));

    Token entry;
    entry.clientId = clientId;
    entry.scope = scope;
    entry.expiresAtMs = m_clock.elapsed() + qint64(lifetimeSeconds) * 1000;
    entry.expiresAtUtc = QDateTime::currentDateTimeUtc().addSecs(lifetimeSeconds);
    m_tokens.insert(token, entry);
    return token;
}

TokenStore::Check TokenStore::check(const QString &token, Token *found) const
{
    const auto it = m_tokens.constFind(token);
    if (it == m_tokens.constEnd())
        return Check::Unknown;
    if (found)
        *found = it.value();
    return remainingMs(it.value()) > 0 ? Check::Valid : Check::Expired;
}

qint64 TokenStore::remainingMs(const Token &token) const
{
    return token.expiresAtMs - m_clock.elapsed();
}

void TokenStore::revokeAll()
{
    m_tokens.clear();
}

void TokenStore::forgetLongExpired()
{
    // A sweep reads every token: at most one a second, or issuing slows down as tokens pile up
    // (a benchmark asks for thousands).
    const qint64 now = m_clock.elapsed();
    if (m_lastSweepMs >= 0 && now - m_lastSweepMs < 1000)
        return;
    m_lastSweepMs = now;
    for (auto it = m_tokens.begin(); it != m_tokens.end();) {
        if (now - it->expiresAtMs > keepExpiredMs)
            it = m_tokens.erase(it);
        else
            ++it;
    }
}
