#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QString>

/// The access tokens the sandbox has issued, with their scope and expiry.
/// Expiry is measured on a monotonic clock, so changing the system time does not revive or
/// kill tokens; the wall-clock time is only kept to show it to people.
class TokenStore
{
public:
    /// What the store knows about a token.
    struct Token
    {
        QString clientId;
        QString scope;
        qint64 expiresAtMs = 0; ///< on the store's monotonic clock
        QDateTime expiresAtUtc; ///< the same moment as a wall-clock time, for display
    };

    /// How a token presented by a client was judged.
    enum class Check { Valid, Unknown, Expired };

    TokenStore();

    /// Issues a new random token (32 hex characters) valid for lifetimeSeconds.
    QString issue(const QString &clientId, const QString &scope, int lifetimeSeconds);

    /// Judges token; on Valid or Expired, *found receives what is known about it.
    Check check(const QString &token, Token *found = nullptr) const;

    /// Milliseconds until token expires; negative once it has expired.
    qint64 remainingMs(const Token &token) const;

    /// Forgets every token issued so far.
    void revokeAll();

    int size() const { return int(m_tokens.size()); }

private:
    void forgetLongExpired();

    QElapsedTimer m_clock;
    QHash<QString, Token> m_tokens;
    qint64 m_lastSweepMs = -1;
};
