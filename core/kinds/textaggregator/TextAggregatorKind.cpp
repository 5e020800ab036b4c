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

// A bundle's part: its text.
void collect(const KindConfigData &data, const MappingContext &bundle, CollectedBundles &into)
{
    const auto &config = static_cast<const TextAggregatorConfig &>(data);
    const std::optional<QJsonValue> row = KindFields::evaluate(config.text, bundle, &into.error);
    if (row)
        into.parts.append(KindFields::toText(*row));
}

Emitted aggregate(const KindConfigData &data, const CollectedBundles &collected, RunContext &)
{
    const auto &config = static_cast<const TextAggregatorConfig &>(data);
    if (collected.failed())
        return Emitted::failure(ModuleErrorType::DataError, collected.error);
    QString text;
    for (qsizetype i = 0; i < collected.parts.size(); ++i) {
        if (i > 0)
            text += config.rowSeparator;
        text += collected.parts.at(i).toString();
    }
    return Emitted::one(QJsonObject {{QStringLiteral("text"), text}});
}

} // namespace

const KindInfo &textAggregatorKind()
{
    static const KindInfo kind = [] {
        KindInfo k {TextAggregatorConfig::typeName(), TextAggregatorConfig::displayName(), &read,
            [] { return KindConfig::of(TextAggregatorConfig {}); }, nullptr, &aggregate};
        k.collect = &collect;
        return k;
    }();
    return kind;
}
