#pragma once

#include "core/model/Module.h"
#include "core/run/RunResult.h"

#include <QJsonObject>
#include <QList>
#include <QString>

class QTextStream;

/// What `scenarist-run` prints about a finished run: readable text, or the JSON document of
/// the README's "Run a scenario headless".
namespace HeadlessReport {

/// The JSON report (README, "Run a scenario headless"). A large body (LargeBody) is read whole into
/// it; toJsonText() avoids that.
QJsonObject toJson(const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results);
/// The same document written out (indented), with large bodies copied in as their bytes;
/// with the scenario inputs the run had under "inputs" when there are any.
QByteArray toJsonText(const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results, const QJsonObject &inputs = {});
QString toText(const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results);
/// The same text, written piece by piece (a large body is never copied whole).
void writeText(QTextStream &out, const QString &scenarioName, const QList<Module> &modules,
    const QList<ModuleId> &order, const RunResult &results);

} // namespace HeadlessReport
