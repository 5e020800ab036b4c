#include "core/kinds/arrayaggregator/ArrayAggregatorKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"
#include "core/model/JsonChecks.h"

#include <QJsonArray>

QJsonObject ArrayAggregatorConfig::toJson() const
{
    return QJsonObject {
        {QStringLiteral("source"), source},
        {QStringLiteral("fields"), JsonChecks::toJson(fields)},
        {QStringLiteral("groupBy"), groupBy},
        {QStringLiteral("stopIfEmpty"), stopIfEmpty},
    };
}

namespace {

KindConfig read(KindConfigReader &r)
{
    ArrayAggregatorConfig config;
    config.source = r.aggregationSource();
    config.fields = r.nameValues(QStringLiteral("fields"));
    config.groupBy = r.text(QStringLiteral("groupBy"));
    config.stopIfEmpty = r.boolean(QStringLiteral("stopIfEmpty"), false);
    return KindConfig::of(config);
}

// A bundle's part: the object of its mapped fields, or [group key, object] with group by.
void collect(const KindConfigData &data, const MappingContext &bundle, CollectedBundles &into)
{
    const auto &config = static_cast<const ArrayAggregatorConfig &>(data);
    // No fields chosen: each item is the source's whole bundle (docs/scenario-file.md).
    const std::optional<QJsonValue> item = config.fields.isEmpty()
        ? std::optional<QJsonValue>(bundle.moduleOutputs.value(config.source))
        : KindFields::evaluateObject(config.fields, bundle, &into.error);
    if (!item)
        return;
    if (config.groupBy.isEmpty()) {
        into.parts.append(*item);
        return;
    }
    const std::optional<QJsonValue> key = KindFields::evaluate(config.groupBy, bundle, &into.error);
    if (key)
        into.parts.append(QJsonArray {KindFields::toText(*key), *item});
}

Emitted aggregate(const KindConfigData &data, const CollectedBundles &collected, RunContext &)
{
    const auto &config = static_cast<const ArrayAggregatorConfig &>(data);
    if (collected.failed())
        return Emitted::failure(ModuleErrorType::DataError, collected.error);
    if (collected.parts.isEmpty() && config.stopIfEmpty)
        return Emitted::none();
    if (config.groupBy.isEmpty()) {
        QJsonArray array;
        for (const QJsonValue &part : collected.parts)
            array.append(part);
        return Emitted::one(QJsonObject {
            {QStringLiteral("array"), array}, {QStringLiteral("__IMTAGGLENGTH__"), array.size()}});
    }
    QStringList keys; // group keys in the order they first came
    QHash<QString, QJsonArray> groups;
    for (const QJsonValue &part : collected.parts) {
        const QJsonArray pair = part.toArray();
        const QString key = pair.at(0).toString();
        if (!groups.contains(key))
            keys.append(key);
        groups[key].append(pair.at(1));
    }
    Emitted out;
    for (const QString &key : std::as_const(keys))
        out.bundles.append(QJsonObject {
            {QStringLiteral("key"), key}, {QStringLiteral("array"), groups.value(key)}});
    return out;
}

} // namespace

const KindInfo &arrayAggregatorKind()
{
    static const KindInfo kind = [] {
        KindInfo k {ArrayAggregatorConfig::typeName(), ArrayAggregatorConfig::displayName(), &read,
            [] { return KindConfig::of(ArrayAggregatorConfig {}); }, nullptr, &aggregate};
        k.collect = &collect;
        return k;
    }();
    return kind;
}
