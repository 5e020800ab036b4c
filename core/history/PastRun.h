#pragma once

#include "core/history/RunHistory.h"
#include "core/run/RunResult.h"

#include <QList>

/// A run from the history read back as results (docs/run-history.md), so that the canvas and
/// the inspector show it with the same bubbles and the same operation views as a live run of
/// flows: each module's operations (input, output, error, duration) and the bundles its
/// filter stopped. What the history does not keep (headers, timings, each try) is not there.
namespace PastRun {

/// The results of a recorded run: a flow record with every module's operations in the order
/// they ran, and a record per module (failed when one of its operations failed).
RunResult toRunResult(const QList<HistoryOperation> &operations, HistoryStatus status);

/// A JSON text of the history as a value: an object, array, text or number; a text that is
/// not JSON (cut at 1 MB) as the text itself; an empty text as undefined.
QJsonValue valueFromText(const QString &text);

} // namespace PastRun
