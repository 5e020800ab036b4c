#include "run/RequestMapper.h"

#include "mapping/FieldTemplate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

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
        if (!text.contains(QLatin1String("{{")))
            return text;
        const FieldTemplate field = FieldTemplate::parse(text);
        const FieldTemplate::Result value = field.evaluate(m_context);
        for (const QString &warning : value.warnings)
            m_result.warnings.append(QStringLiteral("%1: %2").arg(where, warning));
        if (!value.ok() && m_result.error.isEmpty())
            m_result.error = QStringLiteral("%1: %2").arg(where, value.error);
        // Values that come from the secrets store are masked wherever they are shown.
        const QJsonValue secrets = m_context.namedRoots.value(QStringLiteral("secrets"));
        for (const QString &name : field.namedRootReferences(QStringLiteral("secrets"))) {
            const QString secret = secrets.toObject().value(name).toString();
            if (!secret.isEmpty() && !m_result.secretValues.contains(secret))
                m_result.secretValues.append(secret);
        }
        return value.text;
    }

    void resolvePairs(QList<NameValue> &pairs, const QString &kind)
    {
        for (NameValue &pair : pairs) {
            pair.name = (*this)(pair.name, QStringLiteral("%1 name").arg(kind));
            pair.value = (*this)(pair.value, QStringLiteral("%1 %2").arg(kind, pair.name));
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
    return secretName.match(name).hasMatch();
}

RequestMapper::Result RequestMapper::resolve(const HttpRequestSpec &spec,
                                             const MappingContext &context)
{
    Result result;
    result.request = spec;
    HttpRequestSpec &r = result.request;
    FieldResolver resolve(context, result);

    r.url = resolve(spec.url, QStringLiteral("URL"));
    resolve.resolvePairs(r.headers, QStringLiteral("Header"));
    resolve.resolvePairs(r.query, QStringLiteral("Query parameter"));
    switch (spec.bodyType) {
    case BodyType::None:
        break;
    case BodyType::Raw: {
        r.rawContentType = resolve(spec.rawContentType, QStringLiteral("Content type"));
        r.rawContent = resolve(spec.rawContent, QStringLiteral("Request content"));
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
            field.name = resolve(field.name, QStringLiteral("Field name"));
            const QString where = QStringLiteral("Field %1").arg(field.name);
            field.value = resolve(field.value, where);
            field.file = resolve(field.file, where + QStringLiteral(" (file)"));
            field.fileName = resolve(field.fileName, where + QStringLiteral(" (file name)"));
            field.contentType = resolve(field.contentType,
                                        where + QStringLiteral(" (content type)"));
            if (looksSecret(field.name))
                resolve.addSecret(field.value);
        }
        break;
    }
    r.username = resolve(spec.username, QStringLiteral("Username"));
    r.password = resolve(spec.password, QStringLiteral("Password"));
    resolve.addSecret(r.password);
    r.caCertificate = resolve(spec.caCertificate, QStringLiteral("CA certificate"));
    return result;
}
