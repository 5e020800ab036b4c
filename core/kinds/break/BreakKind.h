#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.break: ends an error route; the failed module is tried again `count` times,
/// `intervalSeconds` apart (longer when Retry-After asks), then the bundle is kept as
/// incomplete (docs/scenario-file.md).
struct BreakConfig : KindConfigBase<BreakConfig>
{
    static QString typeName() { return QStringLiteral("flow.break"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Break"); }
    static constexpr int maxCount = 10000;
    /// 31 days, the longest interval Make offers (44,640 minutes).
    static constexpr int maxIntervalSeconds = 44640 * 60;

    int count = 3;
    int intervalSeconds = 60;

    QJsonObject toJson() const override;
    Retries retries() const override { return {count, intervalSeconds}; }
    bool operator==(const BreakConfig &other) const
    {
        return count == other.count && intervalSeconds == other.intervalSeconds;
    }
};

const KindInfo &breakKind();
