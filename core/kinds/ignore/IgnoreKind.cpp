#include "core/kinds/ignore/IgnoreKind.h"

#include "core/kinds/KindRegistry.h"

namespace {

KindConfig read(KindConfigReader &)
{
    return KindConfig::of(IgnoreConfig {});
}

} // namespace

const KindInfo &ignoreKind()
{
    static const KindInfo kind {IgnoreConfig::typeName(), IgnoreConfig::displayName(), &read,
        [] { return KindConfig::of(IgnoreConfig {}); }, nullptr, nullptr, FlowDirective::Ignore};
    return kind;
}
