#pragma once

#include "ui/commands/ChangeValue.h"
#include "core/model/Module.h"

/// Changes a module's label (an empty label shows the type's name, "Make a request").
class RenameModuleCommand : public ChangeValue<QString>
{
public:
    RenameModuleCommand(
        Scenario *scenario, ModuleId id, const QString &label, QUndoCommand *parent = nullptr);
};
