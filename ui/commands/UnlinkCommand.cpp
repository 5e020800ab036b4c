#include "ui/commands/UnlinkCommand.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>

UnlinkCommand::UnlinkCommand(Scenario *scenario, ModuleId from, ModuleId to, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_link {from, to}
{
    setText(QCoreApplication::translate("UnlinkCommand", "Remove link from module %1 to module %2")
                .arg(from)
                .arg(to));
}

void UnlinkCommand::redo()
{
    if (!m_scenario)
        return;
    if (const Link *link = m_scenario->findLink(m_link.from, m_link.to)) {
        m_link = *link;
        m_index = m_scenario->linkIndex(m_link.from, m_link.to);
    }
    m_done = m_scenario->unlink(m_link.from, m_link.to);
}

void UnlinkCommand::undo()
{
    if (m_scenario && m_done)
        m_scenario->link(m_link, m_index);
}
