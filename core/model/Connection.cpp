#include "core/model/Connection.h"

QString Connection::clientAuthenticationKey(ClientAuthentication value)
{
    return value == ClientAuthentication::Basic ? QStringLiteral("basic") : QStringLiteral("body");
}

ClientAuthentication Connection::clientAuthenticationFromKey(const QString &key, bool *ok)
{
    *ok = true;
    if (key == QLatin1String("basic"))
        return ClientAuthentication::Basic;
    if (key == QLatin1String("body"))
        return ClientAuthentication::Body;
    *ok = false;
    return ClientAuthentication::Body;
}

bool Connection::operator==(const Connection &o) const
{
    return id == o.id && type == o.type && name == o.name && tokenUrl == o.tokenUrl
        && clientId == o.clientId && clientSecret == o.clientSecret && scope == o.scope
        && audience == o.audience && extraParameters == o.extraParameters
        && clientAuthentication == o.clientAuthentication
        && expiredStatusCodes == o.expiredStatusCodes && refreshLeadSeconds == o.refreshLeadSeconds;
}
