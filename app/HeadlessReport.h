#pragma once

#include "model/Module.h"
#include "run/RunResult.h"

#include <QJsonObject>
#include <QList>
#include <QString>

class QTextStream;

/// What `scenarist-run` prints about a finished run: readable text, or the JSON document of
/// SPEC §9.
namespace HeadlessReport {

QJsonObject toJson(const QString &scenarioName, const QList<Module> &modules,
                   const QList<ModuleId> &order, const RunResult &results);
QString toText(const QString &scenarioName, const QList<Module> &modules,
               const QList<ModuleId> &order, const RunResult &results);
/// The same text, written piece by piece (a large body is never copied whole).
void writeText(QTextStream &out, const QString &scenarioName, const QList<Module> &modules,
               const QList<ModuleId> &order, const RunResult &results);

} // namespace HeadlessReport
