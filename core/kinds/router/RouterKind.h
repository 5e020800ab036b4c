#pragma once

#include "core/kinds/KindConfigBase.h"

struct KindInfo;

/// flow.router: passes each bundle to every route in order; one route may be the fallback
/// (docs/scenario-file.md). Its config is {}.
struct RouterConfig : KindConfigBase<RouterConfig>
{
    static QString typeName() { return QStringLiteral("flow.router"); }
    static QString displayName() { return QStringLiteral("Router"); }

    QJsonObject toJson() const override { return {}; }
    bool hasRoutes() const override { return true; }
    bool operator==(const RouterConfig &) const { return true; }
};

const KindInfo &routerKind();
