#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>
#include <QJsonValue>

struct KindInfo;

/// json.create: data to text, {json} (docs/scenario-file.md).
struct JsonCreateConfig : KindConfigBase<JsonCreateConfig>
{
    static QString typeName() { return QStringLiteral("json.create"); }
    static QString displayName()
    {
        return QCoreApplication::translate("KindRegistry", "Create JSON");
    }
    /// Any JSON; each string in it is a field.
    QJsonValue value = QJsonObject {};

    QJsonObject toJson() const override;
    bool operator==(const JsonCreateConfig &other) const { return value == other.value; }
};

const KindInfo &jsonCreateKind();
