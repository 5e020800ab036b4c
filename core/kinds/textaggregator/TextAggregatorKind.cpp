#include "core/kinds/textaggregator/TextAggregatorKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

QJsonObject TextAggregatorConfig::toJson() const
{
    return QJsonObject {
        {QStringLiteral("source"), source},
        {QStringLiteral("text"), text},
        {QStringLiteral("rowSeparator"), rowSeparator},
    };
}

namespace {

KindConfig read(KindConfigReader &r)
{
    TextAggregatorConfig config;
    config.source = r.aggregationSource();
    config.text = r.text(QStringLiteral("text"));
    config.rowSeparator = r.text(QStringLiteral("rowSeparator"), config.rowSeparator);
    return KindConfig::of(config);
}

Emitted aggregate(const KindConfigData &data, const CollectedBundles &collected, RunContext &)
{
    const auto &config = static_cast<const TextAggregatorConfig &>(data);
    QStringList rows;
    rows.reserve(collected.size());
    QString error;
    for (const MappingContext &bundle : collected) {
        const std::optional<QJsonValue> row = KindFields::evaluate(config.text, bundle, &error);
        if (!row)
            return Emitted::failure(ModuleErrorType::DataError, error);
        rows.append(KindFields::toText(*row));
    }
    return Emitted::one(QJsonObject {{QStringLiteral("text"), rows.join(config.rowSeparator)}});
}

} // namespace

const KindInfo &textAggregatorKind()
{
    static const KindInfo kind {TextAggregatorConfig::typeName(),
        TextAggregatorConfig::displayName(), &read,
        [] { return KindConfig::of(TextAggregatorConfig {}); }, nullptr, &aggregate};
    return kind;
}
