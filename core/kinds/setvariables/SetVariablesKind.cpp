#include "core/kinds/setvariables/SetVariablesKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"
#include "core/model/JsonChecks.h"

#include <QCoreApplication>

QString SetVariablesConfig::scopeKey(Scope scope)
{
    return scope == Scope::Execution ? QStringLiteral("execution") : QStringLiteral("cycle");
}

QJsonObject SetVariablesConfig::toJson() const
{
    return QJsonObject {
        {QStringLiteral("scope"), scopeKey(scope)},
        {QStringLiteral("variables"), JsonChecks::toJson(variables)},
    };
}

namespace {

KindConfig read(KindConfigReader &r)
{
    SetVariablesConfig config;
    const QString scope = r.text(QStringLiteral("scope"), QStringLiteral("cycle"));
    if (scope == QLatin1String("execution"))
        config.scope = SetVariablesConfig::Scope::Execution;
    else if (scope != QLatin1String("cycle"))
        r.fail(QStringLiteral("scope"),
            QCoreApplication::translate("SetVariablesKind",
                "must be “cycle\u201d (kept for one cycle) or "
                "“execution\u201d (kept for the whole run), but is \u201c%1\u201d.")
                .arg(scope));
    config.variables = r.nameValues(QStringLiteral("variables"));
    for (qsizetype i = 0; i < config.variables.size() && !r.failed(); ++i) {
        if (config.variables.at(i).name.trimmed().isEmpty())
            r.fail(QStringLiteral("variables[%1].name").arg(i + 1),
                QCoreApplication::translate(
                    "SetVariablesKind", "is empty; a variable needs a name to be read back by."));
    }
    return KindConfig::of(config);
}

Emitted run(const KindConfigData &data, const Bundle &, RunContext &context)
{
    const auto &config = static_cast<const SetVariablesConfig &>(data);
    QString error;
    const std::optional<QJsonObject> values
        = KindFields::evaluateObject(config.variables, context.mapping, &error);
    if (!values)
        return Emitted::failure(ModuleErrorType::DataError, error);
    QHash<QString, QJsonValue> &store = config.scope == SetVariablesConfig::Scope::Execution
        ? context.executionVariables
        : context.cycleVariables;
    for (auto it = values->begin(); it != values->end(); ++it)
        store.insert(it.key(), it.value());
    return Emitted::one(*values);
}

} // namespace

const KindInfo &setVariablesKind()
{
    static const KindInfo kind {SetVariablesConfig::typeName(), SetVariablesConfig::displayName(),
        &read, [] { return KindConfig::of(SetVariablesConfig {}); }, &run};
    return kind;
}
