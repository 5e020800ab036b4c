#pragma once

#include "ui/commands/ChangeValue.h"

/// Renaming the scenario is an edit like any other: undoable, and it marks the file changed.
class RenameScenarioCommand : public ChangeValue<QString>
{
public:
    RenameScenarioCommand(Scenario *scenario, const QString &name, QUndoCommand *parent = nullptr);
};
