#include "ui/MainWindow.h"

#include "ui/trust/TrustGuard.h"

#include "core/io/PrivateFiles.h"
#include "core/model/Scenario.h"
#include "core/run/MappingContextBuilder.h"
#include "core/run/RequestMapper.h"
#include "core/run/ScenarioRunner.h"
#include "core/run/SecretFields.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/WelcomePage.h"
#include "ui/canvas/CanvasToolBar.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/RouteOrderDialog.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/connections/ConnectionsSetup.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/filters/FilterEditor.h"
#include "ui/history/HistoryWriter.h"
#include "ui/history/IncompletePanel.h"
#include "ui/inputs/RunInputsForm.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/inspector/RunOutcome.h"
#include "ui/kinds/KindPicker.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"
#include "ui/session/EditingSession.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(Options {}, parent)
{
}

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_session(new EditingSession(this,
          EditingSession::Options {options.recoveryDirectory, options.autosaveIntervalMs}, this))
    , m_scenario(m_session->scenario())
    , m_undoStack(m_session->undoStack())
    , m_runner(m_session->runner())
    , m_sandbox(new SandboxServer(this))
    , m_trust(m_session->trustGuard())
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setWindowIcon(QIcon(QStringLiteral(":/icons/scenarist.svg")));

    m_scene = new ScenarioScene(m_scenario, m_undoStack, this);
    createActions();

    m_pages = new QStackedWidget(this);
    m_welcome = new WelcomePage(m_pages);
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(createCanvasPage());

    // A notice along the top for things that need an answer but must not block (recovery).
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_notice = new QFrame(central);
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setAutoFillBackground(true);
    QPalette noticePalette = m_notice->palette();
    noticePalette.setColor(QPalette::Window, QColor(255, 244, 206));
    noticePalette.setColor(QPalette::WindowText, QColor(60, 45, 0));
    m_notice->setPalette(noticePalette);
    auto *noticeLayout = new QHBoxLayout(m_notice);
    m_noticeText = new QLabel(m_notice);
    m_noticeText->setWordWrap(true);
    auto *restore = new QPushButton(tr("Restore"), m_notice);
    restore->setObjectName(QStringLiteral("restoreButton"));
    auto *discard = new QPushButton(tr("Discard"), m_notice);
    discard->setObjectName(QStringLiteral("discardButton"));
    noticeLayout->addWidget(m_noticeText, 1);
    noticeLayout->addWidget(restore);
    noticeLayout->addWidget(discard);
    m_notice->hide();
    layout->addWidget(m_notice);
    // Scenarios from elsewhere (docs/sharing-scenarios-safely.md): a bar of their own.
    m_trust->notice()->setParent(central);
    layout->addWidget(m_trust->notice());
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    connect(restore, &QPushButton::clicked, this, [this] { restoreRecovery(); });
    connect(discard, &QPushButton::clicked, this, [this] {
        m_session->discardLeftovers();
        m_notice->hide();
    });

    createDocks();
    createHistory();
    createMenus();
    // Connections and secrets: keychain secrets for the runner, the Connections
    // dock and Run > Connections...; everything else lives in ui/connections.
    installConnections(this, m_scenario, m_undoStack, m_runner, m_editor);
    // Incomplete executions: the bundles Break gave up on, kept in the run history.
    IncompletePanel *incomplete
        = IncompletePanel::install(this, m_session, m_historyWriter->location());
    connect(m_historyWriter, &HistoryWriter::recorded, incomplete, &IncompletePanel::runRecorded);
    // The run's outcome, with a link to the module that failed.
    m_runStatus = new QLabel(this);
    m_runStatus->setObjectName(QStringLiteral("runStatus"));
    m_runStatus->setAccessibleName(tr("How the last run went"));
    m_runStatus->setTextFormat(Qt::RichText);
    m_runStatus->setTextInteractionFlags(
        Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_runStatus, &QLabel::linkActivated, this, [this, incomplete](const QString &link) {
        const FlowRecord *flow = m_runner->results().flowRecord();
        if (link == QLatin1String("#incomplete") && flow)
            incomplete->showInFront();
        else
            showFirstFailedModule();
    });
    statusBar()->addPermanentWidget(m_runStatus);
    // A message too long to share the bar (the save warning) gets all of it while it shows.
    connect(statusBar(), &QStatusBar::messageChanged, m_runStatus, [this](const QString &text) {
        const int needed = statusBar()->fontMetrics().horizontalAdvance(text) + 40;
        m_runStatus->setVisible(needed + m_runStatus->sizeHint().width() <= statusBar()->width());
    });

    // The sandbox lets the example run with no internet; another port if the usual is taken.
    startSandbox();

    connect(m_welcome, &WelcomePage::openExampleClicked, this, &MainWindow::openExample);
    connect(m_welcome, &WelcomePage::newScenarioClicked, this, &MainWindow::newScenario);
    connect(m_welcome, &WelcomePage::openFileClicked, this, &MainWindow::openWithDialog);

    // Everything that depends on which document is open follows the session.
    connect(m_session, &EditingSession::documentReplaced, this, &MainWindow::onDocumentReplaced);
    connect(m_session, &EditingSession::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_session, &EditingSession::filePathChanged, this, [this](const QString &path) {
        if (!path.isEmpty())
            addRecentFile(path);
        updateTitle();
    });
    connect(m_session, &EditingSession::autosaveFailed, this,
        [this](const QString &error) { showStatus(tr("Autosave failed: %1").arg(error)); });
    connect(m_undoStack, &QUndoStack::indexChanged, this, &MainWindow::updateActions);
    connect(m_scenario, &Scenario::nameChanged, this, &MainWindow::updateTitle);

    connect(m_scene, &ScenarioScene::addModuleRequested, this,
        [this](const QPointF &pos, ModuleId after) { chooseAndAddModule(after, pos); });
    connect(m_scene, &ScenarioScene::errorHandlerRequested, this,
        &MainWindow::chooseAndAddErrorHandler);
    connect(m_scene, &ScenarioScene::orderRoutesRequested, this, &MainWindow::orderRoutes);
    connect(m_scene, &ScenarioScene::runModuleRequested, this, &MainWindow::runModule);
    connect(m_scene, &ScenarioScene::renameRequested, this, &MainWindow::renameModule);
    connect(m_scene, &ScenarioScene::noteRequested, this, &MainWindow::editNote);
    connect(
        m_scene, &ScenarioScene::copyRequested, this, [this](ModuleId id) { copyModules({id}); });
    connect(m_scene, &ScenarioScene::selectionChangedToModule, this, [this](ModuleId id) {
        updateActions();
        if (id == 0)
            return;
        if (isShowingPastRun()) {
            // A recorded run shows read-only: its operations, never the settings.
            inspectModule(id);
            showInspector();
            return;
        }
        editModule(id);
        inspectModule(id);
        // A module whose last run failed opens on what went wrong.
        if (m_session->run(id).status == ModuleRunStatus::Failed)
            showInspector();
    });
    connect(m_scene, &ScenarioScene::moduleActivated, this, &MainWindow::editModule);
    connect(m_scene, &ScenarioScene::filterEditorOpened, this, [this](FilterEditor *editor) {
        // The dialog's own picker offers what the window's does, and learns what a module
        // run from it returns.
        m_filterEditor = editor;
        editor->picker()->copyOutputsFrom(*m_mappingPanel);
        connect(editor->picker(), &MappingPanel::runModuleRequested, this, &MainWindow::runModule);
    });
    connect(m_scene, &ScenarioScene::inspectRequested, this, [this](ModuleId id) {
        m_scene->selectModule(id);
        inspectModule(id);
        showInspector();
    });

    // Mappings that point at a deleted module, or at one that now runs later, are flagged on
    // the canvas as soon as the scenario changes.
    m_referenceCheck = new QTimer(this);
    m_referenceCheck->setSingleShot(true);
    m_referenceCheck->setInterval(0);
    connect(m_referenceCheck, &QTimer::timeout, this, &MainWindow::checkReferences);
    connect(m_scenario, &Scenario::moduleChanged, this, &MainWindow::scheduleReferenceCheck);
    connect(m_scenario, &Scenario::moduleAdded, this, &MainWindow::scheduleReferenceCheck);
    connect(m_scenario, &Scenario::moduleRemoved, this, [this](ModuleId id) {
        if (m_editor->module() == id)
            editModule(0);
        scheduleReferenceCheck();
    });
    connect(m_scenario, &Scenario::linkAdded, this, &MainWindow::scheduleReferenceCheck);
    connect(m_scenario, &Scenario::linkRemoved, this, &MainWindow::scheduleReferenceCheck);
    connect(m_scenario, &Scenario::inputsChanged, this, &MainWindow::scheduleReferenceCheck);
    connect(m_scenario, &Scenario::scenarioReset, this, [this] {
        editModule(0);
        inspectModule(0);
        m_mappingPanel->clearModuleOutputs();
        scheduleReferenceCheck();
    });

    connect(m_session, &EditingSession::runStarted, this, &MainWindow::updateActions);
    connect(m_session, &EditingSession::runStateChanged, this, &MainWindow::updateRunStatus);
    connect(m_session, &EditingSession::moduleStarted, this,
        [this](ModuleId id) { m_scene->setModuleStatus(id, ModuleRunStatus::Running, 0); });
    connect(m_session, &EditingSession::moduleRunChanged, this, &MainWindow::showModuleRun);
    connect(m_session, &EditingSession::runFinished, this, [this] {
        updateActions();
        if (const FlowRecord *flow = m_runner->results().flowRecord()) {
            for (auto it = flow->modules.cbegin(); it != flow->modules.cend(); ++it)
                m_scene->setModuleStatus(
                    it.key(), m_session->run(it.key()).status, int(it->operations.size()));
            showFilterCounts(*flow);
        }
        if (m_inspected != 0)
            inspectModule(m_inspected);
    });

    QSettings settings;
    // Settings name recent files and, through core/trust, what the user trusts: the file is
    // the user's alone, and QSettings keeps that when other parts rewrite it
    // (docs/private-files.md).
    PrivateFiles::protectSettings(settings);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // The first window fits its screen (a 1024×640 laptop, 1920×1080 at 200 %), not 1400×900.
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(QSize(1400, 900).boundedTo(screen()->availableGeometry().size()));

    m_pages->setCurrentWidget(m_welcome);
    updateTitle();
    updateActions();
    updateRunStatus();
    checkRecovery();
}

MainWindow::~MainWindow()
{
    // Children are destroyed after this body: the session, scenario and runner must not
    // call back into a window that is half gone (UBSan saw it in the sanitizer build).
    m_session->disconnect(this);
    m_undoStack->disconnect(this);
    m_scenario->disconnect(this);
    m_runner->disconnect(this);
    m_scene->disconnect(this);
}

void MainWindow::startSandbox()
{
    if (m_sandbox->start(m_options.sandboxPort)
        || (m_options.sandboxPort != 0 && m_sandbox->start(0))) {
        if (m_sandbox->port() != m_options.sandboxPort && m_options.sandboxPort != 0) {
            showStatus(tr("Port %1 is in use on this computer, so the practice API (the "
                          "sandbox) runs at %2 instead. Scenarios reach it as "
                          "{{sandbox.url}}.")
                           .arg(m_options.sandboxPort)
                           .arg(m_sandbox->baseUrl().toString()));
        }
        // Its https port, which asks for a client certificate, goes on any free port.
        m_sandbox->startTls(0);
        m_runner->setNamedRoot(QStringLiteral("sandbox"), m_sandbox->namedRoot());
        m_runner->setInProcessSandbox(m_sandbox->baseUrl());
    }
}

void MainWindow::onDocumentReplaced()
{
    // Nothing of the previous document may stay on screen: its statuses, its settings, a
    // field of it that the picker still fills, its run's outcome.
    m_scene->clearStatuses();
    editModule(0);
    inspectModule(0);
    m_mappingPanel->setTargetField(nullptr);
    m_mappingPanel->clearModuleOutputs();
    showCanvas();
    fitCanvasSoon();
    updateTitle();
    updateActions();
    updateRunStatus();
}

void MainWindow::updateRunStatus()
{
    updateTitle();
    // A run of flows ends in success, warning (bundles left unfinished) or error.
    if (const FlowRecord *flow = m_runner->results().flowRecord()) {
        const auto state = m_session->runState();
        if (state == EditingSession::RunState::Succeeded
            || state == EditingSession::RunState::Failed) {
            m_runStatus->setText(
                RunOutcome::statusBarText(m_runner->lastStatus(), flow, *m_scenario));
            return;
        }
    }
    switch (m_session->runState()) {
    case EditingSession::RunState::NeverRun:
        m_runStatus->clear();
        break;
    case EditingSession::RunState::Running:
        m_runStatus->setText(tr("Running\u2026"));
        break;
    case EditingSession::RunState::Succeeded:
        m_runStatus->setText(tr("Last run: every module succeeded"));
        break;
    case EditingSession::RunState::Failed:
        m_runStatus->setText(tr("Last run: a module failed, <a href=\"#failed\">click it to see "
                                "why</a>"));
        break;
    }
}

void MainWindow::showModuleRun(ModuleId id)
{
    const ModuleRun run = m_session->run(id);
    // After a run of flows the bubble counts the record's operations (Break's tries are one).
    const FlowRecord *flow = m_runner->results().flowRecord();
    m_scene->setModuleStatus(id, run.status,
        flow && flow->modules.contains(id) ? int(flow->modules.value(id).operations.size())
                                           : run.operations);
    if (id == m_inspected || (m_inspected == 0 && run.status == ModuleRunStatus::Failed))
        inspectModule(id);
    // Later modules' fields can now pick from what this one really returned.
    if (run.status == ModuleRunStatus::Succeeded) {
        QJsonObject output = run.output;
        if (run.exchange.largeData) {
            // Its shape from the first items is enough to pick fields from; the mappings read
            // the whole body when they run.
            output.insert(QStringLiteral("data"), run.exchange.largeData->sample(20, 200, 8));
        }
        m_mappingPanel->setModuleOutput(id, m_scenario->module(id).displayName(), output);
        if (m_filterEditor)
            m_filterEditor->picker()->setModuleOutput(
                id, m_scenario->module(id).displayName(), output);
    }
}

void MainWindow::showFilterCounts(const FlowRecord &flow)
{
    // A filter sits on the link into a module: what it stopped are that module's dropped
    // bundles; what it let through, the bundles that came along the link less those. (An
    // aggregator after it runs once for many bundles, so its operations would not say.) A
    // fallback route sees only the bundles no other route took: there the module's
    // operations are what passed.
    for (const Link &link : m_scenario->links()) {
        if (link.filter.isEmpty() || !flow.modules.contains(link.from))
            continue;
        const ModuleFlowRecord target = flow.modules.value(link.to);
        const int stopped = int(target.dropped.size());
        int passed = int(target.operations.size());
        if (!link.fallback) {
            int reached = 0;
            for (const OperationRecord &operation : flow.modules.value(link.from).operations) {
                if (!operation.failed)
                    reached += int(operation.outputs.size());
            }
            passed = qMax(0, reached - stopped);
        }
        m_scene->setFilterCounts(link.from, link.to, passed, stopped);
    }
}

void MainWindow::showInspector()
{
    m_inspectorDock->show();
    m_inspectorDock->raise();
    // The picker only helps while a field is being filled in.
    m_mappingDock->hide();
    m_inspector->setCurrentPage(InspectorPanel::OutputPage);
}

void MainWindow::showFirstFailedModule()
{
    const ModuleId id = m_session->firstFailedModule();
    if (id == 0)
        return;
    m_scene->selectModule(id);
    inspectModule(id);
    showInspector();
    if (ModuleItem *item = m_scene->moduleItem(id))
        m_view->ensureVisible(item);
}

void MainWindow::showNewModule(ModuleId id)
{
    editModule(id);
    m_settingsDock->show();
    m_settingsDock->raise();
    if (ModuleItem *item = m_scene->moduleItem(id))
        m_view->ensureVisible(item);
    updateActions();
}

ModuleId MainWindow::chooseAndAddModule(ModuleId after, const QPointF &position)
{
    const QString type = m_options.chooseKind ? m_options.chooseKind(this, KindPicker::Place::Flow)
                                              : KindPicker::choose(this);
    return type.isEmpty() ? 0 : addModule(after, position, type);
}

ModuleId MainWindow::chooseAndAddErrorHandler(ModuleId of)
{
    const QString type = m_options.chooseKind
        ? m_options.chooseKind(this, KindPicker::Place::ErrorRoute)
        : KindPicker::choose(this, KindPicker::Place::ErrorRoute);
    if (type.isEmpty())
        return 0;
    QString why;
    const ModuleId id = m_session->addErrorHandler(of, &why, type);
    if (id == 0) {
        QMessageBox::warning(this, tr("Could not add an error handler"), why);
        return 0;
    }
    showNewModule(id);
    return id;
}

ModuleId MainWindow::addModule(ModuleId after, const QPointF &position, const QString &type)
{
    if (isShowingWelcome())
        showCanvas();
    QString why;
    const ModuleId id = m_session->addModule(after, position, &why, type);
    if (id == 0) {
        QMessageBox::warning(this, tr("Could not add a module"), why);
        return 0;
    }
    showNewModule(id);
    return id;
}

void MainWindow::orderRoutes(ModuleId router)
{
    RouteOrderDialog dialog(*m_scenario, router, this);
    if (dialog.exec() == QDialog::Accepted)
        m_scene->orderRoutes(router, dialog.order());
}

void MainWindow::copyModules(const QList<ModuleId> &ids)
{
    if (ids.isEmpty())
        return;
    m_session->copyModules(ids);
    showStatus(ids.size() == 1 ? tr("Copied module %1").arg(ids.first())
                               : tr("Copied %1 modules").arg(ids.size()));
}

QList<ModuleId> MainWindow::pasteModules()
{
    if (isShowingWelcome())
        return {};
    QString message;
    const QList<ModuleId> pasted = m_session->pasteModules(&message);
    if (pasted.isEmpty()) {
        if (!message.isEmpty())
            showStatus(message);
        return {};
    }
    if (pasted.size() == 1) {
        showNewModule(pasted.first());
        return pasted;
    }
    m_scene->selectModule(0);
    for (ModuleId id : pasted) {
        if (ModuleItem *item = m_scene->moduleItem(id))
            item->setSelected(true);
    }
    return pasted;
}

void MainWindow::runOnce()
{
    if (m_runner->isRunning() || m_scenario->modules().isEmpty())
        return;
    if (!m_scenario->inputs().isEmpty()) {
        // The inputs first (docs/scenario-inputs.md); Cancel runs nothing.
        auto *form = new RunInputsForm(m_scenario->inputs(),
            RunInputsForm::lastValuesKey(m_session->filePath(), m_scenario->name()), this);
        form->setAttribute(Qt::WA_DeleteOnClose);
        connect(form, &QDialog::accepted, this, [this, form] {
            if (m_runner->isRunning())
                return;
            m_scene->clearStatuses();
            m_mappingPanel->clearModuleOutputs();
            m_session->runAllWithInputs(form->values());
        });
        form->open();
        return;
    }
    m_scene->clearStatuses();
    m_mappingPanel->clearModuleOutputs();
    m_session->runAll();
}

void MainWindow::runModule(ModuleId id)
{
    m_session->runModule(id);
}

void MainWindow::stopRun()
{
    m_session->stopRun();
}

QString MainWindow::filePath() const
{
    return m_session->filePath();
}

QWidget *MainWindow::createCanvasPage()
{
    auto *page = new QWidget(m_pages);
    m_view = new CanvasView(m_scene, page);
    // Canvas-only shortcuts: in a text field, Delete, Ctrl+C and Ctrl+V keep their meaning.
    m_view->addActions({m_delete, m_copy, m_paste, m_selectAll});

    // Make's bottom toolbar: a big "Run once", then the scenario's tools and the zoom. On a
    // narrow window the tools show their icons only.
    auto *bar = new CanvasToolBar(page);
    bar->setObjectName(QStringLiteral("canvasToolbar"));
    bar->addPrimary(m_runOnce)->setObjectName(QStringLiteral("runOnceButton"));
    bar->addTool(m_stop, QStringLiteral("stop"));
    bar->addSpacing(16);
    bar->addTool(m_addModule, QStringLiteral("add-module"));
    bar->addTool(m_scenarioSettings, QStringLiteral("rename"));
    bar->addTool(m_view->autoArrangeAction(), QStringLiteral("arrange"));
    bar->addStretch();
    // Short labels on the toolbar; the menus keep the full words and tooltips explain them.
    m_view->zoomOutAction()->setIconText(QStringLiteral("\u2212"));
    m_view->zoomInAction()->setIconText(QStringLiteral("+"));
    m_view->resetZoomAction()->setIconText(QStringLiteral("100%"));
    m_view->fitAllAction()->setIconText(tr("Fit"));
    m_scenarioSettings->setIconText(tr("Rename"));
    bar->addTool(m_view->zoomOutAction(), QStringLiteral("zoom-out"), true);
    bar->addTool(m_view->resetZoomAction(), QString());
    bar->addTool(m_view->zoomInAction(), QStringLiteral("zoom-in"), true);
    bar->addTool(m_view->fitAllAction(), QStringLiteral("fit"));

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addWidget(bar);
    return page;
}

bool MainWindow::isShowingWelcome() const
{
    return m_pages->currentWidget() == m_welcome;
}

bool MainWindow::isOfferingRecovery() const
{
    return !m_notice->isHidden();
}

void MainWindow::showCanvas()
{
    m_pages->setCurrentIndex(1);
    m_view->setFocus();
}

void MainWindow::fitCanvasSoon()
{
    // The view has its real size only once the window is shown and laid out.
    QTimer::singleShot(0, m_view, [view = m_view] {
        if (view->isVisible())
            view->fitAll();
    });
    m_fitPending = !m_view->isVisible();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_fitPending) {
        m_fitPending = false;
        QTimer::singleShot(0, m_view, &CanvasView::fitAll);
    }
}

void MainWindow::updateTitle()
{
    QString outcome;
    const auto state = m_session->runState();
    if (state == EditingSession::RunState::Succeeded || state == EditingSession::RunState::Failed) {
        outcome = QStringLiteral(" \u2014 ")
            + RunOutcome::summary(m_runner->lastStatus(), m_runner->results().flowRecord());
    }
    setWindowTitle(
        QStringLiteral("%1[*]%2 \u2014 Scenarist").arg(m_session->displayName(), outcome));
    setWindowModified(!m_undoStack->isClean());
}

void MainWindow::showStatus(const QString &message)
{
    statusBar()->showMessage(message, qMax(6000, int(message.size()) * 70));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_session->stopRun();
    m_session->discardAutosave();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    PrivateFiles::protectSettings(settings);
    event->accept();
}

void MainWindow::scheduleReferenceCheck()
{
    m_referenceCheck->start();
}

void MainWindow::checkReferences()
{
    for (const Module &module : m_scenario->modules()) {
        const QStringList problems = ModuleEditor::brokenReferences(*m_scenario, module.id);
        m_scene->setModuleBroken(module.id, problems.join(QLatin1Char('\n')));
    }
}
