#include "core/history/IncompleteRetry.h"

#include "core/io/ScenarioDocument.h"
#include "core/io/ScenarioFile.h"
#include "core/mapping/FieldTemplate.h"
#include "core/model/FlowGraph.h"
#include "core/model/Scenario.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace IncompleteRetry {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("IncompleteRetry", text);
}

/// What the history writes in place of a secret (ModuleRun::masked, RunRecorder).
bool holdsMask(const QJsonValue &value)
{
    static const QString mask = QStringLiteral("********");
    if (value.isString())
        return value.toString().contains(mask);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (holdsMask(it.value()))
                return true;
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (holdsMask(item))
                return true;
        }
    }
    return false;
}

/// The value at `path` in `output`, as far as the path can be followed: a mapping that goes
/// further than the stored value reaches (a function, items of a list) may read any of it.
QJsonValue follow(const QJsonValue &output, const QStringList &path)
{
    QJsonValue value = output;
    for (const QString &step : path) {
        if (value.isObject() && value.toObject().contains(step)) {
            value = value.toObject().value(step);
            continue;
        }
        bool number = false;
        const int index = step.toInt(&number); // Make counts items from 1
        if (value.isArray() && number && index >= 1 && index <= value.toArray().size()) {
            value = value.toArray().at(index - 1);
            continue;
        }
        break;
    }
    return value;
}

/// Every text of a module's settings, as the scenario file writes them.
void collectTexts(const QJsonValue &value, QStringList *texts)
{
    if (value.isString()) {
        texts->append(value.toString());
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectTexts(it.value(), texts);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            collectTexts(item, texts);
    }
}

} // namespace

std::optional<IncompleteRecord> prepare(
    const HistoryIncomplete &stored, const Scenario &scenario, QString *why)
{
    const auto refuse = [why](const QString &text) {
        if (why)
            *why = text;
        return std::nullopt;
    };
    if (!scenario.contains(stored.moduleId))
        return refuse(tr("Module %1 is no longer in the scenario: run the whole scenario "
                         "again instead.")
                          .arg(stored.moduleId));
    IncompleteRecord record;
    record.module = stored.moduleId;
    record.bundle = stored.bundle;
    record.error = stored.error;
    QJsonParseError parseError;
    const QJsonDocument context = QJsonDocument::fromJson(stored.context.toUtf8(), &parseError);
    if (!stored.context.isEmpty() && !context.isObject())
        return refuse(tr("The history kept this bundle's data cut or damaged, so it cannot be "
                         "retried. Run the scenario again instead."));
    const QJsonObject outputs = context.object();
    for (auto it = outputs.begin(); it != outputs.end(); ++it) {
        bool number = false;
        const int id = it.key().toInt(&number);
        if (number)
            record.outputs.insert(id, it.value());
    }

    // The modules this retry runs: the one that failed and every one after it.
    const FlowGraph graph(scenario.modules(), scenario.links());
    QSet<int> runs {stored.moduleId};
    for (const Module &module : scenario.modules()) {
        if (graph.isUpstream(stored.moduleId, module.id))
            runs.insert(module.id);
    }
    const QJsonArray modules = ScenarioFile::toJson(ScenarioDocument::fromScenario(scenario))
                                   .value(QStringLiteral("modules"))
                                   .toArray();
    for (const QJsonValue &module : modules) {
        if (!runs.contains(module.toObject().value(QStringLiteral("id")).toInt()))
            continue;
        QStringList texts;
        collectTexts(module, &texts);
        for (const QString &text : std::as_const(texts)) {
            if (!text.contains(QLatin1String("{{")))
                continue;
            for (const ModuleReference &reference : FieldTemplate::parse(text).references()) {
                const auto output = record.outputs.constFind(reference.moduleId);
                if (output != record.outputs.cend() && holdsMask(follow(*output, reference.path)))
                    return refuse(tr("This bundle used a value the history does not keep (a "
                                     "token or a secret, from module %1). Run the scenario "
                                     "again instead.")
                                      .arg(reference.moduleId));
            }
        }
    }
    return record;
}

QJsonObject variables(const HistoryIncomplete &stored)
{
    return QJsonObject {{QStringLiteral("input"), stored.inputs}};
}

QString finish(
    RunHistory &history, const HistoryIncomplete &stored, HistoryRun retry, QString *error)
{
    QString left;
    if (retry.status != HistoryStatus::Success) {
        if (!retry.incomplete.isEmpty())
            left = retry.incomplete.first().error;
        for (const HistoryOperation &operation : std::as_const(retry.operations)) {
            if (!left.isEmpty())
                break;
            if (operation.status == QLatin1String("failed"))
                left = operation.error;
        }
        if (left.isEmpty())
            left = tr("The retry did not finish.");
    }
    retry.incomplete.clear();
    retry.inputs = stored.inputs;
    QString recordError;
    if (history.record(retry, &recordError) < 0 && error)
        *error = recordError;
    const bool kept = left.isEmpty()
        ? history.setIncompleteState(stored.id, HistoryIncomplete::State::Retried, &recordError)
        : history.setIncompleteError(stored.id, left, &recordError);
    if (!kept && error)
        *error = recordError;
    return left;
}

} // namespace IncompleteRetry
