#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

struct KindInfo;

/// flow.iterator: one bundle per item of a list (docs/scenario-file.md).
struct IteratorConfig : KindConfigBase<IteratorConfig>
{
    static QString typeName() { return QStringLiteral("flow.iterator"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Iterator"); }
    QString array; ///< a field, e.g. "{{2.data.items}}"

    QJsonObject toJson() const override;
    bool operator==(const IteratorConfig &other) const { return array == other.array; }
};

/// The fields an iterator adds to each item's bundle, as Make names them, with their names
/// in plain words for the mapping panel (docs/flow-control.md).
struct IteratorField
{
    QString key; ///< in the bundle and in mappings, e.g. "__IMTINDEX__"
    const char *words; ///< e.g. "Bundle order position" (translated by the panel)
};
/// The item's 1-based position, then the number of items.
const QList<IteratorField> &iteratorFields();

const KindInfo &iteratorKind();
