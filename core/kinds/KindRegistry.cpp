#include "core/kinds/KindRegistry.h"

#include "core/kinds/arrayaggregator/ArrayAggregatorKind.h"
#include "core/kinds/break/BreakKind.h"
#include "core/kinds/commit/CommitKind.h"
#include "core/kinds/foreign/ForeignKind.h"
#include "core/kinds/getvariables/GetVariablesKind.h"
#include "core/kinds/http/HttpRequestKind.h"
#include "core/kinds/ignore/IgnoreKind.h"
#include "core/kinds/iterator/IteratorKind.h"
#include "core/kinds/jsoncreate/JsonCreateKind.h"
#include "core/kinds/jsonparse/JsonParseKind.h"
#include "core/kinds/repeater/RepeaterKind.h"
#include "core/kinds/resume/ResumeKind.h"
#include "core/kinds/rollback/RollbackKind.h"
#include "core/kinds/router/RouterKind.h"
#include "core/kinds/setvariables/SetVariablesKind.h"
#include "core/kinds/sleep/SleepKind.h"
#include "core/kinds/textaggregator/TextAggregatorKind.h"
#include "core/kinds/throw/ThrowKind.h"

#include <QHash>

namespace KindRegistry {

const QList<KindInfo> &kinds()
{
    static const QList<KindInfo> table {
        httpRequestKind(),
        iteratorKind(),
        arrayAggregatorKind(),
        textAggregatorKind(),
        routerKind(),
        repeaterKind(),
        setVariablesKind(),
        getVariablesKind(),
        sleepKind(),
        jsonParseKind(),
        jsonCreateKind(),
        throwKind(),
        ignoreKind(),
        resumeKind(),
        breakKind(),
        commitKind(),
        rollbackKind(),
        foreignKind(),
    };
    return table;
}

const KindInfo *find(const QString &type)
{
    static const QHash<QString, qsizetype> index = [] {
        QHash<QString, qsizetype> byType;
        for (qsizetype i = 0; i < kinds().size(); ++i)
            byType.insert(kinds().at(i).type, i);
        return byType;
    }();
    const qsizetype at = index.value(type, -1);
    return at < 0 ? nullptr : &kinds().at(at);
}

QStringList typeNames()
{
    QStringList names;
    for (const KindInfo &kind : kinds())
        names.append(kind.type);
    return names;
}

QString displayName(const QString &type)
{
    const KindInfo *kind = find(type);
    return kind ? kind->displayName : type;
}

bool givesOwnOutput(const QString &type)
{
    const KindInfo *kind = find(type);
    return !(kind && (kind->directive != FlowDirective::None || type == RouterConfig::typeName()));
}

} // namespace KindRegistry
