#pragma once

#include "core/model/Module.h"

#include <QList>
#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Deletes a module. Undo puts back the module with its id and every link that touched it.
class RemoveModuleCommand : public QUndoCommand
{
public:
    RemoveModuleCommand(Scenario *scenario, ModuleId id, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    ModuleId m_id;
    Module m_module;
    QList<std::pair<qsizetype, Link>> m_links; ///< each with its place among all links
};
