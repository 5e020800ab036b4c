#include "core/kinds/arrayaggregator/ArrayAggregatorKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

#include <QJsonArray>

QJsonObject ArrayAggregatorConfig::toJson() const
{
    return QJsonObject {
        {QStringLiteral("source"), source},
        {QStringLiteral("fields"), KindFields::toJson(fields)},
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

Emitted aggregate(const KindConfigData &data, const CollectedBundles &collected, RunContext &)
{
    const auto &config = static_cast<const ArrayAggregatorConfig &>(data);
    if (collected.isEmpty() && config.stopIfEmpty)
        return Emitted::none();
    QString error;
    QStringList keys; // group keys in the order they first came
    QHash<QString, QJsonArray> groups;
    for (const MappingContext &bundle : collected) {
        const std::optional<QJsonObject> item
            = KindFields::evaluateObject(config.fields, bundle, &error);
        if (!item)
            return Emitted::failure(ModuleErrorType::DataError, error);
        QString key;
        if (!config.groupBy.isEmpty()) {
            const std::optional<QJsonValue> k
                = KindFields::evaluate(config.groupBy, bundle, &error);
            if (!k)
                return Emitted::failure(ModuleErrorType::DataError, error);
            key = KindFields::toText(*k);
        }
        if (!groups.contains(key))
            keys.append(key);
        groups[key].append(*item);
    }
    if (config.groupBy.isEmpty()) {
        const QJsonArray array = groups.value(QString());
        return Emitted::one(QJsonObject {
            {QStringLiteral("array"), array}, {QStringLiteral("__IMTAGGLENGTH__"), array.size()}});
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
    static const KindInfo kind {ArrayAggregatorConfig::typeName(),
        ArrayAggregatorConfig::displayName(), &read,
        [] { return KindConfig::of(ArrayAggregatorConfig {}); }, nullptr, &aggregate};
    return kind;
}
