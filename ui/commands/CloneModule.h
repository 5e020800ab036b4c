#pragma once

#include "core/model/Module.h"

#include <QPointF>

class AddModuleCommand;
class Scenario;

/// Clone: a copy of a module (type, label, config, note) with a new id, placed at an offset
/// from the original so both stay visible. Links are not copied, as in Make.
namespace CloneModule {

/// Where a clone goes relative to its original: below it, clear of its label.
inline QPointF defaultOffset()
{
    return QPointF(0, 200);
}

/// A command that adds the clone, with the text "Clone module N"; nullptr when there is no
/// module `source`. The new id is the command's moduleId().
AddModuleCommand *makeCommand(
    Scenario *scenario, ModuleId source, const QPointF &offset = defaultOffset());

} // namespace CloneModule
