#pragma once

#include "core/model/Module.h"
#include "ui/commands/ChangeValue.h"

/// Adds, changes or removes (empty text) a module's note.
class SetNoteCommand : public ChangeValue<QString>
{
public:
    SetNoteCommand(
        Scenario *scenario, ModuleId id, const QString &note, QUndoCommand *parent = nullptr);
};
