#pragma once

#include "core/model/Module.h"

#include <QPointer>
#include <QScrollArea>

class KindForm;
class QLabel;
class QLineEdit;
class QUndoStack;
class Scenario;

/// The module editor's page for a module of a flow kind: its kind, number and name above the
/// kind's own settings form (ui/kinds/KindForms.h). Each change of the form becomes one
/// EditModuleSettingsCommand (typing in one field merges); undo shows in the form.
class KindSettingsPage : public QScrollArea
{
    Q_OBJECT
public:
    explicit KindSettingsPage(QWidget *parent = nullptr);

    void setScenario(Scenario *scenario, QUndoStack *undoStack);
    /// Shows module `id`'s form; false (showing nothing) when its kind has none.
    bool showModule(ModuleId id);
    ModuleId module() const { return m_id; }

    KindForm *form() const { return m_form; }
    QLineEdit *labelEdit() const { return m_label; }

private:
    void reload();
    void rename();

    QPointer<Scenario> m_scenario;
    QPointer<QUndoStack> m_undoStack;
    ModuleId m_id = 0;
    QString m_type;
    QLabel *m_title;
    QLabel *m_description;
    QLabel *m_icon;
    QLabel *m_badge;
    QLineEdit *m_label;
    QWidget *m_formHolder;
    KindForm *m_form = nullptr;
};
