#include "ui/commands/SetNoteCommand.h"

#include <QCoreApplication>

SetNoteCommand::SetNoteCommand(
    Scenario *scenario, ModuleId id, const QString &note, QUndoCommand *parent)
    : ChangeValue(
        scenario, [id](const Scenario &s) { return s.module(id).note; },
        [id](Scenario &s, const QString &value) { s.setModuleNote(id, value); }, note, QString(),
        MergeId::ModuleNote, QString(), parent)
{
    const char *text = newValue().isEmpty()
        ? QT_TRANSLATE_NOOP("SetNoteCommand", "Remove the note of module %1")
        : oldValue().isEmpty() ? QT_TRANSLATE_NOOP("SetNoteCommand", "Add a note to module %1")
                               : QT_TRANSLATE_NOOP("SetNoteCommand", "Edit the note of module %1");
    setText(QCoreApplication::translate("SetNoteCommand", text).arg(id));
}
