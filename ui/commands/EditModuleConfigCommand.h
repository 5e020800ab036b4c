#pragma once

#include "core/model/HttpRequestSpec.h"
#include "core/model/Module.h"
#include "ui/commands/ChangeValue.h"

/// Swaps a module's whole configuration: the settings editor pushes one per edit with the
/// field it came from. Consecutive edits of the same field of the same module within one
/// typing burst merge into one undo step.
class EditModuleConfigCommand : public ChangeValue<HttpRequestSpec>
{
public:
    /// `fieldKey` names the edited field ("url", "method", "headers", "body.content", ...);
    /// empty means "several fields" and never merges.
    EditModuleConfigCommand(Scenario *scenario, ModuleId id, const HttpRequestSpec &config,
        const QString &fieldKey = QString(), QUndoCommand *parent = nullptr);

    /// Words for a field key as shown in Edit › Undo: "url" gives "URL".
    static QString fieldName(const QString &fieldKey);

    ModuleId moduleId() const { return m_id; }
    QString fieldKey() const { return m_fieldKey; }

private:
    ModuleId m_id;
    QString m_fieldKey;
};
