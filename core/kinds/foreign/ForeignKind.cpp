#include "core/kinds/foreign/ForeignKind.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/Module.h"

const KindInfo &foreignKind()
{
    static const KindInfo kind = [] {
        KindInfo k {Module::foreignType(), QStringLiteral("Module of another app")};
        k.placeholder = true;
        return k;
    }();
    return kind;
}
