#pragma once

#include "core/model/Module.h"

#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Links two modules: `from` runs before `to`.
class LinkCommand : public QUndoCommand
{
public:
    LinkCommand(Scenario *scenario, ModuleId from, ModuleId to, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    Link m_link;
    bool m_done = false; ///< whether redo really added the link (it may have existed)
};
