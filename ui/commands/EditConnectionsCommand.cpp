#include "ui/commands/EditConnectionsCommand.h"

EditConnectionsCommand::EditConnectionsCommand(Scenario *scenario,
    const QList<Connection> &connections, const QString &text, const QString &mergeKey,
    QUndoCommand *parent)
    : ChangeValue(
        scenario, [](const Scenario &s) { return s.connections(); },
        [](Scenario &s, const QList<Connection> &value) { s.setConnections(value); }, connections,
        text, MergeId::Connections, mergeKey, parent)
{
}
