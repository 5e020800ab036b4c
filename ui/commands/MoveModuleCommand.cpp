#include "ui/commands/MoveModuleCommand.h"

#include <QCoreApplication>

MoveModuleCommand::MoveModuleCommand(
    Scenario *scenario, ModuleId id, const QPointF &from, const QPointF &to, QUndoCommand *parent)
    // The drag has already shown the module at `to`; where it started is `from`.
    : ChangeValue(
        scenario, [from](const Scenario &) { return from; },
        [id](Scenario &s, const QPointF &value) { s.moveModule(id, value); }, to,
        QCoreApplication::translate("MoveModuleCommand", "Move module %1").arg(id),
        MergeId::ModulePosition, QString(), parent)
{
}
