#include "core/kinds/router/RouterKind.h"

#include "core/kinds/KindRegistry.h"

namespace {

KindConfig read(KindConfigReader &)
{
    return KindConfig::of(RouterConfig {});
}

/// A router has no output of its own: the bundle it got goes on down its routes.
Emitted run(const KindConfigData &, const Bundle &in, RunContext &)
{
    return Emitted::one(in);
}

} // namespace

const KindInfo &routerKind()
{
    static const KindInfo kind {RouterConfig::typeName(), RouterConfig::displayName(), &read,
        [] { return KindConfig::of(RouterConfig {}); }, &run, nullptr, FlowDirective::None};
    return kind;
}
