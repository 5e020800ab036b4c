#include "core/model/HttpRequestSpec.h"

QStringList HttpRequestSpec::methods()
{
    return {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
        QStringLiteral("OPTIONS")};
}

QString HttpRequestSpec::bodyTypeKey(BodyType type)
{
    switch (type) {
    case BodyType::None:
        return QStringLiteral("none");
    case BodyType::Raw:
        return QStringLiteral("raw");
    case BodyType::UrlEncoded:
        return QStringLiteral("urlencoded");
    case BodyType::Multipart:
        return QStringLiteral("multipart");
    }
    return QStringLiteral("none");
}

BodyType HttpRequestSpec::bodyTypeFromKey(const QString &key, bool *ok)
{
    *ok = true;
    for (BodyType type :
        {BodyType::None, BodyType::Raw, BodyType::UrlEncoded, BodyType::Multipart}) {
        if (bodyTypeKey(type) == key)
            return type;
    }
    *ok = false;
    return BodyType::None;
}

bool HttpRequestSpec::operator==(const HttpRequestSpec &o) const
{
    return method == o.method && url == o.url && headers == o.headers && query == o.query
        && bodyType == o.bodyType && rawContentType == o.rawContentType
        && rawContent == o.rawContent && urlEncodedFields == o.urlEncodedFields
        && multipartFields == o.multipartFields && parseResponse == o.parseResponse
        && username == o.username && password == o.password && authentication == o.authentication
        && connection == o.connection && timeoutSeconds == o.timeoutSeconds
        && followRedirects == o.followRedirects && followAllRedirects == o.followAllRedirects
        && shareCookies == o.shareCookies && errorOnHttpStatus == o.errorOnHttpStatus
        && rejectUnverifiedCertificates == o.rejectUnverifiedCertificates
        && caCertificate == o.caCertificate && requestCompressed == o.requestCompressed
        && retryWhenBusy == o.retryWhenBusy && retryMaxTries == o.retryMaxTries
        && retryMaxWaitSeconds == o.retryMaxWaitSeconds && pagination == o.pagination;
}

AuthType HttpRequestSpec::effectiveAuthentication() const
{
    if (authentication == AuthType::Connection)
        return AuthType::Connection;
    if (authentication == AuthType::Basic || !username.isEmpty() || !password.isEmpty())
        return AuthType::Basic;
    return AuthType::None;
}

QString HttpRequestSpec::authTypeKey(AuthType type)
{
    switch (type) {
    case AuthType::None:
        return QStringLiteral("none");
    case AuthType::Basic:
        return QStringLiteral("basic");
    case AuthType::Connection:
        return QStringLiteral("connection");
    }
    return QStringLiteral("none");
}

AuthType HttpRequestSpec::authTypeFromKey(const QString &key, bool *ok)
{
    *ok = true;
    for (AuthType type : {AuthType::None, AuthType::Basic, AuthType::Connection}) {
        if (authTypeKey(type) == key)
            return type;
    }
    *ok = false;
    return AuthType::None;
}
