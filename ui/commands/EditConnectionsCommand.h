#pragma once

#include "model/Connection.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Swaps the scenario's whole list of connections: the connections panel pushes one per
/// edit with the field it came from. Consecutive typing in one field of one connection
/// merges into one undo step.
class EditConnectionsCommand : public QUndoCommand
{
public:
    enum { Id = 0x5c3e20 };
    static constexpr int TypingBurstMs = 2000;

    /// `mergeKey` is "<connection id>/<field>"; empty never merges.
    EditConnectionsCommand(Scenario *scenario, const QList<Connection> &connections,
        const QString &text, const QString &mergeKey = QString(), QUndoCommand *parent = nullptr);

    int id() const override { return Id; }
    bool mergeWith(const QUndoCommand *other) override;
    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    QList<Connection> m_old;
    QList<Connection> m_new;
    QString m_mergeKey;
    QElapsedTimer m_lastEdit;
};
