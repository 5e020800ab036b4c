#pragma once

#include "core/model/Connection.h"
#include "ui/commands/ChangeValue.h"

#include <QList>

/// Swaps the scenario's whole list of connections: the connections panel pushes one per
/// edit with the field it came from. Consecutive typing in one field of one connection
/// merges into one undo step.
class EditConnectionsCommand : public ChangeValue<QList<Connection>>
{
public:
    /// `mergeKey` is "<connection id>/<field>"; empty never merges.
    EditConnectionsCommand(Scenario *scenario, const QList<Connection> &connections,
        const QString &text, const QString &mergeKey = QString(), QUndoCommand *parent = nullptr);
};
