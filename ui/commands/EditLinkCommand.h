#pragma once

#include "core/model/Module.h"

#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Replaces a link's settings (its filter, docs/filters.md) with new ones; undo puts the old
/// ones back. One dialog OK or one "Remove the filter" is one step.
class EditLinkCommand : public QUndoCommand
{
public:
    /// `before` and `after` have the same two ends. `text` is what Edit › Undo says.
    EditLinkCommand(Scenario *scenario, const Link &before, const Link &after, const QString &text,
        QUndoCommand *parent = nullptr);

    /// "Set up the filter ‘Big orders’", "Edit the filter ‘Big orders’" or "Remove the filter
    /// ‘Big orders’", as the change from `before` to `after` is.
    static QString describe(const Link &before, const Link &after);

    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    Link m_before;
    Link m_after;
};
