#include "core/kinds/jsoncreate/JsonCreateKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>

QJsonObject JsonCreateConfig::toJson() const
{
    return QJsonObject {{QStringLiteral("value"), value}};
}

namespace {

KindConfig read(KindConfigReader &r)
{
    JsonCreateConfig config;
    const QJsonValue value = r.value(QStringLiteral("value"));
    if (!value.isUndefined())
        config.value = value;
    return KindConfig::of(config);
}

/// Every string is a field; a field that is one mapping keeps the mapped value's type.
std::optional<QJsonValue> mapStrings(
    const QJsonValue &value, const MappingContext &context, QString *error)
{
    if (value.isString())
        return KindFields::evaluate(value.toString(), context, error);
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : value.toArray()) {
            const std::optional<QJsonValue> mapped = mapStrings(item, context, error);
            if (!mapped)
                return std::nullopt;
            out.append(*mapped);
        }
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const std::optional<QJsonValue> mapped = mapStrings(it.value(), context, error);
            if (!mapped)
                return std::nullopt;
            out.insert(it.key(), *mapped);
        }
        return out;
    }
    return value;
}

Emitted run(const KindConfigData &data, const Bundle &, RunContext &context)
{
    const auto &config = static_cast<const JsonCreateConfig &>(data);
    QString error;
    const std::optional<QJsonValue> mapped = mapStrings(config.value, context.mapping, &error);
    if (!mapped)
        return Emitted::failure(ModuleErrorType::DataError, error);
    const QByteArray wrapped = QJsonDocument(QJsonArray {*mapped}).toJson(QJsonDocument::Compact);
    const QString json = QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    return Emitted::one(QJsonObject {{QStringLiteral("json"), json}});
}

} // namespace

const KindInfo &jsonCreateKind()
{
    static const KindInfo kind {JsonCreateConfig::typeName(), JsonCreateConfig::displayName(),
        &read, [] { return KindConfig::of(JsonCreateConfig {}); }, &run};
    return kind;
}
