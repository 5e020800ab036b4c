#pragma once

#include "core/kinds/KindConfigBase.h"

struct KindInfo;

/// flow.iterator: one bundle per item of a list (docs/scenario-file.md).
struct IteratorConfig : KindConfigBase<IteratorConfig>
{
    static QString typeName() { return QStringLiteral("flow.iterator"); }
    static QString displayName() { return QStringLiteral("Iterator"); }
    QString array; ///< a field, e.g. "{{2.data.items}}"

    QJsonObject toJson() const override;
    bool operator==(const IteratorConfig &other) const { return array == other.array; }
};

const KindInfo &iteratorKind();
