#pragma once

#include "core/model/Module.h"
#include "ui/commands/ChangeValue.h"

/// Changes a module's label (an empty label shows the type's name, "Make a request").
class RenameModuleCommand : public ChangeValue<QString>
{
public:
    RenameModuleCommand(
        Scenario *scenario, ModuleId id, const QString &label, QUndoCommand *parent = nullptr);
};
