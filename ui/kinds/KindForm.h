#pragma once

#include "core/model/Module.h"

#include <QFormLayout>
#include <QWidget>

class KeyValueTable;
class MappingField;
class QLabel;
class Scenario;

/// The settings form of one kind of module (ui/kinds/<kind>/). It shows a module's settings
/// and, on each change, emits the whole new settings with the field they came from; the
/// module editor turns that into one undoable command (typing in one field merges).
class KindForm : public QWidget
{
    Q_OBJECT
public:
    explicit KindForm(QWidget *parent = nullptr);

    /// Shows the settings of module `id` of `scenario`; emits nothing.
    void load(const Scenario &scenario, ModuleId id);
    /// The settings as the form's widgets say now.
    virtual KindConfig settings() const = 0;
    /// Every mappable field of the form (the mapping panel inserts into them).
    QList<MappingField *> mappingFields() const;
    /// Which modules the mappable fields may refer to.
    void setAvailableModules(
        const QList<ModuleId> &earlier, const QSet<ModuleId> &all, ModuleId ownModule);

signals:
    /// The person changed `fieldKey`; `settings` is the module's whole new settings.
    void edited(const QString &fieldKey, const KindConfig &settings);

protected:
    /// Fills the widgets from `module.settings`. Called only when the widgets show other
    /// settings, so that the person's own edit coming back does not move the cursor.
    virtual void loadSettings(const Module &module) = 0;
    /// Refreshes lists that depend on the rest of the scenario (the aggregator's source
    /// modules); called on every load.
    virtual void updateLists(const Scenario &scenario, const Module &module);
    /// Emits edited() unless the form is being loaded.
    void changed(const QString &fieldKey);
    bool isLoading() const { return m_loading; }

    // Builders for the common rows, each named `key` (objectName) for tests and focus.
    QFormLayout *formLayout() const { return m_form; }
    MappingField *addField(
        const QString &key, const QString &label, const QString &tip, bool multiLine = false);
    KeyValueTable *addRows(
        const QString &key, const QString &label, const QString &itemName, const QString &addText);
    QLabel *addNote(const QString &text);

private:
    QFormLayout *m_form;
    bool m_loading = false;
    bool m_loaded = false;
};
