#include "ui/commands/RemoveModuleCommand.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>

RemoveModuleCommand::RemoveModuleCommand(Scenario *scenario, ModuleId id, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_id(id)
{
    setText(QCoreApplication::translate("RemoveModuleCommand", "Delete module %1").arg(id));
}

void RemoveModuleCommand::redo()
{
    if (!m_scenario)
        return;
    // Capture at redo time, not construction time: inside a macro that deletes several
    // modules, an earlier child may already have removed some of these links, and that
    // child's undo puts them back.
    const Module *module = m_scenario->findModule(m_id);
    if (!module)
        return;
    m_module = *module;
    m_links.clear();
    for (const Link &link : m_scenario->links()) {
        if (link.from == m_id || link.to == m_id)
            m_links.append(link);
    }
    m_scenario->removeModule(m_id);
}

void RemoveModuleCommand::undo()
{
    if (!m_scenario || m_module.id == 0)
        return;
    m_scenario->addModule(m_module);
    for (const Link &link : std::as_const(m_links))
        m_scenario->link(link.from, link.to);
}
