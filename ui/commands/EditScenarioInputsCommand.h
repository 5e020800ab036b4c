#pragma once

#include "core/model/ScenarioInputs.h"
#include "ui/commands/ChangeValue.h"

#include <QList>

/// Swaps the scenario's whole list of inputs: OK in the Scenario inputs dialog is one undo
/// step, whatever was added, removed, renamed or reordered in it.
class EditScenarioInputsCommand : public ChangeValue<QList<ScenarioInput>>
{
public:
    EditScenarioInputsCommand(
        Scenario *scenario, const QList<ScenarioInput> &inputs, QUndoCommand *parent = nullptr);
};
