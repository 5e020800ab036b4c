#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.ignore: ends an error route; the failed bundle is dropped and the others go on
/// (docs/scenario-file.md). Its config is {}.
struct IgnoreConfig : KindConfigBase<IgnoreConfig>
{
    static QString typeName() { return QStringLiteral("flow.ignore"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Ignore"); }

    QJsonObject toJson() const override { return {}; }
    bool operator==(const IgnoreConfig &) const { return true; }
};

const KindInfo &ignoreKind();
