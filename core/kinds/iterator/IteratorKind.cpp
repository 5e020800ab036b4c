#include "core/kinds/iterator/IteratorKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

#include <QCoreApplication>
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
        bundle.insert(iteratorFields().at(0).key, i + 1);
        bundle.insert(iteratorFields().at(1).key, items.size());
        out.bundles.append(bundle);
    }
    return out;
}

} // namespace

const QList<IteratorField> &iteratorFields()
{
    static const QList<IteratorField> fields {
        {QStringLiteral("__IMTINDEX__"),
            QT_TRANSLATE_NOOP("MappingTreeModel", "Bundle order position")},
        {QStringLiteral("__IMTLENGTH__"),
            QT_TRANSLATE_NOOP("MappingTreeModel", "Total number of bundles")},
    };
    return fields;
}

const KindInfo &iteratorKind()
{
    static const KindInfo kind {IteratorConfig::typeName(), IteratorConfig::displayName(), &read,
        [] { return KindConfig::of(IteratorConfig {}); }, &run};
    return kind;
}
