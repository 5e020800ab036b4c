#include "ui/commands/AddModuleCommand.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>

AddModuleCommand::AddModuleCommand(
    Scenario *scenario, const Module &module, ModuleId linkFrom, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_module(module)
    , m_linkFrom(linkFrom)
{
    if (m_module.id <= 0 || scenario->contains(m_module.id))
        m_module.id = scenario->nextId();
    setText(QCoreApplication::translate("AddModuleCommand", "Add module %1").arg(m_module.id));
}

void AddModuleCommand::redo()
{
    if (!m_scenario)
        return;
    m_scenario->addModule(m_module);
    if (m_linkFrom > 0)
        m_scenario->link(m_linkFrom, m_module.id);
}

void AddModuleCommand::undo()
{
    if (!m_scenario)
        return;
    // Keep what the module looked like when it went away, in case later commands changed
    // it and were undone in between (they restore the same values, but be exact).
    if (const Module *current = m_scenario->findModule(m_module.id))
        m_module = *current;
    m_scenario->removeModule(m_module.id);
}
