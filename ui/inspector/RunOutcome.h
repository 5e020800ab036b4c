#pragma once

#include "core/flow/BundleScheduler.h"

#include <QString>

class Scenario;

/// How a finished run went, in plain words, for the status bar and the window title. The
/// bundles a run of flows could not finish are listed by IncompletePanel.
namespace RunOutcome {

/// "Finished with warnings: 2 bundles could not be finished", "Stopped with an error",
/// "Finished successfully". `record` is the run's flow record, or null after a straight chain.
QString summary(FlowStatus status, const FlowRecord *record);

/// Rich text for the status bar: the summary and, where there is more to see, a link
/// ("#incomplete" for the unfinished bundles, "#failed" for the module that failed, named
/// from `scenario`).
QString statusBarText(FlowStatus status, const FlowRecord *record, const Scenario &scenario);

} // namespace RunOutcome
