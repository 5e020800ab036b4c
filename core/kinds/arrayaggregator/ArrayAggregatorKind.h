#pragma once

#include "core/kinds/KindConfigBase.h"
#include "core/model/HttpRequestSpec.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.arrayAggregator: collects the bundles of one operation of its source into a list
/// (docs/scenario-file.md).
struct ArrayAggregatorConfig : KindConfigBase<ArrayAggregatorConfig>
{
    static QString typeName() { return QStringLiteral("flow.arrayAggregator"); }
    static QString displayName()
    {
        return QCoreApplication::translate("KindRegistry", "Array aggregator");
    }
    ModuleId source = 0; ///< the module whose operation's bundles it collects (Make's feeder)
    QList<NameValue> fields; ///< each item's fields, mapped from each bundle
    QString groupBy; ///< a field; empty: one list
    bool stopIfEmpty = false; ///< output nothing when nothing arrived

    QJsonObject toJson() const override;
    ModuleId aggregationSource() const override { return source; }
    bool operator==(const ArrayAggregatorConfig &other) const
    {
        return source == other.source && fields == other.fields && groupBy == other.groupBy
            && stopIfEmpty == other.stopIfEmpty;
    }
};

const KindInfo &arrayAggregatorKind();
