#include "ui/commands/OrderRoutesCommand.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>

OrderRoutesCommand::OrderRoutesCommand(
    Scenario *scenario, ModuleId router, const QList<ModuleId> &targets, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_scenario(scenario)
    , m_router(router)
    , m_before(scenario->routeTargets(router))
    , m_after(targets)
{
    setText(QCoreApplication::translate("OrderRoutesCommand", "Order the routes of module %1")
                .arg(router));
    if (m_before == m_after)
        setObsolete(true);
}

void OrderRoutesCommand::redo()
{
    if (m_scenario)
        m_scenario->setRouteOrder(m_router, m_after);
}

void OrderRoutesCommand::undo()
{
    if (m_scenario)
        m_scenario->setRouteOrder(m_router, m_before);
}
