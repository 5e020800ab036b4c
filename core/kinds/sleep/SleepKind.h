#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.sleep: waits, then passes on the bundle it received (docs/scenario-file.md).
struct SleepConfig : KindConfigBase<SleepConfig>
{
    static QString typeName() { return QStringLiteral("flow.sleep"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Sleep"); }
    static constexpr int maxSeconds = 300;

    QString seconds = QStringLiteral("1"); ///< a field: 1 to 300 seconds

    QJsonObject toJson() const override;
    bool operator==(const SleepConfig &other) const { return seconds == other.seconds; }
};

const KindInfo &sleepKind();
