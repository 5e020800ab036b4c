#include "ui/MainWindow.h"

#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"

#include <QDockWidget>
#include <QFrame>
#include <QScrollArea>

// The docks beside the canvas: module settings, the mapping picker and the last run.

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
    // Narrow enough to leave the canvas room in a 1024-pixel window; the form scrolls.
    m_settingsDock->setMinimumWidth(260);
    addDockWidget(Qt::RightDockWidgetArea, m_settingsDock);

    m_mappingPanel = new MappingPanel(this);
    m_mappingPanel->setScenario(m_scenario);
    connect(m_mappingPanel, &MappingPanel::runModuleRequested, this, &MainWindow::runModule);
    m_mappingDock = new QDockWidget(tr("Map a value"), this);
    m_mappingDock->setObjectName(QStringLiteral("mappingDock"));
    m_mappingDock->setWidget(m_mappingPanel);
    // Under the settings it keeps room for a dozen lines of values, not a keyhole.
    m_mappingPanel->setMinimumHeight(m_mappingPanel->fontMetrics().lineSpacing() * 14);
    addDockWidget(Qt::RightDockWidgetArea, m_mappingDock);
    // Below the settings rather than beside them: side by side, the two panels and the canvas
    // needed a window 1,300 pixels wide.
    splitDockWidget(m_settingsDock, m_mappingDock, Qt::Vertical);
    resizeDocks({m_settingsDock}, {400}, Qt::Horizontal);
    resizeDocks({m_settingsDock, m_mappingDock}, {360, 240}, Qt::Vertical);
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
    // Its tabs and trees want height the dock may not have in a small window: it scrolls.
    auto *inspectorScroll = new QScrollArea(this);
    inspectorScroll->setWidget(m_inspector);
    inspectorScroll->setAccessibleName(tr("Last run"));
    inspectorScroll->setWidgetResizable(true);
    inspectorScroll->setFrameShape(QFrame::NoFrame);
    m_inspectorDock->setWidget(inspectorScroll);
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
