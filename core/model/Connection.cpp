#include "core/model/Connection.h"

#include <QRegularExpression>

QString Connection::clientAuthenticationKey(ClientAuthentication value)
{
    switch (value) {
    case ClientAuthentication::Basic:
        return QStringLiteral("basic");
    case ClientAuthentication::PrivateKeyJwt:
        return QStringLiteral("privateKeyJwt");
    case ClientAuthentication::ClientSecretJwt:
        return QStringLiteral("clientSecretJwt");
    case ClientAuthentication::Body:
        break;
    }
    return QStringLiteral("body");
}

ClientAuthentication Connection::clientAuthenticationFromKey(const QString &key, bool *ok)
{
    *ok = true;
    if (key == QLatin1String("basic"))
        return ClientAuthentication::Basic;
    if (key == QLatin1String("body"))
        return ClientAuthentication::Body;
    if (key == QLatin1String("privateKeyJwt"))
        return ClientAuthentication::PrivateKeyJwt;
    if (key == QLatin1String("clientSecretJwt"))
        return ClientAuthentication::ClientSecretJwt;
    *ok = false;
    return ClientAuthentication::Body;
}

bool Connection::operator==(const Connection &o) const
{
    return id == o.id && type == o.type && name == o.name && tokenUrl == o.tokenUrl
        && clientId == o.clientId && clientSecret == o.clientSecret && scope == o.scope
        && audience == o.audience && extraParameters == o.extraParameters
        && clientAuthentication == o.clientAuthentication
        && expiredStatusCodes == o.expiredStatusCodes && refreshLeadSeconds == o.refreshLeadSeconds
        && privateKey == o.privateKey && privateKeyFile == o.privateKeyFile
        && authorizationUrl == o.authorizationUrl && redirectUri == o.redirectUri
        && revocationUrl == o.revocationUrl && refreshToken == o.refreshToken;
}

QString Connection::refreshTokenSecretName() const
{
    static const QRegularExpression reference(
        QStringLiteral("^\\s*\\{\\{\\s*secrets\\.([A-Za-z0-9_]+)\\s*\\}\\}\\s*$"));
    const QRegularExpressionMatch match = reference.match(refreshToken);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString Connection::defaultRefreshTokenSecretName(const QString &id)
{
    QString name = id + QStringLiteral("_refresh_token");
    for (QChar &c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    return name;
}
