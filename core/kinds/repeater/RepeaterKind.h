#pragma once

#include "core/kinds/KindConfigBase.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.repeater: one bundle {i} per step (docs/scenario-file.md). The three values are
/// fields; written as plain numbers they are checked when the file is read.
struct RepeaterConfig : KindConfigBase<RepeaterConfig>
{
    static QString typeName() { return QStringLiteral("flow.repeater"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Repeater"); }
    /// The most steps one operation may make (docs/scenario-file-limits.md).
    static constexpr int maxRepeats = 10000;

    QString start = QStringLiteral("1");
    QString repeats = QStringLiteral("1");
    QString step = QStringLiteral("1");

    QJsonObject toJson() const override;
    bool operator==(const RepeaterConfig &other) const
    {
        return start == other.start && repeats == other.repeats && step == other.step;
    }
};

const KindInfo &repeaterKind();
