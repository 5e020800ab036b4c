#include "core/kinds/break/BreakKind.h"

#include "core/kinds/KindRegistry.h"

QJsonObject BreakConfig::toJson() const
{
    return QJsonObject {
        {QStringLiteral("count"), count},
        {QStringLiteral("intervalSeconds"), intervalSeconds},
    };
}

namespace {

KindConfig read(KindConfigReader &r)
{
    BreakConfig config;
    config.count = r.integer(QStringLiteral("count"), config.count, 0, BreakConfig::maxCount);
    config.intervalSeconds = r.integer(QStringLiteral("intervalSeconds"), config.intervalSeconds, 0,
        BreakConfig::maxIntervalSeconds);
    return KindConfig::of(config);
}

} // namespace

const KindInfo &breakKind()
{
    static const KindInfo kind {BreakConfig::typeName(), BreakConfig::displayName(), &read,
        [] { return KindConfig::of(BreakConfig {}); }, nullptr, nullptr, FlowDirective::Break};
    return kind;
}
