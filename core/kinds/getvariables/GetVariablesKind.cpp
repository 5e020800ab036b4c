#include "core/kinds/getvariables/GetVariablesKind.h"

#include "core/kinds/KindRegistry.h"

#include <QJsonArray>

QJsonObject GetVariablesConfig::toJson() const
{
    return QJsonObject {{QStringLiteral("names"), QJsonArray::fromStringList(names)}};
}

namespace {

KindConfig read(KindConfigReader &r)
{
    GetVariablesConfig config;
    config.names = r.texts(QStringLiteral("names"));
    return KindConfig::of(config);
}

/// A name set in this cycle wins over the same name set for the execution; a name never set
/// reads as null.
Emitted run(const KindConfigData &data, const Bundle &, RunContext &context)
{
    const auto &config = static_cast<const GetVariablesConfig &>(data);
    QJsonObject out;
    for (const QString &name : config.names) {
        out.insert(name,
            context.cycleVariables.value(
                name, context.executionVariables.value(name, QJsonValue(QJsonValue::Null))));
    }
    return Emitted::one(out);
}

} // namespace

const KindInfo &getVariablesKind()
{
    static const KindInfo kind {GetVariablesConfig::typeName(), GetVariablesConfig::displayName(),
        &read, [] { return KindConfig::of(GetVariablesConfig {}); }, &run};
    return kind;
}
