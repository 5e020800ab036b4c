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
    const QList<Link> &links = m_scenario->links();
    for (qsizetype i = 0; i < links.size(); ++i) {
        if (links.at(i).from == m_id || links.at(i).to == m_id)
            m_links.append({i, links.at(i)});
    }
    m_scenario->removeModule(m_id);
}

void RemoveModuleCommand::undo()
{
    if (!m_scenario || m_module.id == 0)
        return;
    m_scenario->addModule(m_module);
    // In ascending places, each link goes back exactly where it was, with its filter and
    // marks: a router's routes keep their order.
    for (const auto &[index, link] : std::as_const(m_links))
        m_scenario->link(link, index);
}
