#include "commands/EditConnectionsCommand.h"

#include "model/Scenario.h"

EditConnectionsCommand::EditConnectionsCommand(Scenario *scenario,
    const QList<Connection> &connections, const QString &text, const QString &mergeKey,
    QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_scenario(scenario)
    , m_old(scenario ? scenario->connections() : QList<Connection> {})
    , m_new(connections)
    , m_mergeKey(mergeKey)
{
    m_lastEdit.start();
}

bool EditConnectionsCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const EditConnectionsCommand *>(other);
    if (m_mergeKey.isEmpty() || next->m_mergeKey != m_mergeKey
        || m_lastEdit.elapsed() > TypingBurstMs)
        return false;
    m_new = next->m_new;
    m_lastEdit.restart();
    return true;
}

void EditConnectionsCommand::redo()
{
    if (m_scenario)
        m_scenario->setConnections(m_new);
}

void EditConnectionsCommand::undo()
{
    if (m_scenario)
        m_scenario->setConnections(m_old);
}
