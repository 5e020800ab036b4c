#include "commands/SetNoteCommand.h"

#include "model/Scenario.h"

#include <QCoreApplication>

SetNoteCommand::SetNoteCommand(
    Scenario *scenario, ModuleId id, const QString &note, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_id(id)
    , m_old(scenario->module(id).note)
    , m_new(note)
{
    const char *text = m_new.isEmpty() ? "Remove the note of module %1"
        : m_old.isEmpty()              ? "Add a note to module %1"
                                       : "Edit the note of module %1";
    setText(QCoreApplication::translate("SetNoteCommand", text).arg(id));
}

void SetNoteCommand::redo()
{
    if (m_scenario)
        m_scenario->setModuleNote(m_id, m_new);
}

void SetNoteCommand::undo()
{
    if (m_scenario)
        m_scenario->setModuleNote(m_id, m_old);
}
