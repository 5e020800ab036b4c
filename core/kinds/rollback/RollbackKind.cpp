#include "core/kinds/rollback/RollbackKind.h"

#include "core/kinds/KindRegistry.h"

namespace {

KindConfig read(KindConfigReader &)
{
    return KindConfig::of(RollbackConfig {});
}

} // namespace

const KindInfo &rollbackKind()
{
    static const KindInfo kind {RollbackConfig::typeName(), RollbackConfig::displayName(), &read,
        [] { return KindConfig::of(RollbackConfig {}); }, nullptr, nullptr,
        FlowDirective::Rollback};
    return kind;
}
