#include "ui/inspector/RunOutcome.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("RunOutcome", text, nullptr, n);
}

} // namespace

namespace RunOutcome {

QString summary(FlowStatus status, const FlowRecord *record)
{
    switch (status) {
    case FlowStatus::Success:
        return tr("Finished successfully");
    case FlowStatus::Warning: {
        const int count = record ? int(record->incomplete.size()) : 0;
        return count == 1
            ? tr("Finished with warnings: 1 bundle could not be finished")
            : tr("Finished with warnings: %1 bundles could not be finished").arg(count);
    }
    case FlowStatus::Error:
        break;
    }
    return tr("Stopped with an error");
}

QString statusBarText(FlowStatus status, const FlowRecord *record, const Scenario &scenario)
{
    const QString words = summary(status, record).toHtmlEscaped();
    switch (status) {
    case FlowStatus::Success:
        return words;
    case FlowStatus::Warning:
        return QStringLiteral("%1, <a href=\"#incomplete\">%2</a>")
            .arg(words, tr("see which").toHtmlEscaped());
    case FlowStatus::Error:
        break;
    }
    // The module, not its whole error: the bar is one short line, the inspector has the rest.
    QString text = words;
    if (record && record->stoppedAt != 0 && scenario.contains(record->stoppedAt)) {
        text = tr("Stopped with an error in \u201c%1\u201d")
                   .arg(scenario.module(record->stoppedAt).displayName())
                   .toHtmlEscaped();
    } else if (record && !record->stopReason.isEmpty()) {
        return words + QStringLiteral(": ") + record->stopReason.toHtmlEscaped();
    }
    return text
        + QStringLiteral(", <a href=\"#failed\">%1</a>")
              .arg(tr("see what went wrong").toHtmlEscaped());
}

} // namespace RunOutcome
