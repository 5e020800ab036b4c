#pragma once

#include "core/model/Module.h"
#include "ui/commands/ChangeValue.h"

#include <QPointF>

/// Moves a module on the canvas. The canvas pushes one per drag, on release.
class MoveModuleCommand : public ChangeValue<QPointF>
{
public:
    MoveModuleCommand(Scenario *scenario, ModuleId id, const QPointF &from, const QPointF &to,
        QUndoCommand *parent = nullptr);
};
