#pragma once

#include <functional>

#include "core/flow/BundleScheduler.h"

#include <QString>

class QWidget;
class Scenario;

/// How a finished run went, in plain words, for the status bar and the window title, and
/// the list of the bundles a run of flows could not finish.
namespace RunOutcome {

/// "Finished with warnings: 2 bundles could not be finished", "Stopped with an error",
/// "Finished successfully". `record` is the run's flow record, or null after a straight chain.
QString summary(FlowStatus status, const FlowRecord *record);

/// Rich text for the status bar: the summary and, where there is more to see, a link
/// ("#incomplete" for the unfinished bundles, "#failed" for the module that failed, named
/// from `scenario`).
QString statusBarText(FlowStatus status, const FlowRecord *record, const Scenario &scenario);

/// One line per unfinished bundle: "Get item (module 4), bundle 3: the server said 500…".
QStringList incompleteLines(const FlowRecord &record, const Scenario &scenario);

/// A small window listing the bundles a run could not finish, each with its error, and a
/// button that runs the chosen one again from the module that failed (`retry` gets its
/// index in record.incomplete; the window closes).
void showIncomplete(QWidget *parent, const FlowRecord &record, const Scenario &scenario,
    const std::function<void(int index)> &retry = {});

} // namespace RunOutcome
