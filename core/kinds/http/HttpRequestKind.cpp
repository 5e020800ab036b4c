#include "core/kinds/http/HttpRequestKind.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/Module.h"

#include <QCoreApplication>

const KindInfo &httpRequestKind()
{
    static const KindInfo kind = [] {
        KindInfo k {Module::httpRequestType(),
            QCoreApplication::translate("KindRegistry", "Make a request")};
        k.configIsHttpRequest = true;
        return k;
    }();
    return kind;
}
