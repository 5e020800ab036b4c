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
#include <QTabBar>

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
    // Make shows its picker while a field is being filled in: so do we (updateMappingDock).
    m_mappingDock->hide();
    connect(
        m_mappingPanel, &MappingPanel::targetFieldChanged, this, &MainWindow::updateMappingDock);
    // Queued: when a tab is clicked, the tab bar has its new current tab only afterwards.
    connect(m_settingsDock, &QDockWidget::visibilityChanged, this, &MainWindow::updateMappingDock,
        Qt::QueuedConnection);
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
    // A recorded run from the History panel, while it shows, else the latest run.
    const RunResult &results = m_pastResults ? *m_pastResults : m_runner->results();
    if (id == 0 || !results.contains(id)) {
        m_inspector->clear();
        return;
    }
    // After a run of flows: every operation of the module and the bundles stopped before it.
    const FlowRecord *flow = results.flowRecord();
    const auto record
        = flow ? flow->modules.constFind(id) : QHash<int, ModuleFlowRecord>::const_iterator();
    m_inspector->setRun(m_scenario->module(id), results.run(id),
        flow && record != flow->modules.cend() ? &*record : nullptr);
}

void MainWindow::editModule(ModuleId id)
{
    if (id != 0 && !m_scenario->contains(id))
        id = 0;
    // Another module: the field filled in before belongs to the previous one, so the picker
    // waits for a click into one of this module's fields.
    MappingField *field = m_mappingPanel->targetField();
    if (id != m_editor->module() && field && !field->hasFocus())
        m_mappingPanel->setTargetField(nullptr);
    m_editor->setModule(id);
    m_mappingPanel->setEditedModule(id);
    if (id != 0) {
        m_settingsDock->show();
        if (!m_inspectorDock->isVisible() || m_inspector->isEmpty())
            m_settingsDock->raise();
        if (!m_scene->selectedModules().contains(id))
            m_scene->selectModule(id);
    }
    updateMappingDock();
}

bool MainWindow::isSettingsInFront() const
{
    if (!m_settingsDock->isVisible())
        return false;
    // Tabbed with "Last run" or "Connections", the settings are in front only on their tab.
    if (tabifiedDockWidgets(m_settingsDock).isEmpty())
        return true;
    for (const QTabBar *tabs : findChildren<QTabBar *>(QString(), Qt::FindDirectChildrenOnly)) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->tabText(i) == m_settingsDock->windowTitle())
                return tabs->currentIndex() == i;
        }
    }
    return true;
}

void MainWindow::updateMappingDock()
{
    // Make shows its picker only while a field is being filled in: one of the settings' fields
    // has the keyboard or had it last, and the settings are in front (the picker has nothing
    // to do beside "Last run" or "Connections").
    MappingField *field = m_mappingPanel->targetField();
    const bool filling = field && m_editor->module() != 0 && m_settingsDock->isAncestorOf(field);
    m_mappingDock->setVisible(filling && isSettingsInFront());
}
