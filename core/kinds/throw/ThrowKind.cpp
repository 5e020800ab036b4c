#include "core/kinds/throw/ThrowKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"

#include <QCoreApplication>

QJsonObject ThrowConfig::toJson() const
{
    return QJsonObject {{QStringLiteral("message"), message}};
}

namespace {

KindConfig read(KindConfigReader &r)
{
    ThrowConfig config;
    config.message = r.text(QStringLiteral("message"));
    return KindConfig::of(config);
}

Emitted run(const KindConfigData &data, const Bundle &, RunContext &context)
{
    const auto &config = static_cast<const ThrowConfig &>(data);
    QString error;
    const std::optional<QJsonValue> message
        = KindFields::evaluate(config.message, context.mapping, &error);
    if (!message)
        return Emitted::failure(ModuleErrorType::DataError, error);
    const QString text = KindFields::toText(*message);
    return Emitted::failure(ModuleErrorType::RuntimeError,
        text.isEmpty()
            ? QCoreApplication::translate("ThrowKind", "Stopped on purpose by a Throw module.")
            : text);
}

} // namespace

const KindInfo &throwKind()
{
    static const KindInfo kind {ThrowConfig::typeName(), ThrowConfig::displayName(), &read,
        [] { return KindConfig::of(ThrowConfig {}); }, &run};
    return kind;
}
