#pragma once

#include "core/model/Connection.h"
#include "core/model/Module.h"
#include "core/model/ScenarioInputs.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

/// The single source of truth of an open scenario: modules, links, name. Every change goes
/// through a typed mutator, which emits a typed signal; views react to those signals.
class Scenario : public QObject
{
    Q_OBJECT
public:
    explicit Scenario(QObject *parent = nullptr);

    /// The most modules a scenario may hold (docs/scenario-file-limits.md): the file reader
    /// and the Make blueprint importer refuse more, and addModule() stops there.
    static constexpr int maxModules = 100000;
    /// The largest module id (docs/scenario-file-limits.md): files with a larger id or
    /// nextModuleId past maxModuleId + 1 are refused, and addModule() never goes beyond it,
    /// so that everything the app writes opens again.
    static constexpr ModuleId maxModuleId = 1000000000;

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

    /// Whether `count` more modules fit: under maxModules, with ids up to maxModuleId. When
    /// not, *why says so in plain words.
    bool canAddModules(int count, QString *why = nullptr) const;
    /// Adds a module. An id of 0 means "give it the next id"; a given id must be unused
    /// (undo re-adds a module with its old id). Returns the module's id, or 0 when the
    /// scenario is full (see canAddModules()) and nothing was added.
    ModuleId addModule(Module module);
    /// Removes a module and every link that touches it. Returns false if there is none.
    bool removeModule(ModuleId id);
    void setModuleConfig(ModuleId id, const HttpRequestSpec &config);
    /// Sets the flow settings of a module of a kind other than http.request.
    void setModuleSettings(ModuleId id, const KindConfig &settings);
    void setModuleLabel(ModuleId id, const QString &label);
    void setModuleNote(ModuleId id, const QString &note);
    void moveModule(ModuleId id, const QPointF &position);
    /// Replaces a module wholesale (same id).
    void replaceModule(const Module &module);

    /// Links two existing, different modules. Returns false if the link exists, is invalid
    /// or would close a circle (`to` already runs before `from`).
    bool link(ModuleId from, ModuleId to);
    /// The same, with the link's filter, fallback and error-route marks. The link goes at
    /// position `at` of links() (a router's routes run in that order), at the end when `at`
    /// is -1 or past the end: undo puts a link back where it was.
    bool link(const Link &link, qsizetype at = -1);
    bool unlink(ModuleId from, ModuleId to);
    /// The link from `from` to `to`; null when there is none.
    const Link *findLink(ModuleId from, ModuleId to) const;
    /// The error route leaving `from`; null when it has none.
    const Link *errorRoute(ModuleId from) const;
    /// The position of the link from `from` to `to` in links(); -1 when there is none.
    qsizetype linkIndex(ModuleId from, ModuleId to) const;
    /// Changes the filter, fallback or error-route mark of an existing link (same ends).
    /// Returns false when there is no such link.
    bool updateLink(const Link &link);
    /// The modules `from`'s routes lead to (its links but the error route), in route order.
    QList<ModuleId> routeTargets(ModuleId from) const;
    /// Puts `from`'s routes in the order of `targets`, which must name each of them once;
    /// the routes keep the places they had among all links. False (and nothing changes)
    /// when `targets` does not name exactly the routes.
    bool setRouteOrder(ModuleId from, const QList<ModuleId> &targets);

    /// The zone in which dates without a zone are read; empty means the computer's zone.
    QString timeZone() const { return m_timeZone; }
    void setTimeZone(const QString &zone);

    /// The scenario's connections (OAuth2 client credentials), in the order shown.
    const QList<Connection> &connections() const { return m_connections; }
    /// The connection with this id; null when there is none.
    const Connection *findConnection(const QString &id) const;
    /// Replaces the connections (one undoable edit swaps the whole list).
    void setConnections(const QList<Connection> &connections);

    /// What the scenario asks for before it runs, read as {{var.input.NAME}}
    /// (docs/scenario-inputs.md).
    const QList<ScenarioInput> &inputs() const { return m_inputs; }
    /// Replaces the inputs (one undoable edit swaps the whole list).
    void setInputs(const QList<ScenarioInput> &inputs);

    /// Replaces everything (used by loading). Sets the next id past the largest id, or past
    /// `nextId` when that is larger.
    void reset(const QString &name, QList<Module> modules, const QList<Link> &links,
        ModuleId nextId = 0, const QList<Connection> &connections = {},
        const QString &timeZone = {}, const QList<ScenarioInput> &inputs = {});

    /// The order in which a run executes modules: links first (a topological order, ties
    /// broken by the smaller id); with no links at all, ascending ids. Modules on a circle
    /// of links (files with one are refused) come last, in id order.
    QList<ModuleId> runOrder() const;
    /// The order of these modules and links as runOrder() would give it, in
    /// O((modules + links) log modules). When links form a circle, *cycle (if given) gets the
    /// modules of one circle in link order, and those modules come last.
    static QList<ModuleId> runOrder(
        const QList<Module> &modules, const QList<Link> &links, QList<ModuleId> *cycle = nullptr);
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
    /// A link's filter, fallback or error-route mark changed.
    void linkChanged(ModuleId from, ModuleId to);
    /// The routes leaving `from` run in another order now.
    void routesReordered(ModuleId from);
    void timeZoneChanged(const QString &zone);
    /// Everything was replaced.
    void scenarioReset();
    /// A connection was added, removed or edited (not emitted by reset()).
    void connectionsChanged();
    /// The inputs were replaced (not emitted by reset()).
    void inputsChanged();

private:
    Module *findModuleMutable(ModuleId id);
    /// Rebuilds m_index from position `from` on (modules after an insertion or removal).
    void reindexFrom(qsizetype from);

    /// Modules sorted by id, so that iteration order is stable; m_index maps an id to its
    /// position in m_modules, so that lookups do not scan 100,000 modules.

    QString m_name = QStringLiteral("Untitled scenario");
    QList<Module> m_modules;
    QHash<ModuleId, qsizetype> m_index;
    QList<Link> m_links;
    QSet<std::pair<ModuleId, ModuleId>> m_linkSet; ///< the ends of each link
    QString m_timeZone;
    QList<Connection> m_connections;
    QList<ScenarioInput> m_inputs;
    ModuleId m_nextId = 1;
};
