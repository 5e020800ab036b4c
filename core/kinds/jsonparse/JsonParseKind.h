#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// json.parse: text to data; a top-level list gives one bundle per element
/// (docs/scenario-file.md).
struct JsonParseConfig : KindConfigBase<JsonParseConfig>
{
    static QString typeName() { return QStringLiteral("json.parse"); }
    static QString displayName()
    {
        return QCoreApplication::translate("KindRegistry", "Parse JSON");
    }
    QString json; ///< a field holding the JSON text, e.g. "{{2.data}}"

    QJsonObject toJson() const override;
    bool operator==(const JsonParseConfig &other) const { return json == other.json; }
};

const KindInfo &jsonParseKind();
