#include "core/model/FlowGraph.h"

#include "core/model/Scenario.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>

FlowGraph::FlowGraph(const QList<Module> &modules, const QList<Link> &links)
    : m_modules(modules)
    , m_links(links)
{
    m_moduleAt.reserve(modules.size());
    for (qsizetype i = 0; i < modules.size(); ++i)
        m_moduleAt.insert(modules.at(i).id, i);
    for (qsizetype i = 0; i < links.size(); ++i) {
        const Link &l = links.at(i);
        if (!m_incoming.contains(l.to))
            m_incoming.insert(l.to, i);
        m_outgoing[l.from].append(i);
    }
}

QList<ModuleId> FlowGraph::starts() const
{
    QList<ModuleId> ids;
    for (const Module &m : m_modules) {
        if (!m_incoming.contains(m.id))
            ids.append(m.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

const Link *FlowGraph::incoming(ModuleId id) const
{
    const qsizetype at = m_incoming.value(id, -1);
    return at < 0 ? nullptr : &m_links.at(at);
}

QList<const Link *> FlowGraph::routes(ModuleId id) const
{
    QList<const Link *> out;
    for (qsizetype at : m_outgoing.value(id)) {
        if (!m_links.at(at).onError)
            out.append(&m_links.at(at));
    }
    return out;
}

const Link *FlowGraph::errorRoute(ModuleId id) const
{
    for (qsizetype at : m_outgoing.value(id)) {
        if (m_links.at(at).onError)
            return &m_links.at(at);
    }
    return nullptr;
}

bool FlowGraph::isUpstream(ModuleId before, ModuleId id) const
{
    QSet<ModuleId> seen {id};
    for (const Link *l = incoming(id); l; l = incoming(l->from)) {
        if (l->from == before)
            return true;
        if (seen.contains(l->from))
            return false; // a circle (refused elsewhere)
        seen.insert(l->from);
    }
    return false;
}

QList<ModuleId> FlowGraph::flowOrder() const
{
    QList<ModuleId> order;
    QSet<ModuleId> seen;
    const QList<ModuleId> first = starts();
    for (ModuleId start : first) {
        // Depth first without recursion: a chain of 100,000 modules must not use the stack.
        QList<ModuleId> pending {start};
        while (!pending.isEmpty()) {
            const ModuleId id = pending.takeLast();
            if (seen.contains(id))
                continue;
            seen.insert(id);
            order.append(id);
            QList<ModuleId> next;
            for (const Link *l : routes(id))
                next.append(l->to);
            if (const Link *e = errorRoute(id))
                next.append(e->to);
            for (auto it = next.crbegin(); it != next.crend(); ++it)
                pending.append(*it);
        }
    }
    return order;
}

QString FlowGraph::describe(ModuleId id) const
{
    const qsizetype at = m_moduleAt.value(id, -1);
    const QString label = at < 0 ? QString() : m_modules.at(at).label;
    return label.isEmpty()
        ? QCoreApplication::translate("FlowGraph", "module %1").arg(id)
        : QCoreApplication::translate("FlowGraph", "module %1 (\u201c%2\u201d)").arg(id).arg(label);
}

namespace {

bool hasRoutes(const Module *m)
{
    return m && m->settings.data() && m->settings.data()->hasRoutes();
}

} // namespace

std::optional<FlowGraph::Problem> FlowGraph::firstProblem() const
{
    const auto moduleOf = [this](ModuleId id) -> const Module * {
        const qsizetype at = m_moduleAt.value(id, -1);
        return at < 0 ? nullptr : &m_modules.at(at);
    };
    QHash<ModuleId, ModuleId> cameFrom;
    QHash<ModuleId, ModuleId> goesTo;
    QHash<ModuleId, ModuleId> errorTo;
    QHash<ModuleId, ModuleId> fallbackTo;
    for (qsizetype i = 0; i < m_links.size(); ++i) {
        const Link &l = m_links.at(i);
        const int index = int(i);
        if (l.fallback && l.onError)
            return Problem {index, 0, QStringLiteral("fallback"),
                QCoreApplication::translate(
                    "FlowGraph", "a link cannot be both a fallback route and an error route.")};
        if (cameFrom.contains(l.to))
            return Problem {index, 0, QString(),
                QCoreApplication::translate("FlowGraph",
                    "%1 already has a link coming in, from module %2; a module "
                    "takes its bundles from one module only.")
                    .arg(describe(l.to))
                    .arg(cameFrom.value(l.to))};
        cameFrom.insert(l.to, l.from);
        if (l.onError) {
            if (errorTo.contains(l.from))
                return Problem {index, 0, QStringLiteral("onError"),
                    QCoreApplication::translate("FlowGraph",
                        "%1 already has an error route, to module %2; a module may "
                        "have only one.")
                        .arg(describe(l.from))
                        .arg(errorTo.value(l.from))};
            errorTo.insert(l.from, l.to);
            continue;
        }
        const bool router = hasRoutes(moduleOf(l.from));
        if (l.fallback && !router)
            return Problem {index, 0, QStringLiteral("fallback"),
                QCoreApplication::translate("FlowGraph",
                    "only a router's routes can be a fallback, and %1 is not a "
                    "router.")
                    .arg(describe(l.from))};
        if (l.fallback && fallbackTo.contains(l.from))
            return Problem {index, 0, QStringLiteral("fallback"),
                QCoreApplication::translate("FlowGraph",
                    "%1 already has a fallback route, to module %2; a router may "
                    "have only one.")
                    .arg(describe(l.from))
                    .arg(fallbackTo.value(l.from))};
        if (l.fallback)
            fallbackTo.insert(l.from, l.to);
        if (!router && goesTo.contains(l.from))
            return Problem {index, 0, QString(),
                QCoreApplication::translate("FlowGraph",
                    "%1 already has a link going out, to module %2; only a router "
                    "may have several (put a router after it to send its bundles "
                    "down several routes).")
                    .arg(describe(l.from))
                    .arg(goesTo.value(l.from))};
        if (!goesTo.contains(l.from))
            goesTo.insert(l.from, l.to);
    }
    for (const Module &m : m_modules) {
        if (hasRoutes(&m) && !goesTo.contains(m.id))
            return Problem {-1, m.id, QStringLiteral("links"),
                QCoreApplication::translate("FlowGraph",
                    "a router needs at least one route (a link going out to the "
                    "module that runs next), but this one has none.")};
        const ModuleId source = m.settings.data() ? m.settings.data()->aggregationSource() : 0;
        if (source == 0)
            continue;
        if (!m_moduleAt.contains(source))
            return Problem {-1, m.id, QStringLiteral("config.source"),
                QCoreApplication::translate("FlowGraph",
                    "there is no module %1 in this scenario; the source must be "
                    "the module whose bundles this one collects.")
                    .arg(source)};
        if (!isUpstream(source, m.id))
            return Problem {-1, m.id, QStringLiteral("config.source"),
                QCoreApplication::translate("FlowGraph",
                    "%1 does not run before this module; the source must be a "
                    "module on the way to it (linked before it), usually an "
                    "iterator.")
                    .arg(describe(source))};
    }
    return std::nullopt;
}

bool FlowGraph::hasOnlyPlainLinksOfAnOlderShape() const
{
    QSet<ModuleId> into;
    QSet<ModuleId> outOf;
    bool older = false;
    for (const Link &l : m_links) {
        if (!l.isPlain())
            return false;
        const qsizetype at = m_moduleAt.value(l.from, -1);
        if (into.contains(l.to)
            || (outOf.contains(l.from) && !(at >= 0 && hasRoutes(&m_modules.at(at)))))
            older = true;
        into.insert(l.to);
        outOf.insert(l.from);
    }
    return older;
}

bool FlowGraph::chainsKeepRunOrder() const
{
    for (const Module &m : m_modules) {
        if (m_outgoing.value(m.id).size() > 1)
            return false;
    }
    QSet<ModuleId> into;
    for (const Link &l : m_links) {
        if (into.contains(l.to))
            return false;
        into.insert(l.to);
    }
    return flowOrder() == Scenario::runOrder(m_modules, m_links);
}

QList<Link> FlowGraph::chainInRunOrder(const QList<Module> &modules, const QList<Link> &links)
{
    const QList<ModuleId> order = Scenario::runOrder(modules, links);
    QList<Link> chain;
    chain.reserve(order.size());
    for (qsizetype i = 1; i < order.size(); ++i)
        chain.append(Link {order.at(i - 1), order.at(i)});
    return chain;
}
