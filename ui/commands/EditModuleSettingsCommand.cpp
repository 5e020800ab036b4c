#include "ui/commands/EditModuleSettingsCommand.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/Scenario.h"

#include <QCoreApplication>

EditModuleSettingsCommand::EditModuleSettingsCommand(Scenario *scenario, ModuleId id,
    const KindConfig &settings, const QString &fieldKey, QUndoCommand *parent)
    : ChangeValue(
        scenario, [id](const Scenario &s) { return s.module(id).settings; },
        [id](Scenario &s, const KindConfig &value) { s.setModuleSettings(id, value); }, settings,
        QCoreApplication::translate("EditModuleSettingsCommand", "Edit settings of module %1")
            .arg(id),
        MergeId::ModuleSettings,
        fieldKey.isEmpty() ? QString() : QString::number(id) + QLatin1Char('/') + fieldKey, parent)
    , m_id(id)
{
}
