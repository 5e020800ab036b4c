#pragma once

#include "core/model/Module.h"
#include "ui/commands/ChangeValue.h"

/// Swaps the settings of a module of a flow kind (iterator, aggregator, …): its settings
/// form pushes one per edit with the field it came from. Consecutive edits of the same field
/// of the same module within one typing burst merge into one undo step.
class EditModuleSettingsCommand : public ChangeValue<KindConfig>
{
public:
    /// `fieldKey` names the edited field ("array", "source", …); empty never merges.
    EditModuleSettingsCommand(Scenario *scenario, ModuleId id, const KindConfig &settings,
        const QString &fieldKey = QString(), QUndoCommand *parent = nullptr);

    ModuleId moduleId() const { return m_id; }

private:
    ModuleId m_id;
};
