#include "ui/commands/RenameScenarioCommand.h"

#include <QCoreApplication>

RenameScenarioCommand::RenameScenarioCommand(
    Scenario *scenario, const QString &name, QUndoCommand *parent)
    : ChangeValue(
        scenario, [](const Scenario &s) { return s.name(); },
        [](Scenario &s, const QString &value) { s.setName(value); }, name,
        QCoreApplication::translate("RenameScenarioCommand", "Rename the scenario"),
        MergeId::ScenarioName, QString(), parent)
{
}
