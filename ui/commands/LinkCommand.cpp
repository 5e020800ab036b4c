#include "ui/commands/LinkCommand.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>

LinkCommand::LinkCommand(Scenario *scenario, ModuleId from, ModuleId to, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_link {from, to}
{
    setText(QCoreApplication::translate("LinkCommand", "Link module %1 to module %2")
                .arg(from)
                .arg(to));
}

void LinkCommand::redo()
{
    m_done = m_scenario && m_scenario->link(m_link.from, m_link.to);
}

void LinkCommand::undo()
{
    // Undo must not remove a link that existed before this command.
    if (m_scenario && m_done)
        m_scenario->unlink(m_link.from, m_link.to);
}
