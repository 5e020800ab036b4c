#include "ui/MainWindow.h"

#include "core/io/PrivateFiles.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "core/sandbox/SandboxServer.h"
#include "ui/WelcomePage.h"
#include "ui/canvas/CanvasView.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/commands/EditScenarioInputsCommand.h"
#include "ui/commands/RenameModuleCommand.h"
#include "ui/commands/RenameScenarioCommand.h"
#include "ui/commands/SetNoteCommand.h"
#include "ui/help/Help.h"
#include "ui/inputs/ScenarioInputsDialog.h"
#include "ui/session/EditingSession.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QUndoCommand>
#include <QUndoStack>

// The window's actions and menus, the recent files, and the small dialogs they open.

namespace {

constexpr int maxRecentFiles = 8;

} // namespace

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
    m_exportImage = new QAction(tr("Export as &image\u2026"), this);
    m_exportImage->setObjectName(QStringLiteral("exportImage"));
    m_exportImage->setToolTip(tr("Saves the whole canvas as a picture (PNG or SVG), to share "
                                 "or to put in a document"));
    connect(m_exportImage, &QAction::triggered, this, &MainWindow::exportImageWithDialog);
    m_pasteCurl = new QAction(tr("Paste a c&URL command\u2026"), this);
    m_pasteCurl->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_pasteCurl->setToolTip(tr("Turns a curl command (from a browser's “Copy as cURL\u201d "
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
    m_addModule->setToolTip(
        tr("Adds an HTTP \u201cMake a request\u201d module after the last one"));
    connect(m_addModule, &QAction::triggered, this, [this] { chooseAndAddModule(); });
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
    m_schedule = new QAction(tr("&Schedule\u2026"), this);
    m_schedule->setObjectName(QStringLiteral("schedule"));
    m_schedule->setToolTip(tr("Runs the saved scenario on its own: every few minutes, every day "
                              "or on the days you choose"));
    connect(m_schedule, &QAction::triggered, this, &MainWindow::scheduleWithDialog);
    m_scenarioSettings = new QAction(tr("Scenario &name\u2026"), this);
    m_scenarioSettings->setToolTip(tr("Renames the scenario"));
    connect(m_scenarioSettings, &QAction::triggered, this, &MainWindow::renameScenario);
    m_scenarioInputs = new QAction(tr("Scenario &inputs\u2026"), this);
    m_scenarioInputs->setToolTip(tr("Declares the values the scenario asks for each time it "
                                    "runs, such as a search word"));
    connect(m_scenarioInputs, &QAction::triggered, this, &MainWindow::editScenarioInputs);
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
    file->addAction(m_exportImage);
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

    QMenu *scenarioMenu = menuBar()->addMenu(tr("&Scenario"));
    scenarioMenu->addAction(m_scenarioInputs);
    scenarioMenu->addAction(m_schedule);

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
    view->addAction(m_historyDock->toggleViewAction());

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runOnce);
    run->addAction(m_runSelected);
    run->addAction(m_stop);
    run->addSeparator();
    run->addAction(m_recordHistory);
    run->addAction(m_deleteHistory);
    run->addAction(m_teamHistory);
    run->addAction(m_localHistory);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    Help::addActions(help, this, m_settingsDock);
    // The welcome page's "Getting started" link is the menu's first page.
    if (!help->actions().isEmpty())
        connect(m_welcome, &WelcomePage::gettingStartedClicked, help->actions().first(),
            &QAction::trigger);
    help->addAction(tr("About the &sandbox"), this, [this] {
        QMessageBox::information(this, tr("The sandbox"),
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

void MainWindow::updateActions()
{
    const bool running = m_runner->isRunning();
    const bool onCanvas = !isShowingWelcome();
    m_runOnce->setEnabled(!running && onCanvas && !m_scenario->modules().isEmpty());
    m_runSelected->setEnabled(!running && m_scene->selectedModules().size() == 1);
    m_stop->setEnabled(running);
    m_save->setEnabled(onCanvas);
    m_saveAs->setEnabled(onCanvas);
    m_schedule->setEnabled(onCanvas);
    m_addModule->setEnabled(onCanvas);
    m_export->setEnabled(onCanvas && !m_scenario->modules().isEmpty());
    m_exportImage->setEnabled(onCanvas && !m_scenario->modules().isEmpty());
    m_copyCurl->setEnabled(m_scene->selectedModules().size() == 1);
    if (m_deleteHistory)
        m_deleteHistory->setEnabled(onCanvas && !m_session->filePath().isEmpty());
    // A recorded run shows read-only (docs/run-history.md): no edit, no run, until "Back to
    // the editor".
    const bool pastRun = isShowingPastRun();
    for (QAction *action :
        {m_view->autoArrangeAction(), m_delete, m_paste, m_pasteCurl, m_scenarioSettings})
        action->setEnabled(!pastRun);
    m_scenarioInputs->setEnabled(onCanvas && !pastRun);
    m_undo->setEnabled(!pastRun && m_undoStack->canUndo());
    m_redo->setEnabled(!pastRun && m_undoStack->canRedo());
    if (pastRun) {
        for (QAction *action : {m_addModule, m_runOnce, m_runSelected, m_deleteHistory})
            action->setEnabled(false);
    }
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

void MainWindow::renameModule(ModuleId id)
{
    bool ok = false;
    const QString label = QInputDialog::getText(this, tr("Rename module %1").arg(id), tr("Name:"),
        QLineEdit::Normal, m_scenario->module(id).label, &ok);
    if (ok)
        m_undoStack->push(new RenameModuleCommand(m_scenario, id, label));
}

void MainWindow::editNote(ModuleId id)
{
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(
        this, tr("Note on module %1").arg(id), tr("Note:"), m_scenario->module(id).note, &ok);
    if (ok)
        m_undoStack->push(new SetNoteCommand(m_scenario, id, note));
}

void MainWindow::editScenarioInputs()
{
    auto *dialog = new ScenarioInputsDialog(m_scenario->inputs(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (dialog->inputs() != m_scenario->inputs())
            m_undoStack->push(new EditScenarioInputsCommand(m_scenario, dialog->inputs()));
    });
    dialog->open();
}

void MainWindow::renameScenario()
{
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Scenario name"), tr("Name:"), QLineEdit::Normal, m_scenario->name(), &ok);
    if (ok && !name.trimmed().isEmpty() && name != m_scenario->name())
        m_undoStack->push(new RenameScenarioCommand(m_scenario, name.trimmed()));
}
