#include "ui/history/IncompletePanel.h"

#include "core/history/IncompleteRetry.h"
#include "core/history/RunRecorder.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/session/EditingSession.h"

#include <QAction>
#include <QCheckBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

// The error last: it takes the room the others leave, and is shown whole under the list.
enum Column { WhenColumn, ModuleColumn, BundleColumn, StateColumn, ErrorColumn, ColumnCount };

/// "18:07" today, else the date too.
QString whenText(const QDateTime &when)
{
    const QDateTime local = when.toLocalTime();
    return local.date() == QDate::currentDate()
        ? QLocale().toString(local.time(), QLocale::ShortFormat)
        : QLocale().toString(local, QLocale::ShortFormat);
}

QMenu *menuNamed(QMainWindow *window, const QString &name)
{
    for (QAction *action : window->menuBar()->actions()) {
        if (action->menu() && action->text().remove(QLatin1Char('&')) == name)
            return action->menu();
    }
    return nullptr;
}

} // namespace

struct IncompletePanel::Rows
{
    /// What the list shows: kept ones, or (not saved yet) the latest run's, with id 0.
    QList<HistoryIncomplete> shown;
    QList<IncompleteRecord> unsaved;
    /// The stored bundle being retried, from just before its run starts until it finishes.
    std::optional<HistoryIncomplete> running;
    /// The bundles of the latest run this panel kept, as the run left them: with the values
    /// the history masks (a token received), so that they can be retried until the next run.
    qint64 lastRunId = 0;
    QList<IncompleteRecord> lastRun;
    /// Retried from this panel since the scenario was opened: still listed, as retried.
    QSet<qint64> retried;
};

IncompletePanel::IncompletePanel(
    EditingSession *session, const QString &historyLocation, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_historyLocation(historyLocation)
    , m_rows(std::make_unique<Rows>())
{
    setObjectName(QStringLiteral("incompletePanel"));
    auto *layout = new QVBoxLayout(this);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("incompleteNote"));
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("incompleteList"));
    m_list->setAccessibleName(tr("Incomplete executions"));
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("When"), tr("Module"), tr("Bundle"), tr("State"), tr("Error")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setStretchLastSection(true);
    for (int column : {WhenColumn, ModuleColumn, BundleColumn, StateColumn})
        m_list->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    layout->addWidget(m_list, 1);
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("incompleteError"));
    m_detail->setAccessibleName(tr("The chosen bundle's whole error"));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_detail);

    auto *buttons = new QHBoxLayout;
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setObjectName(QStringLiteral("retryIncomplete"));
    m_retry->setToolTip(tr("Run the chosen bundle again from the module that failed, with "
                           "what it had then"));
    m_resolve = new QPushButton(tr("Resolve"), this);
    m_resolve->setObjectName(QStringLiteral("resolveIncomplete"));
    m_showResolved = new QCheckBox(tr("Show resolved"), this);
    m_showResolved->setObjectName(QStringLiteral("showResolved"));
    m_showResolved->setToolTip(tr("Also list the bundles already retried or resolved"));
    buttons->addWidget(m_retry);
    buttons->addWidget(m_resolve);
    buttons->addStretch(1);
    buttons->addWidget(m_showResolved);
    layout->addLayout(buttons);

    connect(m_retry, &QPushButton::clicked, this, &IncompletePanel::retrySelected);
    connect(m_resolve, &QPushButton::clicked, this, &IncompletePanel::resolveSelected);
    connect(m_showResolved, &QCheckBox::toggled, this, &IncompletePanel::refresh);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &IncompletePanel::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        if (m_retry->isEnabled())
            retrySelected();
    });
    connect(m_session, &EditingSession::documentReplaced, this, [this] {
        m_rows->lastRunId = 0;
        m_rows->lastRun.clear();
        m_rows->retried.clear();
        refresh();
    });
    connect(m_session, &EditingSession::filePathChanged, this, &IncompletePanel::refresh);
    connect(m_session, &EditingSession::runStarted, this, &IncompletePanel::runStarted);
    connect(m_session, &EditingSession::runFinished, this, &IncompletePanel::runFinished);
    refresh();
}

IncompletePanel::~IncompletePanel() = default;

IncompletePanel *IncompletePanel::install(
    QMainWindow *window, EditingSession *session, const QString &historyLocation)
{
    auto *panel = new IncompletePanel(session, historyLocation, window);
    auto *dock = new QDockWidget(tr("Incomplete executions"), window);
    dock->setObjectName(QStringLiteral("incompleteDock"));
    dock->setWidget(panel);
    window->addDockWidget(Qt::RightDockWidgetArea, dock);
    // A tab beside the module's settings and the last run, so each gets the full height.
    if (auto *settings = window->findChild<QDockWidget *>(QStringLiteral("settingsDock")))
        window->tabifyDockWidget(settings, dock);
    dock->hide();
    connect(dock, &QDockWidget::visibilityChanged, panel, [panel](bool visible) {
        if (visible)
            panel->refresh();
    });

    auto *action = new QAction(tr("&Incomplete executions"), window);
    action->setObjectName(QStringLiteral("incompleteAction"));
    action->setToolTip(tr("The bundles runs could not finish, to retry or resolve"));
    connect(action, &QAction::triggered, panel, &IncompletePanel::showInFront);
    if (QMenu *run = menuNamed(window, tr("Run")))
        run->addAction(action);
    if (QMenu *view = menuNamed(window, tr("View")))
        view->addAction(dock->toggleViewAction());
    return panel;
}

void IncompletePanel::showInFront()
{
    if (auto *dock = qobject_cast<QDockWidget *>(parentWidget())) {
        dock->show();
        dock->raise();
    }
    refresh();
}

QString IncompletePanel::historyKey() const
{
    // The same key as scenarist-run's and the History panel's.
    const QString path = m_session->filePath();
    return path.isEmpty() ? QString() : RunHistory::scenarioKey(path);
}

void IncompletePanel::refresh()
{
    // Hidden, it reads nothing: showing its dock refreshes it (install()).
    if (!isVisible())
        return;
    const qint64 selected = m_list->currentItem()
        ? m_rows->shown.value(m_list->indexOfTopLevelItem(m_list->currentItem())).id
        : -1;
    m_rows->shown.clear();
    m_rows->unsaved.clear();
    const Scenario &scenario = *m_session->scenario();
    const QString key = historyKey();
    QString error;
    if (key.isEmpty()) {
        // Not saved: only the latest run's bundles, kept in memory until the next run.
        const FlowRecord *flow = m_session->runner()->flowRecord();
        if (flow && m_session->runner()->lastStatus() == FlowStatus::Warning) {
            for (const IncompleteRecord &bundle : flow->incomplete) {
                HistoryIncomplete row;
                row.moduleId = bundle.module;
                row.bundle = bundle.bundle;
                row.error = bundle.error;
                row.createdAt = m_startedAt;
                m_rows->shown.append(row);
                m_rows->unsaved.append(bundle);
            }
        }
        m_note->setText(tr("Save the scenario to keep the bundles its runs could not finish: "
                           "until then, only the latest run's are listed."));
    } else {
        RunHistory history(m_historyLocation);
        const QList<HistoryIncomplete> all = history.incomplete(key, false, &error);
        for (const HistoryIncomplete &row : all) {
            if (row.state == HistoryIncomplete::State::Open || m_showResolved->isChecked()
                || m_rows->retried.contains(row.id))
                m_rows->shown.append(row);
        }
        m_note->setText(!error.isEmpty() ? tr("The run history could not be read: %1").arg(error)
                : m_rows->shown.isEmpty()
                ? tr("No incomplete executions: every bundle of this scenario's runs finished, "
                     "or was retried or resolved.")
                : tr("Bundles a Break module gave up on. Fix what the error says, then retry "
                     "one: it runs again from the module that failed, with what it had then."));
    }

    m_list->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(m_rows->shown.size());
    QTreeWidgetItem *current = nullptr;
    for (const HistoryIncomplete &row : std::as_const(m_rows->shown)) {
        const QString name = scenario.contains(row.moduleId)
            ? scenario.module(row.moduleId).displayName()
            : QString();
        QString state;
        switch (row.state) {
        case HistoryIncomplete::State::Open:
            state = row.id == 0 ? tr("Not kept") : tr("Open");
            break;
        case HistoryIncomplete::State::Retried:
            state = tr("Retried");
            break;
        case HistoryIncomplete::State::Resolved:
            state = tr("Resolved");
            break;
        }
        auto *item = new QTreeWidgetItem(QStringList {whenText(row.createdAt),
            name.isEmpty() ? tr("#%1 (deleted)").arg(row.moduleId)
                           : tr("#%1 %2").arg(row.moduleId).arg(name),
            QString::number(row.bundle), state, row.error.simplified()});
        item->setToolTip(ErrorColumn, row.error);
        items.append(item);
        if (row.id != 0 && row.id == selected)
            current = item;
    }
    m_list->addTopLevelItems(items);
    if (!current && !items.isEmpty())
        current = items.first();
    if (current)
        m_list->setCurrentItem(current);
    m_showResolved->setEnabled(!key.isEmpty());
    updateButtons();
}

void IncompletePanel::updateButtons()
{
    const int row = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    const bool chosen = row >= 0 && row < m_rows->shown.size();
    const HistoryIncomplete current = chosen ? m_rows->shown.at(row) : HistoryIncomplete();
    const bool open = chosen && current.state == HistoryIncomplete::State::Open;
    const bool running = m_session->runner()->isRunning();
    m_retry->setEnabled(open && !running);
    m_detail->setVisible(chosen);
    m_detail->setText(chosen ? tr("Bundle %1 at module %2: %3")
                                   .arg(current.bundle)
                                   .arg(current.moduleId)
                                   .arg(current.error)
                             : QString());
    // A resolved one may be opened again; one kept nowhere cannot be marked.
    m_resolve->setEnabled(chosen && current.id != 0 && !running);
    m_resolve->setText(
        current.state == HistoryIncomplete::State::Open || !chosen ? tr("Resolve") : tr("Reopen"));
    m_resolve->setToolTip(current.state == HistoryIncomplete::State::Open || !chosen
            ? tr("Mark the chosen bundle as dealt with: it is no longer listed")
            : tr("List the chosen bundle as incomplete again, to retry it"));
}

void IncompletePanel::retrySelected()
{
    const int row = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    if (row < 0 || row >= m_rows->shown.size() || m_session->runner()->isRunning())
        return;
    const HistoryIncomplete stored = m_rows->shown.at(row);
    if (stored.id == 0) {
        m_session->retryIncomplete(m_rows->unsaved.at(row));
        return;
    }
    QString why;
    std::optional<IncompleteRecord> record
        = IncompleteRetry::prepare(stored, *m_session->scenario(), &why);
    // From the latest run (whose id may still be on its way from the window's recording):
    // its bundles are still in memory.
    const bool latest = stored.runId == m_rows->lastRunId
        || (m_startedAt.isValid() && stored.createdAt >= m_startedAt);
    if (latest) {
        // Still in memory, whole: the history's copy may lack a token it masked.
        for (const IncompleteRecord &bundle : std::as_const(m_rows->lastRun)) {
            if (bundle.module == stored.moduleId && bundle.bundle == stored.bundle
                && m_session->scenario()->contains(bundle.module))
                record = bundle;
        }
    }
    if (!record) {
        QMessageBox::information(this, tr("Cannot retry this bundle"), why);
        return;
    }
    m_session->retryIncomplete(
        *record, IncompleteRetry::variables(stored), [this, stored] { m_rows->running = stored; });
}

void IncompletePanel::resolveSelected()
{
    const int row = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    if (row < 0 || row >= m_rows->shown.size() || m_rows->shown.at(row).id == 0)
        return;
    const HistoryIncomplete &stored = m_rows->shown.at(row);
    RunHistory history(m_historyLocation);
    QString error;
    const auto state = stored.state == HistoryIncomplete::State::Open
        ? HistoryIncomplete::State::Resolved
        : HistoryIncomplete::State::Open;
    if (!history.setIncompleteState(stored.id, state, &error))
        QMessageBox::warning(this, tr("Could not change it"),
            tr("The run history could not be changed: %1").arg(error));
    refresh();
}

void IncompletePanel::runStarted()
{
    m_startedAt = QDateTime::currentDateTimeUtc();
    updateButtons();
}

void IncompletePanel::runFinished()
{
    const QString error = recordRun();
    refresh();
    if (!error.isEmpty())
        m_note->setText(tr("The run history could not keep this run: %1").arg(error));
}

QString IncompletePanel::recordRun()
{
    const std::optional<HistoryIncomplete> retried = std::exchange(m_rows->running, std::nullopt);
    const ScenarioRunner *runner = m_session->runner();
    const FlowRecord *flow = runner->flowRecord();
    const QString key = historyKey();
    if (!flow)
        return {};
    m_rows->lastRun = flow->incomplete;
    // A whole run is recorded by the window (runRecorded() follows); a retry is a run of its
    // own that this panel records, marking the bundle retried or keeping it open.
    if (key.isEmpty() || !retried)
        return {};
    const Scenario &scenario = *m_session->scenario();
    RunRecorder::FinishedRun finished;
    finished.scenarioPath = key;
    finished.scenarioName = scenario.name();
    finished.startedAt = m_startedAt;
    finished.endedAt = QDateTime::currentDateTimeUtc();
    finished.trigger = RunTrigger::App;
    finished.inputs = m_session->runInputs();
    finished.modules = scenario.modules();
    finished.runOrder = scenario.runOrder();
    finished.results = runner->results();
    finished.status = runner->lastStatus();
    RunHistory history(m_historyLocation);
    QString error;
    if (IncompleteRetry::finish(history, *retried, RunRecorder::toHistoryRun(finished), &error)
            .isEmpty())
        m_rows->retried.insert(retried->id);
    m_rows->lastRunId = retried->runId;
    return error;
}

void IncompletePanel::runRecorded(qint64 runId, const QString &scenarioPath)
{
    if (scenarioPath != historyKey())
        return;
    m_rows->lastRunId = runId;
    refresh();
}
