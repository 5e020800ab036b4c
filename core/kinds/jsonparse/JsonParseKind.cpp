#include "core/kinds/jsonparse/JsonParseKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

QJsonObject JsonParseConfig::toJson() const
{
    return QJsonObject {{QStringLiteral("json"), json}};
}

namespace {

KindConfig read(KindConfigReader &r)
{
    JsonParseConfig config;
    config.json = r.text(QStringLiteral("json"));
    return KindConfig::of(config);
}

Emitted run(const KindConfigData &data, const Bundle &, RunContext &context)
{
    const auto &config = static_cast<const JsonParseConfig &>(data);
    QString error;
    const std::optional<QJsonValue> value
        = KindFields::evaluate(config.json, context.mapping, &error);
    if (!value)
        return Emitted::failure(ModuleErrorType::DataError, error);
    // Wrapped in a list so that a scalar ("3", "\"a\"") parses as well.
    const QByteArray text = KindFields::toText(*value).toUtf8();
    QJsonParseError parseError;
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray("[") + text + QByteArray("\n]"), &parseError);
    if (parseError.error != QJsonParseError::NoError || document.array().size() != 1)
        return Emitted::failure(ModuleErrorType::DataError,
            QCoreApplication::translate("JsonParseKind", "The text is not valid JSON: %1.")
                .arg(parseError.error != QJsonParseError::NoError
                        ? parseError.errorString()
                        : QCoreApplication::translate("JsonParseKind", "it is empty")));
    const QJsonValue parsed = document.array().at(0);
    if (!parsed.isArray())
        return Emitted::one(parsed);
    Emitted out;
    const QJsonArray items = parsed.toArray();
    for (const QJsonValue &item : items)
        out.bundles.append(item);
    return out;
}

} // namespace

const KindInfo &jsonParseKind()
{
    static const KindInfo kind {JsonParseConfig::typeName(), JsonParseConfig::displayName(), &read,
        [] { return KindConfig::of(JsonParseConfig {}); }, &run};
    return kind;
}
