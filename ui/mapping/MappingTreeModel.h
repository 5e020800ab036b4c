#pragma once

#include "core/model/Module.h"
#include "core/model/ScenarioInputs.h"

#include <QJsonObject>
#include <QStandardItemModel>

/// What the mapping panel offers for one earlier module.
struct MappingSource
{
    ModuleId id = 0;
    QString label;
    /// The module's kind (Module::type): a request's output has a known shape, other kinds
    /// give out bundles of their own.
    QString type = Module::httpRequestType();
    QJsonObject output; ///< the latest output bundle; empty before any run
    bool hasOutput = false;
};

/// The tree of everything a mappable field can take a value from: each earlier module's
/// output (from its latest run, or its known shape before one), the sandbox, functions by
/// category and keywords. Items that can be inserted carry the expression to insert (without
/// the {{ }}) in ExpressionRole; dragging one gives the whole mapping as text.
class MappingTreeModel : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Role {
        ExpressionRole = Qt::UserRole + 1, ///< e.g. "1.data.access_token"
        CursorRole, ///< where the cursor goes inside the expression, e.g. 6 in "lower()"
    };
    enum Column { NameColumn, ValueColumn };

    /// Caps that keep a huge response from turning into a huge tree.
    static constexpr int MaxArrayItems = 100;
    static constexpr int MaxObjectKeys = 300;
    static constexpr int MaxItems = 5000;

    explicit MappingTreeModel(QObject *parent = nullptr);

    /// Rebuilds the tree: the modules' outputs, then Variables › Scenario inputs (each
    /// declared input, inserting {{var.input.NAME}}), the sandbox, functions and keywords.
    void setSources(const QList<MappingSource> &sources, const QList<ScenarioInput> &inputs = {});

    /// A path segment as the mapping language wants it: `key` plain when it is a name,
    /// in backticks otherwise (`content-type`, `2nd`).
    static QString keySegment(const QString &key);
    /// The top-level item of a module's output, or nullptr.
    QStandardItem *moduleItem(ModuleId id) const;
    /// The item under `parent` whose name is `name`, or nullptr (tests and the panel use it).
    static QStandardItem *child(const QStandardItem *parent, const QString &name);
    QStandardItem *topLevel(const QString &name) const;

    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;

private:
    QStandardItem *addRow(QStandardItem *parent, const QString &name, const QString &value,
        const QString &expression, const QString &tooltip = QString(), int cursor = -1);
    void addValue(QStandardItem *parent, const QString &name, const QJsonValue &value,
        const QString &expression);
    void addModule(const MappingSource &source);
    /// The output bundle of a module of another kind than a request: its fields as they
    /// are, an iterator's own fields named in plain words.
    void addBundle(QStandardItem *module, const MappingSource &source);
    void addFunctions();
    void addKeywords();
    void addSandbox();
    void addVariables(const QList<ScenarioInput> &inputs);

    int m_budget = 0;
};
