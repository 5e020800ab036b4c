#include "core/kinds/http/HttpRequestKind.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/Module.h"

const KindInfo &httpRequestKind()
{
    static const KindInfo kind = [] {
        KindInfo k {Module::httpRequestType(), QStringLiteral("Make a request")};
        k.configIsHttpRequest = true;
        return k;
    }();
    return kind;
}
