#pragma once

#include "core/model/Module.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

/// The links of a scenario read as flows (docs/scenario-file.md): which link brings a module
/// its bundles, which links leave it as routes, which is its error route. Built once from
/// plain lists, which it refers to (they must outlive it); the file reader checks a file with
/// it and the runner walks it.
class FlowGraph
{
public:
    FlowGraph(const QList<Module> &modules, const QList<Link> &links);

    /// Modules with no link coming in, in id order: each starts a flow.
    QList<ModuleId> starts() const;
    /// The link that brings `id` its bundles; null for a start.
    const Link *incoming(ModuleId id) const;
    /// The links leaving `id` that are not its error route, in the order of the file: one
    /// for most modules, a router's routes in order.
    QList<const Link *> routes(ModuleId id) const;
    /// The error route leaving `id`; null when it has none.
    const Link *errorRoute(ModuleId id) const;
    /// True when `before` is on the way to `id` (linked before it, at any distance).
    bool isUpstream(ModuleId before, ModuleId id) const;
    /// Every module reached from the starts, depth first: a module, then each of its routes
    /// in order, then its error route; flows one after another in the order of starts().
    QList<ModuleId> flowOrder() const;

    /// What breaks the rules of docs/scenario-file.md, apart from circles (see
    /// Scenario::runOrder): two links into a module, several links out of a module that is
    /// not a router, two error routes or fallbacks, a router without routes, an aggregator
    /// whose source does not run before it.
    struct Problem
    {
        int link = -1; ///< 0-based index of the link at fault; -1 when it is a module
        ModuleId module = 0; ///< the module at fault, when link is -1
        QString key; ///< e.g. "fallback", "config.source", "links"
        QString what; ///< plain words
    };
    std::optional<Problem> firstProblem() const;

    /// True when every link is plain and the links have a shape a version 2 file refuses
    /// (two into one module, several out of one that is not a router), as the editor may
    /// draw them; see chainInRunOrder().
    bool hasOnlyPlainLinksOfAnOlderShape() const;
    /// True when the links form straight chains whose flows, run one after another, give the
    /// modules in Scenario::runOrder(): what a version 1 file meant, kept as it is.
    bool chainsKeepRunOrder() const;
    /// One chain through every module in Scenario::runOrder(): what the links of a version 1
    /// file (or plain links the editor drew) meant, each module running once in that order.
    static QList<Link> chainInRunOrder(const QList<Module> &modules, const QList<Link> &links);

private:
    QString describe(ModuleId id) const;

    const QList<Module> &m_modules;
    const QList<Link> &m_links;
    QHash<ModuleId, qsizetype> m_moduleAt;
    QHash<ModuleId, qsizetype> m_incoming; ///< first link into each module
    QHash<ModuleId, QList<qsizetype>> m_outgoing; ///< links out of each module, in order
};
