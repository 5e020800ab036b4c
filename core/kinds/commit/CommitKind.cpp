#include "core/kinds/commit/CommitKind.h"

#include "core/kinds/KindRegistry.h"

namespace {

KindConfig read(KindConfigReader &)
{
    return KindConfig::of(CommitConfig {});
}

} // namespace

const KindInfo &commitKind()
{
    static const KindInfo kind {CommitConfig::typeName(), CommitConfig::displayName(), &read,
        [] { return KindConfig::of(CommitConfig {}); }, nullptr, nullptr, FlowDirective::Commit};
    return kind;
}
