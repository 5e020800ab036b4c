#include "HeadlessReport.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace HeadlessReport {

namespace {

/// Modules by id, built once per report: looking each one up in the list would make a
/// report of 100,000 modules take minutes.
QHash<ModuleId, const Module *> indexById(const QList<Module> &modules)
{
    QHash<ModuleId, const Module *> index;
    index.reserve(modules.size());
    for (const Module &m : modules)
        index.insert(m.id, &m);
    return index;
}

// Writes `text` line by line, each line indented and ended: a body of 100 MB goes out in
// pieces instead of being copied into a list of lines and then into one more string.
template <typename View> void writeIndented(QTextStream &out, View text, int spaces)
{
    const QString pad(spaces, QLatin1Char(' '));
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = text.indexOf(QLatin1Char('\n'), start);
        out << pad << text.mid(start, end < 0 ? -1 : end - start) << '\n';
        if (end < 0)
            break;
        start = end + 1;
    }
}

bool isAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (uchar(c) >= 0x80)
            return false;
    }
    return true;
}

QString dataText(const QJsonValue &data)
{
    if (data.isObject())
        return QString::fromUtf8(QJsonDocument(data.toObject()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (data.isArray())
        return QString::fromUtf8(QJsonDocument(data.toArray()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (data.isString())
        return data.toString();
    return QString::fromUtf8(QJsonDocument(QJsonArray {data}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

} // namespace

namespace {

/// Each try, with the HTTP status it got for a request.
QJsonArray attemptsJson(const QList<AttemptRecord> &tries, bool request)
{
    QJsonArray attempts;
    for (const AttemptRecord &attempt : tries) {
        QJsonObject tried {
            {QStringLiteral("atMs"), attempt.atMs}, {QStringLiteral("result"), attempt.result}};
        if (request)
            tried.insert(QStringLiteral("statusCode"), attempt.statusCode);
        attempts.append(tried);
    }
    return attempts;
}

/// A module of a run of flows: each operation (docs/flow-control.md) and each bundle a filter
/// stopped before it. Each try of a request says the HTTP status it got (0: no answer).
void addOperations(QJsonObject *entry, const ModuleFlowRecord &record, bool request)
{
    QJsonArray operations;
    for (const OperationRecord &operation : record.operations) {
        QJsonObject item {
            {QStringLiteral("bundle"), operation.bundle},
            {QStringLiteral("status"),
                operation.failed ? QStringLiteral("failed") : QStringLiteral("succeeded")},
            {QStringLiteral("input"), operation.input},
            {QStringLiteral("durationMs"), operation.durationMs},
        };
        if (operation.outputs.size() == 1) {
            item.insert(QStringLiteral("output"), operation.outputs.first());
        } else {
            QJsonArray outputs;
            for (const QJsonValue &output : operation.outputs)
                outputs.append(output);
            item.insert(QStringLiteral("outputs"), outputs);
        }
        if (operation.error)
            item.insert(QStringLiteral("error"), operation.error->toJson());
        if (!operation.handledBy.isEmpty())
            item.insert(QStringLiteral("handledBy"), operation.handledBy);
        if (operation.attempts.size() > 1)
            item.insert(QStringLiteral("attempts"), attemptsJson(operation.attempts, request));
        operations.append(item);
    }
    QJsonArray dropped;
    for (const DroppedRecord &drop : record.dropped) {
        dropped.append(QJsonObject {
            {QStringLiteral("bundle"), drop.bundle}, {QStringLiteral("reason"), drop.reason}});
    }
    entry->insert(QStringLiteral("operations"), operations);
    entry->insert(QStringLiteral("dropped"), dropped);
}

/// toJson(), with a marker in place of each large body when `markers` is given.
QJsonObject buildJson(const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results,
    QList<QPair<QString, LargeBodyPtr>> *markers)
{
    const QHash<ModuleId, const Module *> byId = indexById(modules);
    QJsonArray list;
    bool ok = true;
    for (ModuleId id : order) {
        const Module *module = byId.value(id);
        const ModuleRun run = results.run(id);
        QJsonObject entry {
            {QStringLiteral("id"), id},
            {QStringLiteral("label"), module ? module->displayName() : QString()},
            {QStringLiteral("type"), module ? module->type : QString()},
            {QStringLiteral("status"), statusKey(run.status)},
        };
        if (run.status != ModuleRunStatus::Succeeded)
            ok = false;
        if (run.status == ModuleRunStatus::Succeeded || run.status == ModuleRunStatus::Failed) {
            if (run.status == ModuleRunStatus::Failed)
                entry.insert(QStringLiteral("error"), run.error);
            entry.insert(QStringLiteral("input"),
                run.exchange.sent.method.isEmpty() ? QJsonObject {} : run.inputBundle());
            QJsonObject output;
            if (run.exchange.gotResponse) {
                const QJsonObject bundle = run.exchange.outputBundle();
                output.insert(
                    QStringLiteral("statusCode"), bundle.value(QStringLiteral("statusCode")));
                output.insert(QStringLiteral("headers"), bundle.value(QStringLiteral("headers")));
                output.insert(QStringLiteral("cookies"), bundle.value(QStringLiteral("cookies")));
                if (run.exchange.largeData && markers) {
                    const QString marker = LargeBody::marker(int(markers->size()) + 1);
                    markers->append({marker, run.exchange.largeData});
                    output.insert(QStringLiteral("data"), marker);
                } else {
                    output.insert(QStringLiteral("data"),
                        run.exchange.largeData ? run.exchange.largeData->value()
                                               : bundle.value(QStringLiteral("data")));
                }
            } else if (!run.output.isEmpty()) {
                output = run.output; // a module of another kind: the bundle it gave
            }
            entry.insert(QStringLiteral("output"), output);
            entry.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(run.warnings));
            entry.insert(QStringLiteral("durationMs"), run.durationMs);
            // A straight chain has no operations list: a request that retried says its tries
            // here.
            if (run.attempts.size() > 1 && !results.flowRecord())
                entry.insert(QStringLiteral("attempts"), attemptsJson(run.attempts, true));
        }
        if (const FlowRecord *flow = results.flowRecord())
            addOperations(&entry, flow->modules.value(id),
                module && module->type == Module::httpRequestType());
        list.append(entry);
    }
    // Where each secret went: the person running a file from elsewhere can check it.
    QJsonArray secrets;
    const QMap<QString, QStringList> &sentTo = results.secretsSentTo();
    for (auto it = sentTo.constBegin(); it != sentTo.constEnd(); ++it) {
        secrets.append(QJsonObject {{QStringLiteral("name"), it.key()},
            {QStringLiteral("sentTo"), QJsonArray::fromStringList(it.value())}});
    }
    // A run of flows ends as its error routes decide (docs/flow-control.md): a failure that
    // Ignore, Resume or Commit dealt with leaves it a success.
    QString status = ok ? QStringLiteral("success") : QStringLiteral("error");
    QJsonArray incomplete;
    if (const FlowRecord *flow = results.flowRecord()) {
        ok = flow->status == FlowStatus::Success;
        status = flow->status == FlowStatus::Success ? QStringLiteral("success")
            : flow->status == FlowStatus::Warning    ? QStringLiteral("warning")
                                                     : QStringLiteral("error");
        for (const IncompleteRecord &left : flow->incomplete) {
            incomplete.append(QJsonObject {{QStringLiteral("module"), left.module},
                {QStringLiteral("bundle"), left.bundle}, {QStringLiteral("error"), left.error}});
        }
    }
    return QJsonObject {{QStringLiteral("scenario"), scenarioName}, {QStringLiteral("ok"), ok},
        {QStringLiteral("status"), status}, {QStringLiteral("incomplete"), incomplete},
        {QStringLiteral("modules"), list}, {QStringLiteral("secrets"), secrets}};
}

} // namespace

QJsonObject toJson(const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results)
{
    return buildJson(scenarioName, modules, order, results, nullptr);
}

QByteArray toJsonText(const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results, const QJsonObject &inputs)
{
    QList<QPair<QString, LargeBodyPtr>> markers;
    QJsonObject report = buildJson(scenarioName, modules, order, results, &markers);
    if (!inputs.isEmpty())
        report.insert(QStringLiteral("inputs"), inputs);
    QByteArray text = QJsonDocument(report).toJson(QJsonDocument::Indented);
    for (const auto &[marker, body] : markers)
        text = body->splice(text, marker);
    return text;
}

QString toText(const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results)
{
    QString text;
    QTextStream out(&text);
    writeText(out, scenarioName, modules, order, results);
    out.flush();
    return text;
}

void writeText(QTextStream &stream, const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results)
{
    // Every line ends with a newline as it is written.
    struct Lines
    {
        QTextStream &stream;
        Lines &operator<<(const QString &line)
        {
            stream << line << '\n';
            return *this;
        }
    } out {stream};
    out << QCoreApplication::translate("HeadlessReport", "Scenario \u201c%1\u201d")
               .arg(scenarioName);
    int succeeded = 0;
    int failed = 0;
    int skipped = 0;
    const QHash<ModuleId, const Module *> byId = indexById(modules);
    for (ModuleId id : order) {
        const Module *module = byId.value(id);
        const ModuleRun run = results.run(id);
        const QString name = module ? module->displayName() : QString();
        out << QString();
        const FlowRecord *flow = results.flowRecord();
        const ModuleFlowRecord operations = flow ? flow->modules.value(id) : ModuleFlowRecord();
        switch (run.status) {
        case ModuleRunStatus::Succeeded:
            ++succeeded;
            if (operations.operations.size() > 1 || !operations.dropped.isEmpty())
                out << QCoreApplication::translate(
                    "HeadlessReport", "[%1] %2: succeeded, %3 operation(s)%4")
                           .arg(id)
                           .arg(name)
                           .arg(operations.operations.size())
                           .arg(operations.dropped.isEmpty()
                                   ? QString()
                                   : QCoreApplication::translate("HeadlessReport",
                                       "; the filter before it stopped %1 bundle(s)")
                                         .arg(operations.dropped.size()));
            else
                out << QCoreApplication::translate("HeadlessReport", "[%1] %2: succeeded in %3 ms")
                           .arg(id)
                           .arg(name)
                           .arg(run.durationMs);
            break;
        case ModuleRunStatus::Failed:
            ++failed;
            out << QCoreApplication::translate("HeadlessReport", "[%1] %2: FAILED after %3 ms")
                       .arg(id)
                       .arg(name)
                       .arg(run.durationMs);
            out << QCoreApplication::translate("HeadlessReport", "    Error: %1").arg(run.error);
            break;
        default:
            ++skipped;
            if (!operations.dropped.isEmpty())
                out << QCoreApplication::translate("HeadlessReport",
                    "[%1] %2: not run: the filter before it stopped %3 "
                    "bundle(s); the first: %4")
                           .arg(id)
                           .arg(name)
                           .arg(operations.dropped.size())
                           .arg(operations.dropped.first().reason);
            else if (flow && flow->status != FlowStatus::Error)
                out << QCoreApplication::translate(
                    "HeadlessReport", "[%1] %2: not run: no bundle reached it")
                           .arg(id)
                           .arg(name);
            else
                out << QCoreApplication::translate(
                    "HeadlessReport", "[%1] %2: not run, because an earlier module failed")
                           .arg(id)
                           .arg(name);
            continue;
        }
        if (!run.exchange.sent.method.isEmpty()) {
            const QJsonObject input = run.inputBundle();
            out << QCoreApplication::translate("HeadlessReport", "  Input:");
            out << QStringLiteral("    %1 %2")
                       .arg(input.value(QStringLiteral("method")).toString(),
                           input.value(QStringLiteral("url")).toString());
            for (const QJsonValue &h : input.value(QStringLiteral("headers")).toArray()) {
                out << QStringLiteral("    %1: %2")
                           .arg(h[QStringLiteral("name")].toString(),
                               h[QStringLiteral("value")].toString());
            }
            const QString body = input.value(QStringLiteral("body")).toString();
            if (!body.isEmpty())
                writeIndented(stream, QStringView(body), 4);
        }
        if (run.exchange.gotResponse) {
            out << QCoreApplication::translate("HeadlessReport", "  Output:");
            out << QStringLiteral("    statusCode: %1").arg(run.exchange.statusCode);
            out << QStringLiteral("    headers:");
            for (const RawHeader &h : run.exchange.headers) {
                out << QStringLiteral("      %1: %2")
                           .arg(QString::fromUtf8(h.first), QString::fromUtf8(h.second));
            }
            out << QStringLiteral("    data:");
            const QByteArray &received = run.exchange.body;
            if (run.exchange.largeData && run.exchange.dataIsJson) {
                // As received: indenting it would mean reading it all into QJsonValues.
                const QByteArray json = run.exchange.largeData->jsonText();
                if (isAscii(json))
                    writeIndented(stream, QLatin1String(json.constData(), json.size()), 6);
                else
                    writeIndented(stream, QStringView(QString::fromUtf8(json)), 6);
            } else if ((run.exchange.largeData || run.exchange.data.isString())
                && !run.exchange.dataIsJson && isAscii(received)) {
                // The text is the bytes received: write them as they are, without making the
                // UTF-16 copy of a large body that toString() would.
                writeIndented(stream, QLatin1String(received.constData(), received.size()), 6);
            } else {
                writeIndented(stream, QStringView(dataText(run.exchange.dataValue())), 6);
            }
        }
        for (const QString &warning : run.warnings)
            out << QCoreApplication::translate("HeadlessReport", "  Warning: %1").arg(warning);
    }
    out << QString();
    const QMap<QString, QStringList> &sentTo = results.secretsSentTo();
    for (auto it = sentTo.constBegin(); it != sentTo.constEnd(); ++it) {
        out << QCoreApplication::translate("HeadlessReport", "Secret “%1” was sent to %2")
                   .arg(it.key(), it.value().join(QLatin1String(", ")));
    }
    out << QCoreApplication::translate("HeadlessReport", "%1 succeeded, %2 failed, %3 not run")
               .arg(succeeded)
               .arg(failed)
               .arg(skipped);
}

} // namespace HeadlessReport
