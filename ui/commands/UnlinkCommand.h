#pragma once

#include "core/model/Module.h"

#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Removes the link between two modules; undo puts it back as it was (its filter and marks)
/// and where it was (a router's routes keep their order).
class UnlinkCommand : public QUndoCommand
{
public:
    UnlinkCommand(Scenario *scenario, ModuleId from, ModuleId to, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    Link m_link;
    qsizetype m_index = -1; ///< where it was among the scenario's links
    bool m_done = false; ///< whether redo really removed a link
};
