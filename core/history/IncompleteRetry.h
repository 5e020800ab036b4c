#pragma once

#include "core/flow/BundleScheduler.h"
#include "core/history/RunHistory.h"

#include <QJsonObject>
#include <QString>

#include <optional>

class Scenario;

/// Retrying an incomplete execution kept in the run history (docs/run-history.md): the stored
/// bundle becomes an IncompleteRecord for ScenarioRunner::retryIncomplete, and the retry's
/// outcome goes back into the history. The history keeps no secret, so a bundle whose
/// mappings would read a value it masked is refused rather than sent with ********.
namespace IncompleteRetry {

/// The bundle `stored` as the runner retries it, on `scenario` as it is now: its module, its
/// bundle number and the outputs of the modules before it. Nothing, with plain words in
/// `why`, when the module is gone, the context cannot be read, or the failed module (or one
/// after it) maps a value the history masked (a token or a secret).
std::optional<IncompleteRecord> prepare(
    const HistoryIncomplete &stored, const Scenario &scenario, QString *why);

/// The named root `var` the bundle's run had: {"input": its scenario inputs}
/// ({{var.input.NAME}}).
QJsonObject variables(const HistoryIncomplete &stored);

/// Keeps the outcome of retrying `stored`: `retry` is the retry as a run of its own (filled
/// by RunRecorder::addOperations and addIncomplete), recorded without incomplete bundles of
/// its own, since `stored` is the one that stays open when it failed again, with the new
/// error. `stored` becomes Retried when the retry succeeded. Returns the error left (empty
/// when it succeeded); `error` says when the history could not be written.
QString finish(
    RunHistory &history, const HistoryIncomplete &stored, HistoryRun retry, QString *error);

} // namespace IncompleteRetry
