#include "ui/MainWindow.h"

#include "core/history/PastRun.h"
#include "core/history/RunHistory.h"
#include "core/history/RunRecorder.h"
#include "core/io/ScenarioDocument.h"
#include "core/io/ScenarioFile.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/history/HistoryListModel.h"
#include "ui/history/HistoryPanel.h"
#include "ui/history/HistoryWriter.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"
#include "ui/session/EditingSession.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QFrame>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

// The run history in the window (docs/run-history.md): every run of the whole scenario is
// recorded when it finishes, the History dock lists the open scenario's runs, and a recorded
// run can be shown read-only on the canvas and in the inspector.

namespace {

const QString recordSetting = QStringLiteral("history/record");
const QString keepRunsSetting = QStringLiteral("history/keepRuns");

/// While a recorded run shows, the canvas only lets people pick a module (to see its
/// operations), scroll and zoom: no drag, no menu, no "+", no key that edits.
class ReadOnlyCanvas : public QObject
{
public:
    ReadOnlyCanvas(CanvasView *view, ScenarioScene *scene, QObject *parent)
        : QObject(parent) // deleted with it, the filter goes from both (Qt forgets it)
        , m_view(view)
        , m_scene(scene)
    {
        m_view->viewport()->installEventFilter(this);
        m_view->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        switch (event->type()) {
        case QEvent::MouseButtonPress: {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            if (watched == m_view->viewport() && mouse->button() == Qt::LeftButton) {
                for (QGraphicsItem *item = m_view->itemAt(mouse->position().toPoint()); item;
                     item = item->parentItem()) {
                    if (const auto *module = qgraphicsitem_cast<ModuleItem *>(item)) {
                        m_scene->selectModule(module->moduleId());
                        break;
                    }
                }
            }
            return true;
        }
        case QEvent::MouseButtonRelease:
        case QEvent::MouseButtonDblClick:
        case QEvent::MouseMove:
        case QEvent::ContextMenu:
        case QEvent::DragEnter:
        case QEvent::DragMove:
        case QEvent::Drop:
            return true;
        case QEvent::KeyPress: {
            // Arrows and page keys still scroll; everything else might edit.
            const int key = static_cast<QKeyEvent *>(event)->key();
            return key != Qt::Key_Left && key != Qt::Key_Right && key != Qt::Key_Up
                && key != Qt::Key_Down && key != Qt::Key_PageUp && key != Qt::Key_PageDown
                && key != Qt::Key_Tab && key != Qt::Key_Backtab;
        }
        default:
            return false;
        }
    }

private:
    CanvasView *m_view;
    ScenarioScene *m_scene;
};

} // namespace

void MainWindow::createHistory()
{
    const QString location = m_options.historyLocation.isEmpty()
        ? RunHistory::locationFromEnvironment()
        : m_options.historyLocation;
    QSettings settings;
    m_historyWriter = new HistoryWriter(location, this);
    m_historyWriter->setKeepRuns(
        settings.value(keepRunsSetting, RunHistory::DefaultKeepRuns).toInt());

    m_historyPanel = new HistoryPanel(location, this);
    m_historyDock = new QDockWidget(tr("History"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    m_historyDock->setWidget(m_historyPanel);
    // Under the canvas, as Make's History tab; the panels on the right keep the whole height,
    // so that the window still fits a 1024×640 screen with both open.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    m_historyDock->hide();
    // Opened: it lists what is there now, runs of scenarist-run included.
    connect(m_historyDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            m_historyPanel->refresh();
    });
    connect(m_historyPanel, &HistoryPanel::openRequested, this,
        [this](const HistoryRun &run) { showPastRun(run); });
    connect(m_historyPanel, &HistoryPanel::runAgainRequested, this, [this](const HistoryRun &run) {
        leavePastRun();
        m_session->runAllWithInputs(run.inputs);
    });

    m_recordHistory = new QAction(tr("&Record runs in the history"), this);
    m_recordHistory->setObjectName(QStringLiteral("recordHistoryAction"));
    m_recordHistory->setCheckable(true);
    m_recordHistory->setChecked(settings.value(recordSetting, true).toBool());
    m_recordHistory->setToolTip(tr("Keep every run of a saved scenario in the History panel"));
    connect(m_recordHistory, &QAction::toggled, this,
        [](bool on) { QSettings().setValue(recordSetting, on); });
    // A team's history on PostgreSQL, only read (docs/run-history.md); this computer's runs
    // still go to its own.
    m_teamHistory = new QAction(tr("Open a &team history\u2026"), this);
    m_teamHistory->setObjectName(QStringLiteral("teamHistoryAction"));
    m_teamHistory->setToolTip(tr("Show the runs a team records into one PostgreSQL database"));
    connect(m_teamHistory, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString url = QInputDialog::getText(this, tr("Team history"),
            tr("Address of the team's run history, as scenarist-run's --history-db takes it "
               "(postgresql://user@host:port/database). The password comes from ~/.pgpass."),
            QLineEdit::Normal, QStringLiteral("postgresql://"), &ok)
                                .trimmed();
        if (!ok)
            return;
        if (!url.startsWith(QLatin1String("postgresql://"))
            && !url.startsWith(QLatin1String("postgres://"))) {
            QMessageBox::information(this, tr("Team history"),
                tr("A team history is a PostgreSQL address that starts with postgresql://"));
            return;
        }
        showTeamHistory(url);
    });
    m_localHistory = new QAction(tr("This computer's &history"), this);
    m_localHistory->setObjectName(QStringLiteral("localHistoryAction"));
    connect(m_localHistory, &QAction::triggered, this, [this] { showTeamHistory({}); });
    m_localHistory->setEnabled(false); // it is what shows until a team's history does
    m_deleteHistory = new QAction(tr("&Delete this scenario's history\u2026"), this);
    m_deleteHistory->setObjectName(QStringLiteral("deleteHistoryAction"));
    connect(m_deleteHistory, &QAction::triggered, this, &MainWindow::deleteHistoryWithQuestion);

    // The banner over the canvas while a recorded run shows.
    m_pastBanner = new QFrame(centralWidget());
    m_pastBanner->setObjectName(QStringLiteral("pastRunBanner"));
    m_pastBanner->setAutoFillBackground(true);
    QPalette bannerPalette = m_pastBanner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(222, 235, 255));
    bannerPalette.setColor(QPalette::WindowText, QColor(15, 35, 70));
    m_pastBanner->setPalette(bannerPalette);
    auto *bannerLayout = new QHBoxLayout(m_pastBanner);
    m_pastBannerText = new QLabel(m_pastBanner);
    m_pastBannerText->setObjectName(QStringLiteral("pastRunText"));
    m_pastBannerText->setWordWrap(true);
    auto *back = new QPushButton(tr("Back to the editor"), m_pastBanner);
    back->setObjectName(QStringLiteral("backToEditor"));
    bannerLayout->addWidget(m_pastBannerText, 1);
    bannerLayout->addWidget(back);
    m_pastBanner->hide();
    if (auto *layout = qobject_cast<QVBoxLayout *>(centralWidget()->layout()))
        layout->insertWidget(0, m_pastBanner);
    connect(back, &QPushButton::clicked, this, &MainWindow::leavePastRun);

    // Another document, or a live run starting: the recorded run gives way.
    connect(m_session, &EditingSession::documentReplaced, this, [this] {
        leavePastRun();
        m_historyPanel->setScenario(m_session->filePath().isEmpty()
                ? QString()
                : RunHistory::scenarioKey(m_session->filePath()));
    });
    connect(m_session, &EditingSession::filePathChanged, this, [this](const QString &path) {
        m_historyPanel->setScenario(path.isEmpty() ? QString() : RunHistory::scenarioKey(path));
        updateActions();
    });
    connect(m_session, &EditingSession::runStarted, this, [this] {
        leavePastRun();
        m_runStartedAt = QDateTime::currentDateTimeUtc();
    });
    connect(m_session, &EditingSession::runFinished, this, &MainWindow::recordFinishedRun);
    connect(m_historyWriter, &HistoryWriter::recorded, this,
        [this](qint64, const QString &scenarioPath) {
            if (scenarioPath == m_historyPanel->scenario() && m_historyDock->isVisible())
                m_historyPanel->refresh();
        });
    // Never a dialog in the middle of work: the run itself went as it went.
    connect(m_historyWriter, &HistoryWriter::failed, this, [this](const QString &error) {
        showStatus(tr("This run is not in the history: %1").arg(error));
    });
}

namespace {

/// The scenario's fingerprint as it runs: its file's bytes while they are what is open (as
/// scenarist-run computes it), else the bytes it would be saved as.
QString contentHashNow(EditingSession *session)
{
    if (session->isClean() && !session->filePath().isEmpty()) {
        QFile file(session->filePath());
        if (file.open(QIODevice::ReadOnly))
            return RunHistory::contentHash(file.readAll());
    }
    return RunHistory::contentHash(
        ScenarioFile::serialize(ScenarioDocument::fromScenario(*session->scenario())));
}

} // namespace

void MainWindow::recordFinishedRun()
{
    // Make's history lists runs of the whole scenario; "Run this module only" and a retried
    // bundle are not runs of it. A scenario without a file has no key to keep runs under.
    if (!m_session->latestRunWasWhole() || !m_recordHistory->isChecked()
        || m_session->filePath().isEmpty())
        return;
    RunRecorder::FinishedRun finished;
    finished.scenarioPath = RunHistory::scenarioKey(m_session->filePath());
    finished.scenarioName = m_scenario->name();
    finished.contentHash = contentHashNow(m_session);
    finished.startedAt
        = m_runStartedAt.isValid() ? m_runStartedAt : QDateTime::currentDateTimeUtc();
    finished.endedAt = QDateTime::currentDateTimeUtc();
    finished.trigger = RunTrigger::App;
    finished.inputs = m_session->runInputs();
    finished.modules = m_scenario->modules();
    finished.runOrder = m_scenario->runOrder();
    finished.results = m_runner->results();
    finished.status = m_runner->lastStatus();
    m_historyWriter->record(finished);
}

void MainWindow::showTeamHistory(const QString &url)
{
    leavePastRun();
    m_historyPanel->setLocation(url.isEmpty() ? m_historyWriter->location() : url, !url.isEmpty());
    m_localHistory->setEnabled(!url.isEmpty());
    m_historyDock->show();
    m_historyDock->raise();
}

void MainWindow::deleteHistoryWithQuestion()
{
    if (m_session->filePath().isEmpty())
        return;
    const QString key = RunHistory::scenarioKey(m_session->filePath());
    const auto answer = QMessageBox::question(this, tr("Delete history"),
        tr("Delete every recorded run of \u201c%1\u201d from the history?")
            .arg(m_session->displayName()),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    leavePastRun();
    RunHistory history(m_historyWriter->location());
    QString error;
    const int deleted = history.deleteHistory(key, &error);
    if (deleted < 0)
        showStatus(tr("The history was not deleted: %1").arg(error));
    else
        showStatus(tr("Deleted %n recorded run(s) of this scenario.", nullptr, deleted));
    m_historyPanel->refresh();
}

bool MainWindow::showPastRun(const HistoryRun &run)
{
    RunHistory history(m_historyPanel->location());
    QString error;
    const QList<HistoryOperation> operations = history.operations(run.id, &error);
    if (!error.isEmpty()) {
        showStatus(tr("This run cannot be shown: %1").arg(error));
        return false;
    }
    if (!m_readOnlyCanvas)
        m_readOnlyCanvas = new ReadOnlyCanvas(m_view, m_scene, this);
    m_pastResults = PastRun::toRunResult(operations, run.status);
    m_editor->setEnabled(false);
    m_mappingPanel->setEnabled(false);
    m_mappingDock->hide();

    // Its bubbles, counted as a live run of flows counts them.
    m_scene->clearStatuses();
    ModuleId first = 0;
    for (ModuleId id : m_pastResults->flowRecord()->order) {
        if (!m_scenario->contains(id))
            continue;
        const ModuleRun past = m_pastResults->run(id);
        m_scene->setModuleStatus(id, past.status, past.operations);
        if (first == 0
            || (past.status == ModuleRunStatus::Failed
                && m_pastResults->run(first).status != ModuleRunStatus::Failed))
            first = id;
    }
    showFilterCounts(*m_pastResults->flowRecord());
    updatePastRunBanner(run);
    m_pastBanner->show();
    m_inspectorDock->setWindowTitle(tr("Recorded run"));

    // The module looked at before, if it ran; else the one that failed, else the first.
    const ModuleId shown = m_pastResults->contains(m_inspected) ? m_inspected : first;
    if (shown != 0) {
        m_scene->selectModule(shown);
        inspectModule(shown);
    } else {
        inspectModule(0);
    }
    showInspector();
    updateActions();
    return true;
}

void MainWindow::updatePastRunBanner(const HistoryRun &run)
{
    const QString when
        = QLocale().toString(run.startedAt.toLocalTime(), QStringLiteral("d MMM yyyy, HH:mm:ss"));
    QString text = tr("Showing the run of %1 (%2) \u2014 read-only.")
                       .arg(when, HistoryListModel::statusText(run.status));
    // Runs recorded by the app hash what it ran; scenarist-run hashes the file's bytes.
    const QString now = contentHashNow(m_session);
    if (!run.contentHash.isEmpty() && run.contentHash != now)
        text += QLatin1Char(' ')
            + tr("The scenario has changed since: the canvas shows it as it is now.");
    m_pastBannerText->setText(text);
}

void MainWindow::leavePastRun()
{
    if (!m_pastResults)
        return;
    m_pastResults.reset();
    delete m_readOnlyCanvas;
    m_readOnlyCanvas = nullptr;
    m_pastBanner->hide();
    m_inspectorDock->setWindowTitle(tr("Last run"));
    m_editor->setEnabled(true);
    m_mappingPanel->setEnabled(true);
    // The live run's bubbles and inspector come back as they were.
    m_scene->clearStatuses();
    const RunResult &live = m_runner->results();
    for (ModuleId id : live.moduleIds()) {
        if (m_scenario->contains(id))
            showModuleRun(id);
    }
    if (const FlowRecord *flow = live.flowRecord())
        showFilterCounts(*flow);
    inspectModule(m_inspected);
    updateActions();
}
