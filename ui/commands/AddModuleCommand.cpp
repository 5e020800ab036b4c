#include "ui/commands/AddModuleCommand.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>

AddModuleCommand::AddModuleCommand(
    Scenario *scenario, const Module &module, ModuleId linkFrom, QUndoCommand *parent)
    : AddModuleCommand(scenario, module, Link {linkFrom, 0}, parent)
{
}

AddModuleCommand::AddModuleCommand(
    Scenario *scenario, const Module &module, const Link &incoming, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_module(module)
    , m_incoming(incoming)
{
    if (m_module.id <= 0 || scenario->contains(m_module.id))
        m_module.id = scenario->nextId();
    setText(incoming.onError
            ? QCoreApplication::translate("AddModuleCommand", "Add error handler %1 to module %2")
                  .arg(m_module.id)
                  .arg(incoming.from)
            : QCoreApplication::translate("AddModuleCommand", "Add module %1").arg(m_module.id));
}

void AddModuleCommand::redo()
{
    if (!m_scenario)
        return;
    m_scenario->addModule(m_module);
    if (m_incoming.from > 0) {
        m_incoming.to = m_module.id;
        m_scenario->link(m_incoming);
    }
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
