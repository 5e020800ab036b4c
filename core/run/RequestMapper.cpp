#include "core/run/RequestMapper.h"

#include "core/mapping/FieldTemplate.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

/// The answer of the pure function `compute` for `key`, remembered in `cache` (kept per
/// thread by the caller): a scenario run over and over (scenarist-run --repeat, a module run
/// again from the editor) asks the same questions each time. Short keys only, and forgotten
/// wholesale when the cache is full, so it stays tiny.
template <typename Value, typename Compute>
Value remembered(
    QHash<QString, Value> &cache, const QString &key, qsizetype longestKey, Compute compute)
{
    constexpr qsizetype MaxEntries = 256;
    if (key.size() > longestKey)
        return compute();
    const auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return it.value();
    if (cache.size() >= MaxEntries)
        cache.clear();
    const Value value = compute();
    cache.insert(key, value);
    return value;
}

/// The parsed form of a field's text (FieldTemplate is immutable and cheap to copy).
FieldTemplate parsedField(const QString &text)
{
    thread_local QHash<QString, FieldTemplate> cache;
    return remembered(cache, text, 4096, [&text] { return FieldTemplate::parse(text); });
}

class FieldResolver
{
public:
    FieldResolver(const MappingContext &context, RequestMapper::Result &result)
        : m_context(context)
        , m_result(result)
    {
    }

    QString operator()(const QString &text, const QString &where)
    {
        return resolve(text, [&where] { return where; });
    }

    /// `where` names the field in messages; it is only called when there is one to give.
    template <typename Where> QString resolve(const QString &text, Where where)
    {
        if (!text.contains(QLatin1String("{{")))
            return text;
        const FieldTemplate field = parsedField(text);
        const FieldTemplate::Result value = field.evaluate(m_context);
        for (const QString &warning : value.warnings)
            m_result.warnings.append(QStringLiteral("%1: %2").arg(where(), warning));
        if (!value.ok() && m_result.error.isEmpty())
            m_result.error = QStringLiteral("%1: %2").arg(where(), value.error);
        // Values that come from the secrets store are masked wherever they are shown.
        const QJsonValue secrets = m_context.namedRoots.value(QStringLiteral("secrets"));
        for (const QString &name : field.namedRootReferences(QStringLiteral("secrets"))) {
            const QString secret = secrets.toObject().value(name).toString();
            if (!secret.isEmpty() && !m_result.secretValues.contains(secret))
                m_result.secretValues.append(secret);
        }
        // What a mapping made of a secret (its base64, a hash, a header built around it)
        // reveals it as well.
        for (const QString &derived : value.secretDerivedTexts)
            addSecret(derived);
        for (const QString &name : value.secretsRead) {
            if (!m_result.secretsRead.contains(name))
                m_result.secretsRead.append(name);
        }
        return value.text;
    }

    void resolvePairs(QList<NameValue> &pairs, const QString &kind)
    {
        for (NameValue &pair : pairs) {
            pair.name = resolve(pair.name, [&] { return QStringLiteral("%1 name").arg(kind); });
            pair.value
                = resolve(pair.value, [&] { return QStringLiteral("%1 %2").arg(kind, pair.name); });
            if (RequestMapper::looksSecret(pair.name))
                addSecret(pair.value);
        }
    }

    void addSecret(const QString &value)
    {
        // Very short values ("1", "a") would mask unrelated text everywhere.
        if (value.size() >= 3 && !m_result.secretValues.contains(value))
            m_result.secretValues.append(value);
    }

private:
    const MappingContext &m_context;
    RequestMapper::Result &m_result;
};

} // namespace

bool RequestMapper::looksSecret(const QString &name)
{
    static const QRegularExpression secretName(
        QStringLiteral("secret|password|passwd|api[-_]?key|private[-_]?key|client[-_]?assertion"),
        QRegularExpression::CaseInsensitiveOption);
    // Every field name of every request is asked about, run after run.
    thread_local QHash<QString, bool> known;
    return remembered(known, name, 256, [&name] { return secretName.match(name).hasMatch(); });
}

RequestMapper::Result RequestMapper::resolve(
    const HttpRequestSpec &spec, const MappingContext &context)
{
    Result result;
    result.request = spec;
    HttpRequestSpec &r = result.request;
    FieldResolver resolve(context, result);

    r.url = resolve(spec.url, QCoreApplication::translate("RequestMapper", "URL"));
    resolve.resolvePairs(r.headers, QStringLiteral("Header"));
    resolve.resolvePairs(r.query, QCoreApplication::translate("RequestMapper", "Query parameter"));
    switch (spec.bodyType) {
    case BodyType::None:
        break;
    case BodyType::Raw: {
        r.rawContentType = resolve(
            spec.rawContentType, QCoreApplication::translate("RequestMapper", "Content type"));
        r.rawContent = resolve(
            spec.rawContent, QCoreApplication::translate("RequestMapper", "Request content"));
        const QJsonDocument json = QJsonDocument::fromJson(r.rawContent.toUtf8());
        const QJsonObject object = json.object();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (looksSecret(it.key()) && it->isString())
                resolve.addSecret(it->toString());
        }
        break;
    }
    case BodyType::UrlEncoded:
        resolve.resolvePairs(r.urlEncodedFields, QStringLiteral("Field"));
        break;
    case BodyType::Multipart:
        for (MultipartField &field : r.multipartFields) {
            field.name
                = resolve(field.name, QCoreApplication::translate("RequestMapper", "Field name"));
            const QString where
                = QCoreApplication::translate("RequestMapper", "Field %1").arg(field.name);
            field.value = resolve(field.value, where);
            field.file = resolve(field.file, where + QStringLiteral(" (file)"));
            field.fileName = resolve(field.fileName,
                where + QCoreApplication::translate("RequestMapper", " (file name)"));
            field.contentType = resolve(field.contentType,
                where + QCoreApplication::translate("RequestMapper", " (content type)"));
            if (looksSecret(field.name))
                resolve.addSecret(field.value);
        }
        break;
    }
    if (spec.effectiveAuthentication() == AuthType::Basic) {
        r.username
            = resolve(spec.username, QCoreApplication::translate("RequestMapper", "Username"));
        r.password = resolve(spec.password, QStringLiteral("Password"));
        resolve.addSecret(r.password);
    } else {
        // A module that signs in with a connection (or not at all) sends no Basic header,
        // whatever its hidden username and password fields still hold.
        r.username.clear();
        r.password.clear();
    }
    r.caCertificate = resolve(
        spec.caCertificate, QCoreApplication::translate("RequestMapper", "CA certificate"));
    return result;
}

RequestMapper::ConnectionResult RequestMapper::resolveConnection(
    const Connection &connection, const MappingContext &context)
{
    // The field resolver works on a request result; borrow one and copy what it found.
    Result scratch;
    FieldResolver resolve(context, scratch);
    ConnectionResult result;
    ClientCredentials &c = result.credentials;
    c.connectionId = connection.id;
    c.connectionName = connection.displayName();
    // Whatever it was typed as, a connection's secret is never shown.
    auto secret = [&](const QString &text, const QString &where) {
        const QString value = resolve(text, where);
        if (!value.isEmpty() && !scratch.secretValues.contains(value))
            scratch.secretValues.append(value);
        return value;
    };
    auto missing = [&](const QString &what) {
        return QCoreApplication::translate("RequestMapper",
            "The connection \u201c%1\u201d has no %2. Give it one under "
            "Connections.")
            .arg(c.connectionName, what);
    };
    QString error;
    if (connection.usesTokenEndpoint()) {
        c.tokenUrl = resolve(
            connection.tokenUrl, QCoreApplication::translate("RequestMapper", "Token URL"));
        c.clientId = resolve(
            connection.clientId, QCoreApplication::translate("RequestMapper", "Client ID"));
        c.clientSecret = secret(
            connection.clientSecret, QCoreApplication::translate("RequestMapper", "Client secret"));
        c.scope = resolve(connection.scope, QCoreApplication::translate("RequestMapper", "Scopes"));
        c.audience = resolve(connection.audience, QStringLiteral("Audience"));
        c.extraParameters = connection.extraParameters;
        resolve.resolvePairs(
            c.extraParameters, QCoreApplication::translate("RequestMapper", "Token parameter"));
        c.clientAuthentication = connection.clientAuthentication;
        c.refreshLeadSeconds = connection.refreshLeadSeconds;
        if (c.clientAuthentication == ClientAuthentication::PrivateKeyJwt) {
            c.signingKey = secret(
                connection.signingKey, QCoreApplication::translate("RequestMapper", "Private key"))
                               .toUtf8();
            result.signingKeyFile = resolve(connection.signingKeyFile,
                QCoreApplication::translate("RequestMapper", "Private key file"))
                                        .trimmed();
            c.signingKeyName = QCoreApplication::translate("RequestMapper", "The private key");
            if (c.signingKey.trimmed().isEmpty() && result.signingKeyFile.isEmpty())
                error = missing(QCoreApplication::translate("RequestMapper",
                    "private key to sign with (a key file or a "
                    "secret)"));
        }
        if (connection.isAuthorizationCode()) {
            c.grantType = QStringLiteral("refresh_token");
            c.refreshToken = secret(connection.refreshToken,
                QCoreApplication::translate("RequestMapper", "Refresh token"));
            result.authorizationUrl = resolve(connection.authorizationUrl,
                QCoreApplication::translate("RequestMapper", "Authorization URL"))
                                          .trimmed();
            result.redirectUri = resolve(connection.redirectUri,
                QCoreApplication::translate("RequestMapper", "Redirect URI"))
                                     .trimmed();
            result.revocationUrl = resolve(connection.revocationUrl,
                QCoreApplication::translate("RequestMapper", "Revocation URL"))
                                       .trimmed();
        }
        if (c.tokenUrl.trimmed().isEmpty())
            error = missing(QCoreApplication::translate("RequestMapper", "token URL"));
    } else if (connection.type == Connection::apiKeyType()) {
        const QString name = resolve(
            connection.apiKeyName, QCoreApplication::translate("RequestMapper", "Key name"))
                                 .trimmed();
        const QString key
            = secret(connection.apiKey, QCoreApplication::translate("RequestMapper", "API key"));
        if (name.isEmpty())
            error = missing(QCoreApplication::translate(
                "RequestMapper", "key name (the header or parameter the key goes in)"));
        else if (key.isEmpty())
            error = missing(QCoreApplication::translate("RequestMapper", "API key"));
        else if (connection.apiKeyIn == ApiKeyPlace::Query)
            result.query.append({name, key});
        else
            result.headers.append({name, key});
    } else if (connection.type == Connection::bearerType()) {
        const QString token = secret(connection.bearerToken, QStringLiteral("Token"));
        if (token.isEmpty())
            error = missing(QStringLiteral("token"));
        result.headers.append({QStringLiteral("Authorization"), QStringLiteral("Bearer ") + token});
    } else if (connection.type == Connection::basicType()) {
        const QString user = resolve(
            connection.username, QCoreApplication::translate("RequestMapper", "User name"));
        const QString password = secret(connection.password, QStringLiteral("Password"));
        if (user.isEmpty())
            error = missing(QCoreApplication::translate("RequestMapper", "user name"));
        // RFC 7617: user-id ":" password, UTF-8, base64.
        const QString encoded
            = QString::fromLatin1((user + QLatin1Char(':') + password).toUtf8().toBase64());
        resolve.addSecret(encoded);
        result.headers.append(
            {QStringLiteral("Authorization"), QStringLiteral("Basic ") + encoded});
    } else if (connection.type == Connection::clientCertificateType()) {
        if (connection.certificateFile.trimmed().isEmpty())
            error = missing(QCoreApplication::translate("RequestMapper", "certificate file"));
    }
    for (const NameValue &header : std::as_const(result.headers))
        resolve.addSecret(header.value);
    if (!connection.certificateFile.trimmed().isEmpty()) {
        result.certificateFile = resolve(connection.certificateFile,
            QCoreApplication::translate("RequestMapper", "Certificate file"))
                                     .trimmed();
        result.privateKeyFile = resolve(connection.privateKeyFile,
            QCoreApplication::translate("RequestMapper", "Private key file"))
                                    .trimmed();
        result.certificatePassword = secret(connection.certificatePassword,
            QCoreApplication::translate("RequestMapper", "Certificate password"));
    }
    result.warnings = scratch.warnings;
    result.error = scratch.error;
    result.secretValues = scratch.secretValues;
    result.secretsRead = scratch.secretsRead;
    if (result.ok())
        result.error = error;
    return result;
}

namespace {

void collectSecretNames(const QString &text, QStringList &names)
{
    if (!text.contains(QLatin1String("{{")))
        return;
    for (const QString &name : parsedField(text).namedRootReferences(QStringLiteral("secrets"))) {
        if (!names.contains(name))
            names.append(name);
    }
}

void collectSecretNames(const QList<NameValue> &pairs, QStringList &names)
{
    for (const NameValue &p : pairs) {
        collectSecretNames(p.name, names);
        collectSecretNames(p.value, names);
    }
}

} // namespace

QStringList RequestMapper::secretNames(const HttpRequestSpec &spec)
{
    QStringList names;
    collectSecretNames(spec.url, names);
    collectSecretNames(spec.headers, names);
    collectSecretNames(spec.query, names);
    switch (spec.bodyType) {
    case BodyType::None:
        break;
    case BodyType::Raw:
        collectSecretNames(spec.rawContentType, names);
        collectSecretNames(spec.rawContent, names);
        break;
    case BodyType::UrlEncoded:
        collectSecretNames(spec.urlEncodedFields, names);
        break;
    case BodyType::Multipart:
        for (const MultipartField &f : spec.multipartFields) {
            for (const QString *text : {&f.name, &f.value, &f.file, &f.fileName, &f.contentType})
                collectSecretNames(*text, names);
        }
        break;
    }
    if (spec.effectiveAuthentication() == AuthType::Basic) {
        collectSecretNames(spec.username, names);
        collectSecretNames(spec.password, names);
    }
    collectSecretNames(spec.caCertificate, names);
    return names;
}

QStringList RequestMapper::secretNames(const Connection &connection)
{
    QStringList names;
    if (connection.usesTokenEndpoint()) {
        for (const QString *text : {&connection.tokenUrl, &connection.clientId,
                 &connection.clientSecret, &connection.scope, &connection.audience})
            collectSecretNames(*text, names);
        collectSecretNames(connection.extraParameters, names);
        if (connection.clientAuthentication == ClientAuthentication::PrivateKeyJwt) {
            collectSecretNames(connection.signingKey, names);
            collectSecretNames(connection.signingKeyFile, names);
        }
        if (connection.isAuthorizationCode())
            collectSecretNames(connection.refreshToken, names);
    } else if (connection.type == Connection::apiKeyType()) {
        collectSecretNames(connection.apiKeyName, names);
        collectSecretNames(connection.apiKey, names);
    } else if (connection.type == Connection::bearerType()) {
        collectSecretNames(connection.bearerToken, names);
    } else if (connection.type == Connection::basicType()) {
        collectSecretNames(connection.username, names);
        collectSecretNames(connection.password, names);
    }
    if (!connection.certificateFile.trimmed().isEmpty()) {
        for (const QString *text : {&connection.certificateFile, &connection.privateKeyFile,
                 &connection.certificatePassword})
            collectSecretNames(*text, names);
    }
    return names;
}
