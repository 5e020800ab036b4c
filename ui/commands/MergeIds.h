#pragma once

/// The merge ids of the editor's undo commands (QUndoCommand::id()), in one place so that
/// two kinds of edit never share one by accident: QUndoStack only offers a command to
/// mergeWith() of the one before it when both have the same id, and never when it is None.
namespace MergeId {
enum : int {
    None = -1,
    ModuleConfig = 1, ///< typing in one field of a module's settings
    ModuleLabel,
    ModuleNote,
    ModulePosition,
    ScenarioName,
    Connections, ///< typing in one field of one connection
    ModuleSettings, ///< typing in one field of a flow module's settings
};
} // namespace MergeId
