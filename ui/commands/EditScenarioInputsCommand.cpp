#include "ui/commands/EditScenarioInputsCommand.h"

#include <QCoreApplication>

EditScenarioInputsCommand::EditScenarioInputsCommand(
    Scenario *scenario, const QList<ScenarioInput> &inputs, QUndoCommand *parent)
    : ChangeValue(
        scenario, [](const Scenario &s) { return s.inputs(); },
        [](Scenario &s, const QList<ScenarioInput> &value) { s.setInputs(value); }, inputs,
        QCoreApplication::translate("EditScenarioInputsCommand", "Edit scenario inputs"),
        MergeId::None, QString(), parent)
{
}
