#pragma once

#include "model/HttpRequestSpec.h"
#include "model/Module.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QUndoCommand>

class Scenario;

/// Swaps a module's whole configuration (Tiled's "change value" idea): the settings editor
/// pushes one per edit with the field it came from. Consecutive edits of the same field of
/// the same module within one typing burst merge into one undo step.
class EditModuleConfigCommand : public QUndoCommand
{
public:
    enum { Id = 0x5c3e01 };
    /// Edits closer together than this, in milliseconds, belong to one typing burst.
    static constexpr int TypingBurstMs = 2000;

    /// `fieldKey` names the edited field ("url", "method", "headers", "body.content", ...);
    /// empty means "several fields" and never merges.
    EditModuleConfigCommand(Scenario *scenario, ModuleId id, const HttpRequestSpec &config,
        const QString &fieldKey = QString(), QUndoCommand *parent = nullptr);

    /// Words for a field key as shown in Edit › Undo: "url" gives "URL".
    static QString fieldName(const QString &fieldKey);

    ModuleId moduleId() const { return m_id; }
    QString fieldKey() const { return m_fieldKey; }

    int id() const override { return Id; }
    bool mergeWith(const QUndoCommand *other) override;
    void redo() override;
    void undo() override;

private:
    QPointer<Scenario> m_scenario;
    ModuleId m_id;
    QString m_fieldKey;
    HttpRequestSpec m_old;
    HttpRequestSpec m_new;
    QElapsedTimer m_lastEdit;
};
