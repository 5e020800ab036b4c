#include "core/history/PastRun.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace PastRun {

QJsonValue valueFromText(const QString &text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    // Inside an array, a scalar ("abc", 12) parses as well as an object does.
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return text;
    return document.array().first();
}

RunResult toRunResult(const QList<HistoryOperation> &operations, HistoryStatus status)
{
    RunResult results;
    FlowRecord flow;
    for (const HistoryOperation &row : operations) {
        const ModuleId id = row.moduleId;
        if (!flow.order.contains(id))
            flow.order.append(id);
        ModuleFlowRecord &record = flow.modules[id];
        if (row.status == QLatin1String("filtered")) {
            record.dropped.append(DroppedRecord {row.bundle, row.error});
            if (!results.contains(id))
                results.markSkipped(id);
            continue;
        }
        OperationRecord operation;
        operation.bundle = row.bundle;
        operation.failed = row.status == QLatin1String("failed");
        operation.input = valueFromText(row.input);
        const QJsonValue output = valueFromText(row.output);
        if (!output.isUndefined())
            operation.outputs.append(output);
        if (operation.failed)
            operation.error = ModuleError {ModuleErrorType::RuntimeError, row.error};
        operation.durationMs = row.durationMs;
        record.operations.append(operation);

        ModuleRun &run = results[id];
        run.moduleId = id;
        if (run.status != ModuleRunStatus::Failed)
            run.status = operation.failed ? ModuleRunStatus::Failed : ModuleRunStatus::Succeeded;
        if (operation.failed)
            run.error = row.error;
        else if (output.isObject())
            run.output = output.toObject();
        run.durationMs += row.durationMs;
        ++run.operations;
    }
    flow.status = status == HistoryStatus::Success ? FlowStatus::Success
        : status == HistoryStatus::Warning         ? FlowStatus::Warning
                                                   : FlowStatus::Error;
    results.setFlowRecord(flow);
    return results;
}

} // namespace PastRun
