#include "ui/inspector/RunOutcome.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QStringListModel>
#include <QVBoxLayout>

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

QStringList incompleteLines(const FlowRecord &record, const Scenario &scenario)
{
    QStringList lines;
    lines.reserve(record.incomplete.size());
    for (const IncompleteRecord &item : record.incomplete) {
        const QString name = scenario.contains(item.module)
            ? scenario.module(item.module).displayName()
            : tr("a deleted module");
        lines << tr("%1 (module %2), bundle %3: %4")
                     .arg(name)
                     .arg(item.module)
                     .arg(item.bundle)
                     .arg(item.error);
    }
    return lines;
}

void showIncomplete(QWidget *parent, const FlowRecord &record, const Scenario &scenario,
    const std::function<void(int index)> &retry)
{
    auto *dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("incompleteBundles"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Bundles that could not be finished"));
    auto *layout = new QVBoxLayout(dialog);
    auto *intro = new QLabel(
        tr("The run went on without these bundles: the module named on each line failed on "
           "it, and its error route gave up after the tries it was allowed. Fix what the "
           "error says, then retry a bundle: it runs again from the module that failed, with "
           "what it had then."),
        dialog);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    // A model, not a widget per line: a run can leave thousands of bundles unfinished.
    auto *model = new QStringListModel(incompleteLines(record, scenario), dialog);
    auto *list = new QListView(dialog);
    list->setObjectName(QStringLiteral("incompleteList"));
    // A few errors wrap to be read whole; thousands keep uniform rows, to stay fast.
    const bool few = record.incomplete.size() <= 200;
    list->setUniformItemSizes(!few);
    list->setWordWrap(few);
    if (few)
        list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setSpacing(2);
    list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list->setModel(model);
    layout->addWidget(list, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    if (retry) {
        QPushButton *again
            = buttons->addButton(tr("Retry this bundle"), QDialogButtonBox::ActionRole);
        again->setObjectName(QStringLiteral("retryBundle"));
        again->setToolTip(tr("Run the selected bundle again from the module that failed"));
        list->setCurrentIndex(model->index(0));
        QObject::connect(again, &QPushButton::clicked, dialog, [dialog, list, retry] {
            const int row = list->currentIndex().row();
            if (row < 0)
                return;
            dialog->close();
            retry(row);
        });
        QObject::connect(list, &QListView::doubleClicked, again, &QPushButton::click);
    }
    layout->addWidget(buttons);
    dialog->resize(560, 320);
    dialog->show();
}

} // namespace RunOutcome
