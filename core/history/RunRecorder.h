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

/// `run` with the bundles its run left incomplete (Break gave up on them): each one's
/// module, bundle, error and context (the outputs of the modules before it), masked as
/// addOperations() masks. Call it after the caller set the scenario, end time and inputs.
void addIncomplete(HistoryRun *run, const RunResult &results);
/// The order a finished run's modules are listed in, as the report lists them: `runOrder`
/// (Scenario::runOrder()) for a straight chain; after a run of flows, the order modules first
/// ran, then those that never ran, by number.
QList<ModuleId> reportOrder(
    const QList<ModuleId> &runOrder, const QList<Module> &modules, const RunResult &results);

/// What the history needs to know of a finished run besides its results. Plain values, so
/// that a copy can be turned into a HistoryRun on a worker thread.
struct FinishedRun
{
    QString scenarioPath; ///< the key: RunHistory::scenarioKey() of the file
    QString scenarioName;
    QString contentHash;
    QDateTime startedAt;
    QDateTime endedAt;
    RunTrigger trigger = RunTrigger::Headless;
    QJsonObject inputs; ///< the scenario inputs of the run
    QList<Module> modules;
    QList<ModuleId> runOrder; ///< Scenario::runOrder()
    RunResult results;
    FlowStatus status = FlowStatus::Success;
};

/// The one way a finished run becomes what the history records (scenarist-run and the app):
/// its scenario, times, trigger and inputs, then addOperations() and addIncomplete().
HistoryRun toHistoryRun(const FinishedRun &finished);

/// `text` cut at MaxTextBytes with a sentence saying how large it was; unchanged when shorter.
QString cut(const QString &text);

} // namespace RunRecorder
