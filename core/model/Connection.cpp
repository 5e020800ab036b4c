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

QStringList Connection::knownTypes()
{
    return {clientCredentialsType(), authorizationCodeType(), apiKeyType(), bearerType(),
        basicType(), clientCertificateType()};
}

QString Connection::*Connection::secretMember(const QString &type)
{
    if (type == clientCredentialsType())
        return &Connection::clientSecret;
    if (type == authorizationCodeType())
        return &Connection::refreshToken;
    if (type == apiKeyType())
        return &Connection::apiKey;
    if (type == bearerType())
        return &Connection::bearerToken;
    if (type == basicType())
        return &Connection::password;
    if (type == clientCertificateType())
        return &Connection::certificatePassword;
    return nullptr;
}

QString Connection::secret() const
{
    const auto member = secretMember(type);
    return member ? this->*member : QString();
}

void Connection::setSecret(const QString &value)
{
    if (const auto member = secretMember(type))
        this->*member = value;
}

QString Connection::apiKeyPlaceKey(ApiKeyPlace value)
{
    return value == ApiKeyPlace::Query ? QStringLiteral("query") : QStringLiteral("header");
}

ApiKeyPlace Connection::apiKeyPlaceFromKey(const QString &key, bool *ok)
{
    *ok = true;
    if (key == QLatin1String("query"))
        return ApiKeyPlace::Query;
    if (key == QLatin1String("header"))
        return ApiKeyPlace::Header;
    *ok = false;
    return ApiKeyPlace::Header;
}

bool Connection::operator==(const Connection &o) const
{
    return id == o.id && type == o.type && name == o.name && tokenUrl == o.tokenUrl
        && clientId == o.clientId && clientSecret == o.clientSecret && scope == o.scope
        && audience == o.audience && extraParameters == o.extraParameters
        && clientAuthentication == o.clientAuthentication
        && expiredStatusCodes == o.expiredStatusCodes && refreshLeadSeconds == o.refreshLeadSeconds
        && apiKeyName == o.apiKeyName && apiKeyIn == o.apiKeyIn && apiKey == o.apiKey
        && bearerToken == o.bearerToken && username == o.username && password == o.password
        && certificateFile == o.certificateFile && privateKeyFile == o.privateKeyFile
        && certificatePassword == o.certificatePassword && signingKey == o.signingKey
        && signingKeyFile == o.signingKeyFile && authorizationUrl == o.authorizationUrl
        && redirectUri == o.redirectUri && revocationUrl == o.revocationUrl
        && refreshToken == o.refreshToken;
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
