#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>
#include <QStringList>

struct KindInfo;

/// flow.getVariables: reads values kept earlier by Set variables (docs/scenario-file.md).
struct GetVariablesConfig : KindConfigBase<GetVariablesConfig>
{
    static QString typeName() { return QStringLiteral("flow.getVariables"); }
    static QString displayName()
    {
        return QCoreApplication::translate("KindRegistry", "Get variables");
    }
    QStringList names;

    QJsonObject toJson() const override;
    bool operator==(const GetVariablesConfig &other) const { return names == other.names; }
};

const KindInfo &getVariablesKind();
