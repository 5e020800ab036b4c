#pragma once

#include "model/Module.h"

#include <QPointF>
#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Moves a module on the canvas. The canvas pushes one per drag, on release.
class MoveModuleCommand : public QUndoCommand
{
public:
    MoveModuleCommand(Scenario *scenario, ModuleId id, const QPointF &from, const QPointF &to,
        QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    ModuleId m_id;
    QPointF m_from;
    QPointF m_to;
};
