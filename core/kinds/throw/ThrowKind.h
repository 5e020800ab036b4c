#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.throw: fails the bundle on purpose with a message (docs/scenario-file.md).
struct ThrowConfig : KindConfigBase<ThrowConfig>
{
    static QString typeName() { return QStringLiteral("flow.throw"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Throw"); }
    QString message; ///< a field

    QJsonObject toJson() const override;
    bool operator==(const ThrowConfig &other) const { return message == other.message; }
};

const KindInfo &throwKind();
