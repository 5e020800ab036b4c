#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.rollback: ends an error route; the run stops, and counts as an error
/// (docs/scenario-file.md). Its config is {}.
struct RollbackConfig : KindConfigBase<RollbackConfig>
{
    static QString typeName() { return QStringLiteral("flow.rollback"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Rollback"); }

    QJsonObject toJson() const override { return {}; }
    bool operator==(const RollbackConfig &) const { return true; }
};

const KindInfo &rollbackKind();
