#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.commit: ends an error route; the run stops, and counts as a success
/// (docs/scenario-file.md). Its config is {}.
struct CommitConfig : KindConfigBase<CommitConfig>
{
    static QString typeName() { return QStringLiteral("flow.commit"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Commit"); }

    QJsonObject toJson() const override { return {}; }
    bool operator==(const CommitConfig &) const { return true; }
};

const KindInfo &commitKind();
