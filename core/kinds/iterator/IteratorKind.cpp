#include "core/kinds/iterator/IteratorKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

#include <QJsonArray>

QJsonObject IteratorConfig::toJson() const
{
    return QJsonObject {{QStringLiteral("array"), array}};
}

namespace {

KindConfig read(KindConfigReader &r)
{
    IteratorConfig config;
    config.array = r.text(QStringLiteral("array"));
    return KindConfig::of(config);
}

/// Each item's fields (a scalar item as `value`) plus its 1-based position and the count.
Emitted run(const KindConfigData &data, const Bundle &, RunContext &context)
{
    const auto &config = static_cast<const IteratorConfig &>(data);
    QString error;
    const std::optional<QJsonValue> value
        = KindFields::evaluate(config.array, context.mapping, &error);
    if (!value)
        return Emitted::failure(ModuleErrorType::DataError, error);
    if (!value->isArray())
        return Emitted::one(
            value->isObject() ? *value : QJsonObject {{QStringLiteral("value"), *value}});
    const QJsonArray items = value->toArray();
    Emitted out;
    out.bundles.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        QJsonObject bundle = items[i].isObject()
            ? items[i].toObject()
            : QJsonObject {{QStringLiteral("value"), items[i]}};
        bundle.insert(QStringLiteral("__IMTINDEX__"), i + 1);
        bundle.insert(QStringLiteral("__IMTLENGTH__"), items.size());
        out.bundles.append(bundle);
    }
    return out;
}

} // namespace

const KindInfo &iteratorKind()
{
    static const KindInfo kind {IteratorConfig::typeName(), IteratorConfig::displayName(), &read,
        [] { return KindConfig::of(IteratorConfig {}); }, &run};
    return kind;
}
