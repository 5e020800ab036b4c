#include "commands/MoveModuleCommand.h"

#include "model/Scenario.h"

#include <QCoreApplication>

MoveModuleCommand::MoveModuleCommand(
    Scenario *scenario, ModuleId id, const QPointF &from, const QPointF &to, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_id(id)
    , m_from(from)
    , m_to(to)
{
    setText(QCoreApplication::translate("MoveModuleCommand", "Move module %1").arg(id));
}

void MoveModuleCommand::redo()
{
    if (m_scenario)
        m_scenario->moveModule(m_id, m_to);
}

void MoveModuleCommand::undo()
{
    if (m_scenario)
        m_scenario->moveModule(m_id, m_from);
}
