#pragma once

#include "core/kinds/KindConfigBase.h"
#include "core/model/HttpRequestSpec.h"

#include <QCoreApplication>

struct KindInfo;

/// flow.resume: ends an error route; the failed module's output becomes `output`, mapped,
/// and the bundle goes on (docs/scenario-file.md).
struct ResumeConfig : KindConfigBase<ResumeConfig>
{
    static QString typeName() { return QStringLiteral("flow.resume"); }
    static QString displayName() { return QCoreApplication::translate("KindRegistry", "Resume"); }
    QList<NameValue> output; ///< the substitute output's fields

    QJsonObject toJson() const override;
    bool operator==(const ResumeConfig &other) const { return output == other.output; }
};

const KindInfo &resumeKind();
