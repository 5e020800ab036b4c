#pragma once

#include "ui/mapping/MappingTreeModel.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class MappingField;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;
class Scenario;

/// The picker beside the module editor: while a mappable field has the focus, it lists what
/// that field can use (earlier modules' outputs, the sandbox, functions, keywords). A click,
/// Enter or a drag puts the right {{…}} into the field at its cursor, so nobody types syntax.
class MappingPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MappingPanel(QWidget *parent = nullptr);

    /// Labels come from here; optional (setModuleOutput also gives a label).
    void setScenario(Scenario *scenario);
    /// The latest output bundle of a module ({statusCode, headers, cookies, data}).
    void setModuleOutput(ModuleId id, const QString &label, const QJsonObject &output);
    /// Offers the outputs `other` offers (a dialog's own picker, beside the window's).
    void copyOutputsFrom(const MappingPanel &other);
    /// Forgets every module's output (a new run starts, or another file was opened).
    void clearModuleOutputs();

    /// The module whose settings are open (0: none). With no field chosen yet, the panel
    /// lists only the modules that run before it, as a field of it would.
    void setEditedModule(ModuleId id);
    ModuleId editedModule() const { return m_edited; }

    /// The field that insertions go to; follows the focus of mappable fields by itself.
    MappingField *targetField() const { return m_target; }
    void setTargetField(MappingField *field);

    /// Inserts what `index` (of model() or of the view's model) stands for into the target.
    /// Returns false when the item inserts nothing (a category) or there is no target.
    bool insertItem(const QModelIndex &index);

    MappingTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    /// The view's index for a model() item (the view shows a filtered copy).
    QModelIndex viewIndex(const QModelIndex &modelIndex) const;

    /// The "Run module N" button shown for module `id` while it has not run, or nullptr.
    QPushButton *runButton(ModuleId id) const;

signals:
    void targetFieldChanged(MappingField *field);
    /// The person asked to run module `id` alone, to see what it returns.
    void runModuleRequested(ModuleId id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void updateHint();
    void rebuildRunButtons(const QList<MappingSource> &sources);
    QList<ModuleId> shownModules() const;

    struct Output
    {
        QString label;
        QJsonObject output;
    };

    QPointer<Scenario> m_scenario;
    QHash<ModuleId, Output> m_outputs;
    int m_generation = 0; ///< bumped whenever an output changes
    QStringList m_shownKey; ///< what the tree was last built from
    QPointer<MappingField> m_target;
    ModuleId m_edited = 0;
    MappingTreeModel *m_model;
    QSortFilterProxyModel *m_filter;
    QTreeView *m_view;
    QLabel *m_hint;
    QWidget *m_runBox; ///< one "Run module N" row per listed module that has not run
    QHash<ModuleId, QPushButton *> m_runButtons;
    QLineEdit *m_search;
};
