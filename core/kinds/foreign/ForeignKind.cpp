#include "core/kinds/foreign/ForeignKind.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/Module.h"

#include <QCoreApplication>

const KindInfo &foreignKind()
{
    static const KindInfo kind = [] {
        KindInfo k {Module::foreignType(),
            QCoreApplication::translate("KindRegistry", "Module of another app")};
        k.placeholder = true;
        return k;
    }();
    return kind;
}
