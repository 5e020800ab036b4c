#include "commands/RenameModuleCommand.h"

#include "model/Scenario.h"

#include <QCoreApplication>

RenameModuleCommand::RenameModuleCommand(
    Scenario *scenario, ModuleId id, const QString &label, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_id(id)
    , m_old(scenario->module(id).label)
    , m_new(label)
{
    setText(QCoreApplication::translate("RenameModuleCommand", "Rename module %1").arg(id));
}

void RenameModuleCommand::redo()
{
    if (m_scenario)
        m_scenario->setModuleLabel(m_id, m_new);
}

void RenameModuleCommand::undo()
{
    if (m_scenario)
        m_scenario->setModuleLabel(m_id, m_old);
}
