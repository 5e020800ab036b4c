#pragma once

#include "core/model/Module.h"

#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Adds a module, optionally linked after another one ("Add a module after"). The id is
/// fixed when the command is made, so redo after undo re-adds the module with the same id
/// and mappings such as {{3.data}} stay valid.
class AddModuleCommand : public QUndoCommand
{
public:
    /// `module.id` 0 means "the scenario's next id". `linkFrom` 0 means "not linked".
    AddModuleCommand(Scenario *scenario, const Module &module, ModuleId linkFrom = 0,
        QUndoCommand *parent = nullptr);
    /// Links it in with `incoming` (its `to` is the new module; e.g. an error route).
    AddModuleCommand(Scenario *scenario, const Module &module, const Link &incoming,
        QUndoCommand *parent = nullptr);

    ModuleId moduleId() const { return m_module.id; }

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    Module m_module;
    Link m_incoming; ///< from 0: not linked
};
