#pragma once

#include "commands/ChangeValue.h"
#include "model/Module.h"

/// Adds, changes or removes (empty text) a module's note.
class SetNoteCommand : public ChangeValue<QString>
{
public:
    SetNoteCommand(
        Scenario *scenario, ModuleId id, const QString &note, QUndoCommand *parent = nullptr);
};
