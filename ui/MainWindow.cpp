#include "MainWindow.h"

#include "trust/TrustGuard.h"

#include "RecoveryStore.h"
#include "WelcomePage.h"
#include "help/Help.h"
#include "canvas/CanvasView.h"
#include "canvas/ScenarioScene.h"
#include "commands/AddModuleCommand.h"
#include "commands/EditModuleConfigCommand.h"
#include "commands/LinkCommand.h"
#include "canvas/ModuleItem.h"
#include "commands/RenameModuleCommand.h"
#include "commands/SetNoteCommand.h"
#include "connections/ConnectionsSetup.h"
#include "editor/ModuleEditor.h"
#include "inspector/InspectorPanel.h"
#include "mapping/MappingField.h"
#include "mapping/MappingPanel.h"
#include "io/CurlCommand.h"
#include "io/MakeBlueprint.h"
#include "io/PrivateFiles.h"
#include "io/ScenarioFile.h"
#include "run/RequestMapper.h"
#include "model/Scenario.h"
#include "run/ScenarioRunner.h"
#include "sandbox/SandboxServer.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QDockWidget>
#include <QScrollArea>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace {

constexpr int maxRecentFiles = 8;
const QString exampleResource =
    QStringLiteral(":/examples/oauth2-client-credentials.scenario.json");

/// Renaming the scenario is an edit like any other: undoable, and it marks the file changed.
class RenameScenarioCommand : public QUndoCommand
{
public:
    RenameScenarioCommand(Scenario *scenario, const QString &name)
        : QUndoCommand(QObject::tr("Rename the scenario"))
        , m_scenario(scenario)
        , m_old(scenario->name())
        , m_new(name)
    {
    }
    void redo() override
    {
        if (m_scenario)
            m_scenario->setName(m_new);
    }
    void undo() override
    {
        if (m_scenario)
            m_scenario->setName(m_old);
    }

private:
    QPointer<Scenario> m_scenario;
    QString m_old;
    QString m_new;
};

QString fileFilter()
{
    return QObject::tr("Scenarist scenarios (*.scenario.json *.json);;All files (*)");
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(Options{}, parent)
{
}

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_scenario(new Scenario(this))
    , m_undoStack(new QUndoStack(this))
    , m_runner(new ScenarioRunner(this))
    , m_sandbox(new SandboxServer(this))
    , m_recovery(new RecoveryStore(options.recoveryDirectory))
    , m_autosaveTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setWindowIcon(QIcon(QStringLiteral(":/icons/scenarist.svg")));

    // The sandbox lets the example run with no internet; another port if the usual is taken.
    if (!m_sandbox->start(m_options.sandboxPort))
        m_sandbox->start(0);
    if (m_sandbox->isRunning()) {
        m_runner->setNamedRoot(QStringLiteral("sandbox"),
                               QJsonObject{{QStringLiteral("url"), m_sandbox->baseUrl().toString()}});
        m_runner->setInProcessSandbox(m_sandbox->baseUrl());
    }

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
    m_trust = new TrustGuard(this, m_runner, this);
    m_trust->notice()->setParent(central);
    layout->addWidget(m_trust->notice());
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    connect(restore, &QPushButton::clicked, this, [this] { restoreRecovery(); });
    connect(discard, &QPushButton::clicked, this, [this] {
        for (const RecoveryStore::Entry &entry : m_recovery->leftovers())
            RecoveryStore::remove(entry);
        m_notice->hide();
    });

    createDocks();
    createMenus();
    // Connections and secrets (issue 4): keychain secrets for the runner, the Connections
    // dock and Run > Connections...; everything else lives in ui/connections.
    installConnections(this, m_scenario, m_undoStack, m_runner, m_editor);
    m_runStatus = new QLabel(this);
    statusBar()->addPermanentWidget(m_runStatus);

    connect(m_welcome, &WelcomePage::openExampleClicked, this, &MainWindow::openExample);
    connect(m_welcome, &WelcomePage::newScenarioClicked, this, &MainWindow::newScenario);
    connect(m_welcome, &WelcomePage::openFileClicked, this, &MainWindow::openWithDialog);

    connect(m_undoStack, &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_undoStack, &QUndoStack::indexChanged, this, [this] {
        updateActions();
        if (!m_undoStack->isClean() && !m_autosaveTimer->isActive())
            m_autosaveTimer->start();
    });
    connect(m_scenario, &Scenario::nameChanged, this, &MainWindow::updateTitle);

    m_autosaveTimer->setSingleShot(true);
    m_autosaveTimer->setInterval(m_options.autosaveIntervalMs);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosaveNow);

    connect(m_scene, &ScenarioScene::addModuleRequested, this,
            [this](const QPointF &pos, ModuleId after) { addModule(after, pos); });
    connect(m_scene, &ScenarioScene::runModuleRequested, this, &MainWindow::runModule);
    connect(m_scene, &ScenarioScene::renameRequested, this, &MainWindow::renameModule);
    connect(m_scene, &ScenarioScene::noteRequested, this, &MainWindow::editNote);
    connect(m_scene, &ScenarioScene::copyRequested, this,
            [this](ModuleId id) { copyModules({id}); });
    connect(m_scene, &ScenarioScene::selectionChangedToModule, this, [this](ModuleId id) {
        updateActions();
        if (id != 0) {
            editModule(id);
            inspectModule(id);
        }
    });
    connect(m_scene, &ScenarioScene::moduleActivated, this, &MainWindow::editModule);
    connect(m_scene, &ScenarioScene::inspectRequested, this, [this](ModuleId id) {
        m_scene->selectModule(id);
        inspectModule(id);
        m_inspectorDock->show();
        m_inspectorDock->raise();
        // The picker only helps while a field is being filled in.
        m_mappingDock->hide();
        m_inspector->setCurrentPage(InspectorPanel::OutputPage);
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
    connect(m_scenario, &Scenario::scenarioReset, this, [this] {
        editModule(0);
        inspectModule(0);
        m_mappingPanel->clearModuleOutputs();
        scheduleReferenceCheck();
    });

    connect(m_runner, &ScenarioRunner::runStarted, this, [this] {
        updateActions();
        m_runStatus->setText(tr("Running\u2026"));
    });
    connect(m_runner, &ScenarioRunner::moduleStarted, this, [this](ModuleId id) {
        m_scene->setModuleStatus(id, ModuleRunStatus::Running, 0);
    });
    connect(m_runner, &ScenarioRunner::moduleFinished, this, &MainWindow::onModuleFinished);
    connect(m_runner, &ScenarioRunner::runFinished, this, [this](bool ok) {
        updateActions();
        m_runStatus->setText(ok ? tr("Last run: every module succeeded")
                                : tr("Last run: a module failed, click it to see why"));
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
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1400, 900);

    m_pages->setCurrentWidget(m_welcome);
    updateTitle();
    updateActions();
    checkRecovery();
}

MainWindow::~MainWindow()
{
    // Children are destroyed after this body: the undo stack, scenario and runner must not
    // call back into a window that is half gone (UBSan saw it in the sanitizer build).
    m_undoStack->disconnect(this);
    m_scenario->disconnect(this);
    m_runner->disconnect(this);
    m_scene->disconnect(this);
    delete m_recovery;
}

void MainWindow::createActions()
{
    m_new = new QAction(tr("&New scenario"), this);
    m_new->setShortcut(QKeySequence::New);
    connect(m_new, &QAction::triggered, this, [this] {
        if (maybeSave())
            newScenario();
    });
    m_open = new QAction(tr("&Open\u2026"), this);
    m_open->setShortcut(QKeySequence::Open);
    connect(m_open, &QAction::triggered, this, &MainWindow::openWithDialog);
    m_openExample = new QAction(tr("Open the &example"), this);
    connect(m_openExample, &QAction::triggered, this, [this] {
        if (maybeSave())
            openExample();
    });
    m_save = new QAction(tr("&Save"), this);
    m_save->setShortcut(QKeySequence::Save);
    connect(m_save, &QAction::triggered, this, &MainWindow::save);
    m_saveAs = new QAction(tr("Save &as\u2026"), this);
    m_saveAs->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAs, &QAction::triggered, this, &MainWindow::saveAs);
    m_import = new QAction(tr("&Import a Make blueprint\u2026"), this);
    m_import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_import->setToolTip(tr("Opens a scenario exported from Make (Export blueprint)"));
    connect(m_import, &QAction::triggered, this, &MainWindow::importWithDialog);
    m_export = new QAction(tr("&Export as a Make blueprint\u2026"), this);
    m_export->setToolTip(tr("Saves the scenario as a blueprint you can import into Make"));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportWithDialog);
    m_pasteCurl = new QAction(tr("Paste a c&URL command\u2026"), this);
    m_pasteCurl->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_pasteCurl->setToolTip(tr("Turns a curl command (from a browser's \u201cCopy as cURL\u201d "
                               "or an API's documentation) into a module"));
    connect(m_pasteCurl, &QAction::triggered, this, &MainWindow::pasteCurlWithDialog);
    m_copyCurl = new QAction(tr("Copy the request as c&URL"), this);
    m_copyCurl->setToolTip(tr("Copies the selected module's request as a curl command, with "
                              "its mappings filled in from the last run"));
    connect(m_copyCurl, &QAction::triggered, this, [this] {
        const QList<ModuleId> selected = m_scene->selectedModules();
        if (selected.size() != 1)
            return;
        QGuiApplication::clipboard()->setText(curlForModule(selected.first()));
        showStatus(tr("Copied module %1's request as a curl command").arg(selected.first()));
    });

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_undo = m_undoStack->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_undoStack->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcut(QKeySequence::Redo);

    m_addModule = new QAction(tr("&Add a module"), this);
    m_addModule->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_addModule->setToolTip(tr("Adds an HTTP \u201cMake a request\u201d module after the last one"));
    connect(m_addModule, &QAction::triggered, this, [this] { addModule(); });
    m_delete = new QAction(tr("&Delete"), this);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_delete, &QAction::triggered, m_scene, &ScenarioScene::deleteSelection);

    m_copy = new QAction(tr("&Copy"), this);
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copy->setToolTip(tr("Copies the selected modules, to paste them here or in another "
                          "scenario"));
    connect(m_copy, &QAction::triggered, this, [this] { copyModules(m_scene->selectedModules()); });
    m_paste = new QAction(tr("&Paste"), this);
    m_paste->setShortcut(QKeySequence::Paste);
    m_paste->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_paste, &QAction::triggered, this, [this] { pasteModules(); });
    m_selectAll = new QAction(tr("Select &all modules"), this);
    m_selectAll->setShortcut(QKeySequence::SelectAll);
    m_selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_selectAll, &QAction::triggered, this, [this] {
        for (QGraphicsItem *item : m_scene->items())
            item->setSelected(item->flags() & QGraphicsItem::ItemIsSelectable);
    });

    m_runOnce = new QAction(tr("&Run once"), this);
    m_runOnce->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runOnce->setToolTip(tr("Runs every module in order, once (Ctrl+R)"));
    connect(m_runOnce, &QAction::triggered, this, &MainWindow::runOnce);
    m_runSelected = new QAction(tr("Run this &module only"), this);
    m_runSelected->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_runSelected->setToolTip(tr("Runs the selected module with the latest results of the "
                                 "modules before it"));
    connect(m_runSelected, &QAction::triggered, this, [this] {
        const QList<ModuleId> selected = m_scene->selectedModules();
        if (selected.size() == 1)
            runModule(selected.first());
    });
    m_stop = new QAction(tr("&Stop"), this);
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stop->setToolTip(tr("Stops the run at once (Ctrl+.)"));
    connect(m_stop, &QAction::triggered, this, &MainWindow::stopRun);
    m_scenarioSettings = new QAction(tr("Scenario &name\u2026"), this);
    m_scenarioSettings->setToolTip(tr("Renames the scenario"));
    connect(m_scenarioSettings, &QAction::triggered, this, &MainWindow::renameScenario);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_new);
    file->addAction(m_open);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    file->addAction(m_openExample);
    file->addSeparator();
    file->addAction(m_save);
    file->addAction(m_saveAs);
    file->addSeparator();
    file->addAction(m_import);
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_quit);
    rebuildRecentMenu();

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    edit->addSeparator();
    edit->addAction(m_copy);
    edit->addAction(m_paste);
    edit->addAction(m_selectAll);
    edit->addSeparator();
    edit->addAction(m_pasteCurl);
    edit->addAction(m_copyCurl);
    edit->addSeparator();
    edit->addAction(m_addModule);
    edit->addAction(m_delete);
    edit->addSeparator();
    edit->addAction(m_scenarioSettings);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_view->zoomInAction());
    view->addAction(m_view->zoomOutAction());
    view->addAction(m_view->resetZoomAction());
    view->addAction(m_view->fitAllAction());
    view->addSeparator();
    view->addAction(m_view->autoArrangeAction());
    view->addSeparator();
    view->addAction(m_settingsDock->toggleViewAction());
    view->addAction(m_mappingDock->toggleViewAction());
    view->addAction(m_inspectorDock->toggleViewAction());

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runOnce);
    run->addAction(m_runSelected);
    run->addAction(m_stop);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    Help::addActions(help, this, m_settingsDock);
    help->addAction(tr("About the &sandbox"), this, [this] {
        QMessageBox::information(
            this, tr("The sandbox"),
            tr("Scenarist runs a small practice API on this computer at %1.\n\n"
               "Token address: %1/oauth/token\nDemo client: demo-client / demo-secret\n"
               "Protected addresses: %1/api/me, %1/api/items\n\n"
               "Scenarios reach it as {{sandbox.url}}.")
                .arg(m_sandbox->baseUrl().toString()));
    });
    help->addAction(tr("&About Scenarist"), this, [this] {
        QMessageBox::about(this, tr("About Scenarist"),
                           tr("Scenarist %1\nChain web requests on a canvas, run them, and see "
                              "what each one sent and received.")
                               .arg(QApplication::applicationVersion()));
    });
}

QWidget *MainWindow::createCanvasPage()
{
    auto *page = new QWidget(m_pages);
    m_view = new CanvasView(m_scene, page);
    // Canvas-only shortcuts: in a text field, Delete, Ctrl+C and Ctrl+V keep their meaning.
    m_view->addActions({m_delete, m_copy, m_paste, m_selectAll});

    // Make's bottom toolbar: a big "Run once", then the scenario's tools and the zoom.
    auto *bar = new QFrame(page);
    bar->setObjectName(QStringLiteral("canvasToolbar"));
    bar->setFrameShape(QFrame::StyledPanel);
    auto *barLayout = new QHBoxLayout(bar);
    barLayout->setContentsMargins(12, 6, 12, 6);
    auto *runButton = new QToolButton(bar);
    runButton->setObjectName(QStringLiteral("runOnceButton"));
    runButton->setDefaultAction(m_runOnce);
    runButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    runButton->setMinimumSize(120, 40);
    QFont runFont = runButton->font();
    runFont.setBold(true);
    runFont.setPointSizeF(runFont.pointSizeF() * 1.15);
    runButton->setFont(runFont);
    runButton->setStyleSheet(QStringLiteral(
        "QToolButton { background: #7b3ff2; color: white; border-radius: 20px; padding: 4px 18px; }"
        "QToolButton:disabled { background: #b9a3e8; }"
        "QToolButton:hover { background: #6a2fe0; }"));
    barLayout->addWidget(runButton);
    const auto addTool = [bar, barLayout](QAction *action) {
        auto *button = new QToolButton(bar);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        barLayout->addWidget(button);
        return button;
    };
    addTool(m_stop);
    barLayout->addSpacing(16);
    addTool(m_addModule);
    addTool(m_scenarioSettings);
    addTool(m_view->autoArrangeAction());
    barLayout->addStretch(1);
    // Short labels on the toolbar; the menus keep the full words and tooltips explain them.
    m_view->zoomOutAction()->setIconText(QStringLiteral("\u2212"));
    m_view->zoomInAction()->setIconText(QStringLiteral("+"));
    m_view->resetZoomAction()->setIconText(QStringLiteral("100%"));
    m_view->fitAllAction()->setIconText(tr("Fit"));
    m_scenarioSettings->setIconText(tr("Rename"));
    addTool(m_view->zoomOutAction());
    addTool(m_view->resetZoomAction());
    addTool(m_view->zoomInAction());
    addTool(m_view->fitAllAction());

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
    const QString name = m_filePath.isEmpty() ? m_scenario->name()
                                              : QFileInfo(m_filePath).fileName();
    setWindowTitle(QStringLiteral("%1[*] \u2014 Scenarist").arg(name));
    setWindowModified(!m_undoStack->isClean());
}

void MainWindow::updateActions()
{
    const bool running = m_runner->isRunning();
    const bool onCanvas = !isShowingWelcome();
    m_runOnce->setEnabled(!running && onCanvas && !m_scenario->modules().isEmpty());
    m_runSelected->setEnabled(!running && m_scene->selectedModules().size() == 1);
    m_stop->setEnabled(running);
    m_save->setEnabled(onCanvas);
    m_saveAs->setEnabled(onCanvas);
    m_addModule->setEnabled(onCanvas);
    m_export->setEnabled(onCanvas && !m_scenario->modules().isEmpty());
    m_copyCurl->setEnabled(m_scene->selectedModules().size() == 1);
}

void MainWindow::showStatus(const QString &message)
{
    statusBar()->showMessage(message, 6000);
}

void MainWindow::setFilePath(const QString &path)
{
    m_filePath = path;
    if (!path.isEmpty())
        addRecentFile(path);
    updateTitle();
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList files = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), files);
    PrivateFiles::protectSettings(settings);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &file : files) {
        QAction *action = m_recentMenu->addAction(QFileInfo(file).fileName());
        action->setToolTip(QDir::toNativeSeparators(file));
        connect(action, &QAction::triggered, this, [this, file] {
            if (maybeSave())
                openFile(file);
        });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::newScenario()
{
    m_runner->clearResults();
    m_scene->clearStatuses();
    ScenarioDocument().applyTo(*m_scenario);
    m_undoStack->clear();
    setFilePath(QString());
    m_trust->setDocument(true, QString());
    showCanvas();
    updateActions();
}

void MainWindow::openExample()
{
    QString error;
    QFile file(exampleResource);
    std::optional<ScenarioDocument> doc;
    if (file.open(QIODevice::ReadOnly))
        doc = ScenarioFile::parse(file.readAll(), &error);
    else
        error = tr("The example is missing from this build of Scenarist.");
    if (!doc) {
        QMessageBox::warning(this, tr("Could not open the example"), error);
        return;
    }
    m_runner->clearResults();
    m_scene->clearStatuses();
    doc->applyTo(*m_scenario);
    m_undoStack->clear();
    setFilePath(QString());
    m_trust->setDocument(true, QString()); // it comes with the app
    showCanvas();
    fitCanvasSoon();
    updateActions();
    showStatus(tr("This example runs against the built-in sandbox. Press \u201cRun once\u201d."));
}

bool MainWindow::openFile(const QString &path)
{
    if (MakeBlueprint::isBlueprintFile(path))
        return importBlueprint(path);
    QString error;
    const std::optional<ScenarioDocument> doc = ScenarioFile::load(path, &error);
    if (!doc) {
        QMessageBox::warning(this, tr("Could not open the scenario"), error);
        return false;
    }
    m_runner->clearResults();
    m_scene->clearStatuses();
    doc->applyTo(*m_scenario);
    m_undoStack->clear();
    setFilePath(path);
    m_trust->setDocument(isOwnFile(path), path);
    showCanvas();
    fitCanvasSoon();
    updateActions();
    if (!doc->warnings.isEmpty())
        showStatus(doc->warnings.join(QLatin1Char(' ')));
    return true;
}

bool MainWindow::isOwnFile(const QString &path)
{
    // As much as the scenario reader accepts, and one byte more (then it is not a scenario).
    constexpr qint64 readerCap = 64LL * 1024 * 1024;
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && TrustGuard::isTrustedFile(file.read(readerCap + 1));
}

bool MainWindow::importBlueprint(const QString &path)
{
    QString error;
    const std::optional<MakeBlueprint::ImportResult> result = MakeBlueprint::importFile(path, &error);
    if (!result) {
        QMessageBox::warning(this, tr("Could not import the blueprint"), error);
        return false;
    }
    m_runner->clearResults();
    m_scene->clearStatuses();
    result->document.applyTo(*m_scenario);
    m_undoStack->clear();
    // A new scenario that is not saved yet: Save asks where, and closing asks first.
    m_undoStack->resetClean();
    setFilePath(QString());
    m_trust->setDocument(false, path); // made elsewhere, by definition
    showCanvas();
    fitCanvasSoon();
    updateActions();
    if (result->report.isEmpty()) {
        showStatus(tr("Imported every module of %1.").arg(QFileInfo(path).fileName()));
    } else {
        // Nothing is dropped silently: say what could not be converted.
        QMessageBox box(QMessageBox::Information, tr("Imported from Make"),
                        tr("The blueprint was imported. %n thing(s) could not be converted "
                           "and are kept as they were (grey modules on the canvas cannot run "
                           "here):",
                           nullptr, int(result->report.size())),
                        QMessageBox::Ok, this);
        box.setInformativeText(QStringLiteral("\u2022 ")
                               + result->report.join(QStringLiteral("\n\u2022 ")));
        box.setObjectName(QStringLiteral("importReport"));
        box.exec();
    }
    return true;
}

void MainWindow::importWithDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import a Make blueprint"), QString(),
        tr("Make blueprints (*.json *.blueprint.json);;All files (*)"));
    if (!path.isEmpty())
        importBlueprint(path);
}

bool MainWindow::exportBlueprint(const QString &path)
{
    QStringList report;
    const QJsonObject blueprint
        = MakeBlueprint::exportBlueprint(ScenarioDocument::fromScenario(*m_scenario), &report);
    QString error;
    if (!ScenarioFile::writeAtomically(path, QJsonDocument(blueprint).toJson(), &error)) {
        QMessageBox::warning(this, tr("Could not export"), error);
        return false;
    }
    if (!report.isEmpty()) {
        QMessageBox::information(this, tr("Exported for Make"),
                                 tr("The blueprint was written. Make cannot hold everything:")
                                     + QStringLiteral("\n\u2022 ")
                                     + report.join(QStringLiteral("\n\u2022 ")));
    } else {
        showStatus(tr("Exported to %1").arg(QDir::toNativeSeparators(path)));
    }
    return true;
}

void MainWindow::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export as a Make blueprint"),
        QDir::home().filePath(m_scenario->name() + QStringLiteral(".blueprint.json")),
        tr("Make blueprints (*.json)"));
    if (!path.isEmpty())
        exportBlueprint(path);
}

ModuleId MainWindow::importCurl(const QString &command, ModuleId target)
{
    CurlCommand::ParseResult parsed = CurlCommand::parse(command);
    if (!parsed.error.isEmpty()) {
        QMessageBox::warning(this, tr("Could not read the curl command"), parsed.error);
        return 0;
    }
    // A pasted command comes from someone else: its @file options are read only once the
    // person has seen which files they are (docs/sharing-scenarios-safely.md). Nothing of a
    // file is in the module, hence in an autosave, unless they say yes.
    const QStringList files = parsed.inlinedFiles();
    if (!files.isEmpty()) {
        QStringList listed;
        // A relative path is read from the home folder (where a terminal usually starts):
        // show where that is.
        for (const QString &file : files)
            listed.append(QStringLiteral("\u2022 ")
                + (QDir::isAbsolutePath(file) ? file : QDir::home().absoluteFilePath(file)));
        const QMessageBox::StandardButton answer
            = QMessageBox::question(this, tr("Read files from this computer?"),
                tr("This command reads these files from your computer:\n%1\n\nRead them into "
                   "the module? Their contents become part of the scenario, and anyone you share "
                   "it with can read them.")
                    .arg(listed.join(QLatin1Char('\n'))),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer == QMessageBox::Yes) {
            // Any file the person agreed to, but never a device, a pipe or a system file.
            FileAccessPolicy policy;
            policy.anywhere = true;
            policy.baseFolder = QDir::homePath();
            CurlCommand::readFiles(parsed, policy);
        } else {
            parsed.warnings.append(
                tr("The files were not read: the module holds a placeholder where their "
                   "contents would go."));
        }
    }
    if (target != 0 && m_scenario->contains(target)) {
        m_undoStack->push(new EditModuleConfigCommand(m_scenario, target, parsed.spec));
    } else {
        // One undo step for "a new module with these settings".
        m_undoStack->beginMacro(tr("Add a module from a curl command"));
        target = addModule();
        if (target != 0)
            m_undoStack->push(new EditModuleConfigCommand(m_scenario, target, parsed.spec));
        m_undoStack->endMacro();
        if (target == 0)
            return 0;
    }
    editModule(target);
    if (!parsed.warnings.isEmpty())
        showStatus(parsed.warnings.join(QLatin1Char(' ')));
    return target;
}

void MainWindow::pasteCurlWithDialog()
{
    if (isShowingWelcome())
        newScenario();
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Paste a curl command"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *hint = new QLabel(tr("Paste a curl command, for example from your browser's developer "
                               "tools (\u201cCopy as cURL\u201d) or from an API's documentation."),
                            &dialog);
    hint->setWordWrap(true);
    auto *text = new QPlainTextEdit(&dialog);
    text->setPlaceholderText(QStringLiteral("curl 'https://api.example.com/items' -H 'Accept: application/json'"));
    const QString clipboard = QGuiApplication::clipboard()->text();
    if (clipboard.trimmed().startsWith(QLatin1String("curl")))
        text->setPlainText(clipboard);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create a module"));
    const QList<ModuleId> selected = m_scene->selectedModules();
    QPushButton *replace = nullptr;
    if (selected.size() == 1) {
        replace = buttons->addButton(tr("Replace module %1's settings").arg(selected.first()),
                                     QDialogButtonBox::ActionRole);
    }
    layout->addWidget(hint);
    layout->addWidget(text, 1);
    layout->addWidget(buttons);
    dialog.resize(640, 360);
    ModuleId target = 0;
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (replace) {
        connect(replace, &QPushButton::clicked, &dialog, [&] {
            // Replacing loses what the module had: ask first (it can be undone, too).
            if (QMessageBox::question(&dialog, tr("Replace the settings?"),
                                      tr("Module %1's URL, headers and body will be replaced by "
                                         "the curl command's. You can undo this.")
                                          .arg(selected.first()))
                == QMessageBox::Yes) {
                target = selected.first();
                dialog.accept();
            }
        });
    }
    if (dialog.exec() == QDialog::Accepted)
        importCurl(text->toPlainText(), target);
}

QString MainWindow::curlForModule(ModuleId id) const
{
    const Module module = m_scenario->module(id);
    MappingContext context;
    context.moduleOutputs = m_runner->results().outputs();
    context.largeData = m_runner->results().largeOutputs();
    context.namedRoots.insert(QStringLiteral("sandbox"),
                              QJsonObject{{QStringLiteral("url"), m_sandbox->baseUrl().toString()}});
    const RequestMapper::Result resolved = RequestMapper::resolve(module.config, context);
    return CurlCommand::fromSpec(resolved.request, resolved.secretValues, false);
}

void MainWindow::openWithDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), QString(),
                                                      fileFilter());
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::saveTo(const QString &path)
{
    QString error;
    const QByteArray bytes = ScenarioFile::serialize(ScenarioDocument::fromScenario(*m_scenario));
    if (!ScenarioFile::writeAtomically(path, bytes, &error)) {
        QMessageBox::warning(this, tr("Could not save"), error);
        return false;
    }
    m_trust->documentSaved(path, bytes);
    m_undoStack->setClean();
    m_recovery->discard();
    setFilePath(path);
    showStatus(tr("Saved to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MainWindow::save()
{
    if (m_filePath.isEmpty())
        return saveAs();
    return saveTo(m_filePath);
}

bool MainWindow::saveAs()
{
    QString suggestion = m_filePath;
    if (suggestion.isEmpty()) {
        suggestion = QDir::home().filePath(m_scenario->name().simplified().replace(
                                               QLatin1Char('/'), QLatin1Char('-'))
                                           + ScenarioFile::suggestedSuffix());
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save the scenario"), suggestion,
                                                fileFilter());
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".json")))
        path += ScenarioFile::suggestedSuffix();
    return saveTo(path);
}

bool MainWindow::maybeSave()
{
    if (m_undoStack->isClean())
        return true;
    const QMessageBox::StandardButton answer = QMessageBox::question(
        this, tr("Save your changes?"),
        tr("\u201c%1\u201d has changes that are not saved. Save them before closing it?")
            .arg(m_scenario->name()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_runner->cancel();
    m_recovery->discard();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    PrivateFiles::protectSettings(settings);
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = event->mimeData()->urls().first().toLocalFile();
    event->acceptProposedAction();
    // Open after the drop finishes, so that a question (save changes?) does not run inside
    // the drag and drop machinery.
    QTimer::singleShot(0, this, [this, path] {
        if (maybeSave())
            openFile(path);
    });
}

void MainWindow::autosaveNow()
{
    if (m_undoStack->isClean() || isShowingWelcome())
        return;
    QString error;
    if (!m_recovery->save(ScenarioDocument::fromScenario(*m_scenario), m_filePath, &error))
        showStatus(tr("Autosave failed: %1").arg(error));
}

void MainWindow::checkRecovery()
{
    const QList<RecoveryStore::Entry> leftovers = m_recovery->leftovers();
    if (leftovers.isEmpty())
        return;
    const RecoveryStore::Entry &newest = leftovers.first();
    const QString what = newest.originalPath.isEmpty()
        ? tr("the unsaved scenario \u201c%1\u201d").arg(newest.scenarioName)
        : tr("unsaved changes to %1").arg(QFileInfo(newest.originalPath).fileName());
    m_noticeText->setText(tr("Scenarist was closed without saving %1 (autosaved %2). "
                             "Restore it?")
                              .arg(what, QLocale().toString(newest.savedAt.toLocalTime(),
                                                            QLocale::ShortFormat)));
    m_notice->show();
}

bool MainWindow::restoreRecovery()
{
    const QList<RecoveryStore::Entry> leftovers = m_recovery->leftovers();
    if (leftovers.isEmpty())
        return false;
    const RecoveryStore::Entry entry = leftovers.first();
    QString error;
    const std::optional<ScenarioDocument> doc = ScenarioFile::load(entry.autosavePath, &error);
    if (!doc) {
        QMessageBox::warning(this, tr("Could not restore"), error);
        return false;
    }
    m_runner->clearResults();
    m_scene->clearStatuses();
    doc->applyTo(*m_scenario);
    m_undoStack->clear();
    // The restored work is not saved yet: keep it marked as changed, and keep its autosave
    // until it is saved, moving it under this window's name.
    m_filePath = entry.originalPath;
    m_undoStack->resetClean();
    // Trusted only when it belongs to a file of the user's own (an autosave records nothing
    // of where its content came from).
    m_trust->setDocument(!entry.originalPath.isEmpty() && isOwnFile(entry.originalPath),
        entry.originalPath);
    RecoveryStore::remove(entry);
    autosaveNow();
    updateTitle();
    showCanvas();
    fitCanvasSoon();
    m_notice->hide();
    updateActions();
    return true;
}

ModuleId MainWindow::addModule(ModuleId after, const QPointF &position)
{
    if (isShowingWelcome())
        showCanvas();
    // A full scenario (docs/scenario-file-limits.md) says so instead of saving a file that
    // would not open again.
    QString why;
    if (!m_scenario->canAddModules(1, &why)) {
        QMessageBox::warning(this, tr("Could not add a module"), why);
        return 0;
    }
    const QList<ModuleId> order = m_scenario->runOrder();
    if (after == 0 && !order.isEmpty())
        after = order.last();
    Module module;
    if (!qIsNaN(position.x())) {
        module.position = position;
    } else if (after != 0) {
        module.position = m_scenario->module(after).position
            + QPointF(ScenarioScene::ModuleSpacing, 0);
    }
    auto *command = new AddModuleCommand(m_scenario, module, after);
    m_undoStack->push(command);
    const ModuleId id = command->moduleId();
    m_scene->selectModule(id);
    updateActions();
    return id;
}

void MainWindow::copyModules(const QList<ModuleId> &ids)
{
    if (ids.isEmpty())
        return;
    // The clipboard holds a small scenario file: readable, and pasteable into any scenario.
    ScenarioDocument doc;
    doc.name = m_scenario->name();
    for (ModuleId id : ids) {
        if (const Module *module = m_scenario->findModule(id))
            doc.modules.append(*module);
    }
    for (const Link &link : m_scenario->links()) {
        if (ids.contains(link.from) && ids.contains(link.to))
            doc.links.append(link);
    }
    auto *mime = new QMimeData;
    const QByteArray bytes = ScenarioFile::serialize(doc);
    mime->setData(QStringLiteral("application/x-scenarist-scenario"), bytes);
    mime->setText(QString::fromUtf8(bytes));
    QGuiApplication::clipboard()->setMimeData(mime);
    showStatus(ids.size() == 1 ? tr("Copied module %1").arg(ids.first())
                               : tr("Copied %1 modules").arg(ids.size()));
}

QList<ModuleId> MainWindow::pasteModules()
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (!mime || isShowingWelcome())
        return {};
    const bool ours = mime->hasFormat(QStringLiteral("application/x-scenarist-scenario"));
    const QByteArray bytes = ours ? mime->data(QStringLiteral("application/x-scenarist-scenario"))
                                  : mime->text().toUtf8();
    QString error;
    const std::optional<ScenarioDocument> doc = ScenarioFile::parse(bytes, &error);
    if (!doc || doc->modules.isEmpty()) {
        showStatus(tr("The clipboard holds no Scenarist modules to paste."));
        return {};
    }
    QString why;
    // A pasted scenario is a parsed file: at most Scenario::maxModules modules.
    if (!m_scenario->canAddModules(int(doc->modules.size()), &why)) {
        QMessageBox::warning(this, tr("Could not paste"), why);
        return {};
    }
    // New ids (ids are never reused), links between the pasted modules kept, and a small
    // offset so the copies do not hide the originals.
    QHash<ModuleId, ModuleId> newIds;
    ModuleId next = m_scenario->nextId();
    for (const Module &module : doc->modules)
        newIds.insert(module.id, next++);
    m_undoStack->beginMacro(doc->modules.size() == 1 ? tr("Paste a module")
                                                     : tr("Paste %1 modules").arg(doc->modules.size()));
    for (Module module : doc->modules) {
        module.id = newIds.value(module.id);
        module.position += QPointF(40, 40);
        m_undoStack->push(new AddModuleCommand(m_scenario, module));
    }
    for (const Link &link : doc->links)
        m_undoStack->push(new LinkCommand(m_scenario, newIds.value(link.from), newIds.value(link.to)));
    m_undoStack->endMacro();
    // Modules pasted as text come from anywhere (a web page, a chat): the scenario now holds
    // someone else's settings, so it asks again before reading files.
    if (!ours)
        m_trust->setDocument(false, m_filePath);
    const QList<ModuleId> pasted = newIds.values();
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
    m_scene->clearStatuses();
    m_mappingPanel->clearModuleOutputs();
    m_trust->beforeRun(*m_scenario, m_scenario->runOrder(), [this] {
        if (!m_runner->isRunning())
            m_runner->runAll(*m_scenario);
    });
}

void MainWindow::runModule(ModuleId id)
{
    if (m_runner->isRunning())
        return;
    m_trust->beforeRun(*m_scenario, {id}, [this, id] {
        if (!m_runner->isRunning())
            m_runner->runModule(*m_scenario, id);
    });
}

void MainWindow::stopRun()
{
    m_runner->cancel();
}

void MainWindow::onModuleFinished(ModuleId id, ModuleRunStatus status)
{
    const ModuleRun run = m_runner->results().run(id);
    m_scene->setModuleStatus(id, status, run.operations);
    if (id == m_inspected || (m_inspected == 0 && status == ModuleRunStatus::Failed))
        inspectModule(id);
    // Later modules' fields can now pick from what this one really returned.
    if (status == ModuleRunStatus::Succeeded) {
        QJsonObject output = run.output;
        if (run.exchange.largeData) {
            // Its shape from the first items is enough to pick fields from; the mappings read
            // the whole body when they run.
            output.insert(QStringLiteral("data"), run.exchange.largeData->sample(20, 200, 8));
        }
        m_mappingPanel->setModuleOutput(id, m_scenario->module(id).displayName(), output);
    }
}

void MainWindow::createDocks()
{
    setDockNestingEnabled(true);
    m_editor = new ModuleEditor(this);
    m_editor->setScenario(m_scenario, m_undoStack);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_editor);
    scroll->setAccessibleName(tr("Module settings"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_settingsDock = new QDockWidget(tr("Module settings"), this);
    m_settingsDock->setObjectName(QStringLiteral("settingsDock"));
    m_settingsDock->setWidget(scroll);
    m_settingsDock->setMinimumWidth(380);
    addDockWidget(Qt::RightDockWidgetArea, m_settingsDock);

    m_mappingPanel = new MappingPanel(this);
    m_mappingPanel->setScenario(m_scenario);
    m_mappingDock = new QDockWidget(tr("Map a value"), this);
    m_mappingDock->setObjectName(QStringLiteral("mappingDock"));
    m_mappingDock->setWidget(m_mappingPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_mappingDock);
    splitDockWidget(m_settingsDock, m_mappingDock, Qt::Horizontal);
    m_mappingDock->setMinimumWidth(280);
    resizeDocks({m_settingsDock, m_mappingDock}, {420, 320}, Qt::Horizontal);
    // Make shows its picker while a field is being filled in: so do we.
    m_mappingDock->hide();
    connect(m_mappingPanel, &MappingPanel::targetFieldChanged, this, [this](MappingField *field) {
        if (field && m_settingsDock->isVisible())
            m_mappingDock->show();
    });
    m_settingsDock->hide();

    m_inspector = new InspectorPanel(this);
    m_inspectorDock = new QDockWidget(tr("Last run"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    tabifyDockWidget(m_settingsDock, m_inspectorDock);
    m_inspectorDock->hide();
    connect(m_inspector, &InspectorPanel::copied, this,
            [this](const QString &what) { showStatus(tr("Copied %1").arg(what)); });
}

void MainWindow::inspectModule(ModuleId id)
{
    m_inspected = id;
    if (id == 0 || !m_runner->results().contains(id)) {
        m_inspector->clear();
        return;
    }
    m_inspector->setRun(m_scenario->module(id), m_runner->results().run(id));
}

void MainWindow::editModule(ModuleId id)
{
    if (id != 0 && !m_scenario->contains(id))
        id = 0;
    m_editor->setModule(id);
    if (id != 0) {
        m_settingsDock->show();
        m_mappingDock->show();
        if (!m_inspectorDock->isVisible() || m_inspector->isEmpty())
            m_settingsDock->raise();
        if (!m_scene->selectedModules().contains(id))
            m_scene->selectModule(id);
    }
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

void MainWindow::renameModule(ModuleId id)
{
    bool ok = false;
    const QString label = QInputDialog::getText(this, tr("Rename module %1").arg(id),
                                                tr("Name:"), QLineEdit::Normal,
                                                m_scenario->module(id).label, &ok);
    if (ok)
        m_undoStack->push(new RenameModuleCommand(m_scenario, id, label));
}

void MainWindow::editNote(ModuleId id)
{
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(this, tr("Note on module %1").arg(id),
                                                        tr("Note:"), m_scenario->module(id).note,
                                                        &ok);
    if (ok)
        m_undoStack->push(new SetNoteCommand(m_scenario, id, note));
}

void MainWindow::renameScenario()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Scenario name"), tr("Name:"),
                                               QLineEdit::Normal, m_scenario->name(), &ok);
    if (ok && !name.trimmed().isEmpty() && name != m_scenario->name())
        m_undoStack->push(new RenameScenarioCommand(m_scenario, name.trimmed()));
}
