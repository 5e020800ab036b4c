#pragma once

#include "core/model/Module.h"

#include <QList>
#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Puts a router's routes in another order (the order bundles take them): one undo step.
class OrderRoutesCommand : public QUndoCommand
{
public:
    /// `targets`: the modules the routes lead to, in their new order.
    OrderRoutesCommand(Scenario *scenario, ModuleId router, const QList<ModuleId> &targets,
        QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    ModuleId m_router = 0;
    QList<ModuleId> m_before;
    QList<ModuleId> m_after;
};
