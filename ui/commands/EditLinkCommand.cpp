#include "ui/commands/EditLinkCommand.h"

#include "core/model/Scenario.h"

EditLinkCommand::EditLinkCommand(
    Scenario *scenario, const Link &after, const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_scenario(scenario)
    , m_after(after)
{
    if (const Link *now = scenario->findLink(after.from, after.to))
        m_before = *now;
    else
        setObsolete(true);
}

void EditLinkCommand::redo()
{
    if (m_scenario)
        m_scenario->updateLink(m_after);
}

void EditLinkCommand::undo()
{
    if (m_scenario)
        m_scenario->updateLink(m_before);
}
