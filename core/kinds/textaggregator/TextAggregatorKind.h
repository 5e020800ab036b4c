#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.textAggregator: joins one text per bundle of one operation of its source
/// (docs/scenario-file.md).
struct TextAggregatorConfig : KindConfigBase<TextAggregatorConfig>
{
    static QString typeName() { return QStringLiteral("flow.textAggregator"); }
    static QString displayName()
    {
        return QCoreApplication::translate("KindRegistry", "Text aggregator");
    }
    ModuleId source = 0; ///< the module whose operation's bundles it collects
    QString text; ///< a field, mapped from each bundle
    QString rowSeparator = QStringLiteral("\n"); ///< put between the texts

    QJsonObject toJson() const override;
    ModuleId aggregationSource() const override { return source; }
    bool operator==(const TextAggregatorConfig &other) const
    {
        return source == other.source && text == other.text && rowSeparator == other.rowSeparator;
    }
};

const KindInfo &textAggregatorKind();
