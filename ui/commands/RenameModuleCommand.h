#pragma once

#include "model/Module.h"

#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Changes a module's label (an empty label shows the type's name, "Make a request").
class RenameModuleCommand : public QUndoCommand
{
public:
    RenameModuleCommand(
        Scenario *scenario, ModuleId id, const QString &label, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    ModuleId m_id;
    QString m_old;
    QString m_new;
};
