#include "ui/connections/ConnectionsSetup.h"

#include "core/run/ScenarioRunner.h"
#include "ui/connections/ConnectionsPanel.h"
#include "ui/connections/KeychainSecretProvider.h"
#include "ui/editor/ModuleEditor.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

ConnectionsPanel *installConnections(QMainWindow *window, Scenario *scenario, QUndoStack *undoStack,
    ScenarioRunner *runner, ModuleEditor *editor)
{
    auto *secrets = new KeychainSecretProvider(window);
    secrets->setObjectName(QStringLiteral("secretProvider"));
    secrets->setDialogParent(window);
    runner->setSecretProvider(secrets);

    auto *panel = new ConnectionsPanel(window);
    panel->setScenario(scenario, undoStack);
    panel->setRunner(runner);
    panel->setSecretProvider(secrets);

    auto *dock = new QDockWidget(QObject::tr("Connections"), window);
    dock->setObjectName(QStringLiteral("connectionsDock"));
    dock->setWidget(panel);
    window->addDockWidget(Qt::RightDockWidgetArea, dock);
    // A tab beside the module's settings and the last run, so each gets the full height.
    if (auto *settings = window->findChild<QDockWidget *>(QStringLiteral("settingsDock")))
        window->tabifyDockWidget(settings, dock);
    dock->hide();

    auto *action = new QAction(QObject::tr("&Connections\u2026"), window);
    action->setObjectName(QStringLiteral("connectionsAction"));
    action->setShortcut(QKeySequence(QObject::tr("Ctrl+Shift+K")));
    action->setToolTip(QObject::tr("Create, edit and test OAuth 2.0 connections and their "
                                   "secrets"));
    QObject::connect(action, &QAction::triggered, dock, [dock] {
        dock->show();
        dock->raise();
    });
    QMenu *runMenu = nullptr;
    for (QAction *menuAction : window->menuBar()->actions()) {
        if (menuAction->menu() && menuAction->text().remove(QLatin1Char('&')) == QObject::tr("Run"))
            runMenu = menuAction->menu();
    }
    if (!runMenu)
        runMenu = window->menuBar()->addMenu(QObject::tr("&Run"));
    runMenu->addSeparator();
    runMenu->addAction(action);
    if (editor)
        editor->setSecretStore(secrets);
    if (editor)
        QObject::connect(
            editor, &ModuleEditor::manageConnectionsRequested, action, &QAction::trigger);
    return panel;
}
