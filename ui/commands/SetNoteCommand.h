#pragma once

#include "ui/commands/ChangeValue.h"
#include "core/model/Module.h"

/// Adds, changes or removes (empty text) a module's note.
class SetNoteCommand : public ChangeValue<QString>
{
public:
    SetNoteCommand(
        Scenario *scenario, ModuleId id, const QString &note, QUndoCommand *parent = nullptr);
};
