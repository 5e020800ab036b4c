#pragma once

#include "core/model/Module.h"

#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Changes what a link holds (its filter, its fallback mark) and back: one undo step.
class EditLinkCommand : public QUndoCommand
{
public:
    /// `after` has the same ends as the link now in the scenario; `text` names the edit.
    EditLinkCommand(
        Scenario *scenario, const Link &after, const QString &text, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    Link m_before;
    Link m_after;
};
