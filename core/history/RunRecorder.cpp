#include "core/history/RunRecorder.h"

#include "core/run/SecretFields.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace RunRecorder {

namespace {

/// A field that names a kind of token ("token_type": "Bearer") or says when one expires
/// holds no secret.
bool holdsSecret(const QString &key)
{
    return SecretFields::looksSecret(key) && !key.endsWith(QLatin1String("_type"))
        && !key.contains(QLatin1String("expires"));
}

/// Values under secret-looking keys (a received access_token, refresh_token, id_token,
/// client_secret) become ********, and are added to `found` so that they are masked
/// wherever else they appear.
QJsonValue maskSecretFields(const QJsonValue &value, QStringList *found)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (holdsSecret(it.key()) && it->isString()) {
                const QString secret = it->toString();
                if (secret.size() >= 3 && secret != QLatin1String("********")) {
                    if (!found->contains(secret))
                        found->append(secret);
                    *it = QStringLiteral("********");
                }
            } else if (it->isObject() || it->isArray()) {
                *it = maskSecretFields(*it, found);
            }
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto it = array.begin(); it != array.end(); ++it) {
            if ((*it).isObject() || (*it).isArray())
                *it = maskSecretFields(*it, found);
        }
        return array;
    }
    return value;
}

QString jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isUndefined() || value.isNull())
        return {};
    return QString::fromUtf8(QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

/// An operation before masking: its JSON values, kept until every secret is known.
struct Pending
{
    HistoryOperation row;
    QJsonValue input;
    QJsonValue output;
    QString largeOutput; ///< the start of a large body (LargeBody), already cut to size
    qsizetype largeSize = 0;
};

QString errorText(const ModuleError &error)
{
    return error.message;
}

/// Every value masked anywhere in a run is masked everywhere in it: a secret one module sent
/// may come back in another one's response.
ModuleRun maskerOf(const RunResult &results)
{
    ModuleRun masker;
    for (ModuleId id : results.moduleIds()) {
        for (const QString &secret : results.run(id).secretValues) {
            if (!masker.secretValues.contains(secret))
                masker.secretValues.append(secret);
        }
    }
    return masker;
}

} // namespace

QString cut(const QString &text)
{
    if (text.size() * 3 <= MaxTextBytes)
        return text; // even at three bytes a character it fits
    const QByteArray bytes = text.toUtf8();
    if (bytes.size() <= MaxTextBytes)
        return text;
    return QString::fromUtf8(bytes.left(MaxTextBytes))
        + QStringLiteral("\n[cut here: the whole was %1 bytes; the history keeps the first "
                         "1 MB]")
              .arg(bytes.size());
}

QList<ModuleId> reportOrder(
    const QList<ModuleId> &runOrder, const QList<Module> &modules, const RunResult &results)
{
    const FlowRecord *flow = results.flowRecord();
    if (!flow)
        return runOrder;
    QList<ModuleId> order = flow->order;
    const QSet<ModuleId> ran(order.cbegin(), order.cend());
    QList<ModuleId> rest;
    for (const Module &module : modules) {
        if (!ran.contains(module.id))
            rest.append(module.id);
    }
    std::sort(rest.begin(), rest.end());
    return order + rest;
}

HistoryRun toHistoryRun(const FinishedRun &finished)
{
    HistoryRun record;
    record.scenarioPath = finished.scenarioPath;
    record.scenarioName = finished.scenarioName;
    record.contentHash = finished.contentHash;
    record.startedAt = finished.startedAt;
    record.endedAt = finished.endedAt;
    record.trigger = finished.trigger;
    record.inputs = finished.inputs;
    addOperations(&record, finished.modules,
        reportOrder(finished.runOrder, finished.modules, finished.results), finished.results,
        finished.status);
    addIncomplete(&record, finished.results);
    return record;
}

void addOperations(HistoryRun *run, const QList<Module> &modules, const QList<ModuleId> &order,
    const RunResult &results, FlowStatus status)
{
    QHash<ModuleId, const Module *> byId;
    for (const Module &module : modules)
        byId.insert(module.id, &module);
    ModuleRun masker = maskerOf(results);

    QList<Pending> pending;
    const auto start = [&](ModuleId id) {
        Pending item;
        const Module *module = byId.value(id);
        item.row.moduleId = id;
        item.row.moduleType = module ? module->type : QString();
        item.row.moduleName = module ? module->displayName() : QString();
        return item;
    };
    if (const FlowRecord *flow = results.flowRecord()) {
        QList<ModuleId> ids = order;
        for (auto it = flow->modules.cbegin(); it != flow->modules.cend(); ++it) {
            if (!ids.contains(it.key()))
                ids.append(it.key());
        }
        for (ModuleId id : std::as_const(ids)) {
            const ModuleFlowRecord record = flow->modules.value(id);
            for (const OperationRecord &operation : record.operations) {
                Pending item = start(id);
                item.row.bundle = operation.bundle;
                item.row.status
                    = operation.failed ? QStringLiteral("failed") : QStringLiteral("succeeded");
                item.input = operation.input;
                if (operation.outputs.size() == 1) {
                    item.output = operation.outputs.first();
                } else if (!operation.outputs.isEmpty()) {
                    QJsonArray outputs;
                    for (const QJsonValue &output : operation.outputs)
                        outputs.append(output);
                    item.output = outputs;
                }
                if (operation.error)
                    item.row.error = errorText(*operation.error);
                item.row.durationMs = operation.durationMs;
                item.row.attempts = std::max(1, int(operation.attempts.size()));
                pending.append(item);
            }
            for (const DroppedRecord &drop : record.dropped) {
                Pending item = start(id);
                item.row.bundle = drop.bundle;
                item.row.status = QStringLiteral("filtered");
                item.row.error = drop.reason;
                pending.append(item);
            }
        }
    } else {
        for (ModuleId id : order) {
            const ModuleRun moduleRun = results.run(id);
            if (moduleRun.status != ModuleRunStatus::Succeeded
                && moduleRun.status != ModuleRunStatus::Failed)
                continue;
            Pending item = start(id);
            item.row.status = statusKey(moduleRun.status);
            item.row.error = moduleRun.error;
            item.row.durationMs = moduleRun.durationMs;
            item.row.attempts = std::max(1, int(moduleRun.attempts.size()));
            if (!moduleRun.exchange.sent.method.isEmpty())
                item.input = moduleRun.inputBundle();
            if (moduleRun.exchange.gotResponse) {
                QJsonObject output = moduleRun.exchange.outputBundle();
                if (const LargeBodyPtr &large = moduleRun.exchange.largeData) {
                    // Never read whole: its start is all the history keeps.
                    item.largeSize = large->bytes().size();
                    item.largeOutput = QString::fromUtf8(large->bytes().left(MaxTextBytes));
                    output.remove(QStringLiteral("data"));
                }
                item.output = output;
            } else if (!moduleRun.output.isEmpty()) {
                item.output = moduleRun.output;
            }
            pending.append(item);
        }
    }

    // First every secret-looking field (a token a server sent back), then every known value.
    for (Pending &item : pending) {
        item.input = maskSecretFields(item.input, &masker.secretValues);
        item.output = maskSecretFields(item.output, &masker.secretValues);
    }
    run->operations.reserve(run->operations.size() + pending.size());
    for (Pending &item : pending) {
        HistoryOperation row = item.row;
        row.input = cut(masker.masked(jsonText(item.input)));
        QString output = jsonText(item.output);
        if (item.largeSize > 0) {
            output += QStringLiteral("\n[the body: %1 bytes; the history keeps its first 1 MB]\n")
                          .arg(item.largeSize)
                + item.largeOutput;
        }
        row.output = cut(masker.masked(output));
        row.error = masker.masked(row.error);
        if (row.status != QLatin1String("filtered"))
            ++run->operationCount;
        run->operations.append(row);
    }
    run->status = status == FlowStatus::Success ? HistoryStatus::Success
        : status == FlowStatus::Warning         ? HistoryStatus::Warning
                                                : HistoryStatus::Error;
}

void addIncomplete(HistoryRun *run, const RunResult &results)
{
    const FlowRecord *flow = results.flowRecord();
    if (!flow || flow->incomplete.isEmpty())
        return;
    ModuleRun masker = maskerOf(results);
    // The tokens the run received are found where they came, in the operations, so that they
    // are masked in a context even where they sit under a key that names no secret.
    for (auto it = flow->modules.cbegin(); it != flow->modules.cend(); ++it) {
        for (const OperationRecord &operation : it->operations) {
            maskSecretFields(operation.input, &masker.secretValues);
            for (const QJsonValue &output : operation.outputs)
                maskSecretFields(output, &masker.secretValues);
        }
    }
    QList<QJsonValue> contexts;
    contexts.reserve(flow->incomplete.size());
    for (const IncompleteRecord &bundle : flow->incomplete) {
        QJsonObject context;
        for (auto it = bundle.outputs.cbegin(); it != bundle.outputs.cend(); ++it)
            context.insert(QString::number(it.key()), it.value());
        contexts.append(maskSecretFields(context, &masker.secretValues));
    }
    run->incomplete.reserve(run->incomplete.size() + flow->incomplete.size());
    for (qsizetype i = 0; i < flow->incomplete.size(); ++i) {
        const IncompleteRecord &bundle = flow->incomplete.at(i);
        HistoryIncomplete row;
        row.scenarioPath = run->scenarioPath;
        row.moduleId = bundle.module;
        row.bundle = bundle.bundle;
        row.error = masker.masked(bundle.error);
        row.context = cut(masker.masked(jsonText(contexts.at(i))));
        row.inputs = run->inputs;
        row.createdAt = run->endedAt;
        run->incomplete.append(row);
    }
}

} // namespace RunRecorder
