#include "ui/commands/RenameModuleCommand.h"

#include <QCoreApplication>

RenameModuleCommand::RenameModuleCommand(
    Scenario *scenario, ModuleId id, const QString &label, QUndoCommand *parent)
    : ChangeValue(
        scenario, [id](const Scenario &s) { return s.module(id).label; },
        [id](Scenario &s, const QString &value) { s.setModuleLabel(id, value); }, label,
        QCoreApplication::translate("RenameModuleCommand", "Rename module %1").arg(id),
        MergeId::ModuleLabel, QString(), parent)
{
}
