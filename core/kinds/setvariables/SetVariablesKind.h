#pragma once

#include "core/kinds/KindConfigBase.h"
#include "core/model/HttpRequestSpec.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.setVariables: keeps values under names, for one cycle or the whole execution
/// (docs/scenario-file.md).
struct SetVariablesConfig : KindConfigBase<SetVariablesConfig>
{
    static QString typeName() { return QStringLiteral("flow.setVariables"); }
    static QString displayName()
    {
        return QCoreApplication::translate("KindRegistry", "Set variables");
    }
    enum class Scope { Cycle, Execution };

    Scope scope = Scope::Cycle;
    QList<NameValue> variables; ///< names, and fields for their values

    static QString scopeKey(Scope scope); ///< "cycle" or "execution"

    QJsonObject toJson() const override;
    bool operator==(const SetVariablesConfig &other) const
    {
        return scope == other.scope && variables == other.variables;
    }
};

const KindInfo &setVariablesKind();
