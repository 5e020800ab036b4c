#pragma once

#include "core/model/Module.h"

#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Removes the link between two modules.
class UnlinkCommand : public QUndoCommand
{
public:
    UnlinkCommand(Scenario *scenario, ModuleId from, ModuleId to, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    Link m_link;
    bool m_done = false; ///< whether redo really removed a link
};
