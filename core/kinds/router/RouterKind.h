#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.router: passes each bundle to every route in order; one route may be the fallback
/// (docs/scenario-file.md). Its config is {}.
struct RouterConfig : KindConfigBase<RouterConfig>
{
    static QString typeName() { return QStringLiteral("flow.router"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Router"); }

    QJsonObject toJson() const override { return {}; }
    bool hasRoutes() const override { return true; }
    bool operator==(const RouterConfig &) const { return true; }
};

const KindInfo &routerKind();
