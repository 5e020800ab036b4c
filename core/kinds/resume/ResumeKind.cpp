#include "core/kinds/resume/ResumeKind.h"

#include "core/kinds/KindFields.h"
#include "core/kinds/KindRegistry.h"
#include "core/model/JsonChecks.h"

QJsonObject ResumeConfig::toJson() const
{
    return QJsonObject {{QStringLiteral("output"), JsonChecks::toJson(output)}};
}

namespace {

KindConfig read(KindConfigReader &r)
{
    ResumeConfig config;
    config.output = r.nameValues(QStringLiteral("output"));
    return KindConfig::of(config);
}

/// Emits the substitute output; the runner puts it in place of the failed module's.
Emitted run(const KindConfigData &data, const Bundle &, RunContext &context)
{
    const auto &config = static_cast<const ResumeConfig &>(data);
    QString error;
    const std::optional<QJsonObject> output
        = KindFields::evaluateObject(config.output, context.mapping, &error);
    if (!output)
        return Emitted::failure(ModuleErrorType::DataError, error);
    return Emitted::one(*output);
}

} // namespace

const KindInfo &resumeKind()
{
    static const KindInfo kind {ResumeConfig::typeName(), ResumeConfig::displayName(), &read,
        [] { return KindConfig::of(ResumeConfig {}); }, &run, nullptr, FlowDirective::Resume};
    return kind;
}
