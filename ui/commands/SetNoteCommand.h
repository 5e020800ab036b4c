#pragma once

#include "model/Module.h"

#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Adds, changes or removes (empty text) a module's note.
class SetNoteCommand : public QUndoCommand
{
public:
    SetNoteCommand(
        Scenario *scenario, ModuleId id, const QString &note, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    ModuleId m_id;
    QString m_old;
    QString m_new;
};
