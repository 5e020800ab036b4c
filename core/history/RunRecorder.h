#pragma once

#include "core/history/RunHistory.h"
#include "core/model/Module.h"
#include "core/run/RunResult.h"

#include <QList>

/// Turns a finished run (RunResult) into what the history keeps (docs/run-history.md): each
/// operation's input, output and error as JSON text, with every secret masked as the JSON
/// report masks it (ModuleRun::inputBundle and ModuleRun::masked), tokens a server sent back
/// masked too, and texts above MaxTextBytes cut, saying so.
namespace RunRecorder {

/// Texts above this size (1 MB) are kept cut.
constexpr qsizetype MaxTextBytes = 1024 * 1024;

/// `run` with its operations filled from `results`; the caller sets the scenario, times and
/// trigger. `order` is the order modules ran in (as the report lists them).
void addOperations(HistoryRun *run, const QList<Module> &modules, const QList<ModuleId> &order,
    const RunResult &results, FlowStatus status);

/// `text` cut at MaxTextBytes with a sentence saying how large it was; unchanged when shorter.
QString cut(const QString &text);

} // namespace RunRecorder
