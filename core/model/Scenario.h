#pragma once

#include "model/Connection.h"
#include "model/Module.h"

#include <QList>
#include <QObject>

/// The single source of truth of an open scenario: modules, links, name. Every change goes
/// through a typed mutator, which emits a typed signal; views react to those signals.
class Scenario : public QObject
{
    Q_OBJECT
public:
    explicit Scenario(QObject *parent = nullptr);

    QString name() const { return m_name; }
    void setName(const QString &name);

    const QList<Module> &modules() const { return m_modules; }
    const QList<Link> &links() const { return m_links; }
    bool contains(ModuleId id) const;
    /// The module with this id; a default Module (id 0) when there is none.
    Module module(ModuleId id) const;
    const Module *findModule(ModuleId id) const;

    /// The id the next added module gets: one more than any id ever used.
    ModuleId nextId() const { return m_nextId; }

    /// Adds a module. An id of 0 means "give it the next id"; a given id must be unused
    /// (undo re-adds a module with its old id). Returns the module's id.
    ModuleId addModule(Module module);
    /// Removes a module and every link that touches it. Returns false if there is none.
    bool removeModule(ModuleId id);
    void setModuleConfig(ModuleId id, const HttpRequestSpec &config);
    void setModuleLabel(ModuleId id, const QString &label);
    void setModuleNote(ModuleId id, const QString &note);
    void moveModule(ModuleId id, const QPointF &position);
    /// Replaces a module wholesale (same id).
    void replaceModule(const Module &module);

    /// Links two existing, different modules. Returns false if the link exists or is invalid.
    bool link(ModuleId from, ModuleId to);
    bool unlink(ModuleId from, ModuleId to);

    /// The scenario's connections (OAuth2 client credentials), in the order shown.
    const QList<Connection> &connections() const { return m_connections; }
    /// The connection with this id; null when there is none.
    const Connection *findConnection(const QString &id) const;
    /// Replaces the connections (one undoable edit swaps the whole list).
    void setConnections(const QList<Connection> &connections);

    /// Replaces everything (used by loading). Sets the next id past the largest id, or past
    /// `nextId` when that is larger.
    void reset(const QString &name, const QList<Module> &modules, const QList<Link> &links,
               ModuleId nextId = 0, const QList<Connection> &connections = {});

    /// The order in which a run executes modules: links first (a topological order, ties
    /// broken by the smaller id); with no links at all, ascending ids.
    QList<ModuleId> runOrder() const;
    /// Modules that run before `id` in runOrder().
    QList<ModuleId> modulesBefore(ModuleId id) const;

signals:
    void nameChanged(const QString &name);
    void moduleAdded(ModuleId id);
    void moduleAboutToBeRemoved(ModuleId id);
    void moduleRemoved(ModuleId id);
    /// Config, label or note changed.
    void moduleChanged(ModuleId id);
    void moduleMoved(ModuleId id, const QPointF &position);
    void linkAdded(ModuleId from, ModuleId to);
    void linkRemoved(ModuleId from, ModuleId to);
    /// Everything was replaced.
    void scenarioReset();
    /// A connection was added, removed or edited (not emitted by reset()).
    void connectionsChanged();

private:
    Module *findModuleMutable(ModuleId id);

    QString m_name = QStringLiteral("Untitled scenario");
    QList<Module> m_modules;
    QList<Link> m_links;
    QList<Connection> m_connections;
    ModuleId m_nextId = 1;
};
