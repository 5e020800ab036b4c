#include "ui/canvas/FlowLayout.h"

#include "core/model/FlowGraph.h"

#include <QSet>

namespace {

/// A module being laid out, with the modules that follow it (its routes in order, then its
/// error route) and the row its first placed follower got.
struct Frame
{
    ModuleId id = 0;
    int column = 0;
    QList<ModuleId> next;
    qsizetype nextAt = 0;
    int firstRow = -1;
};

QList<ModuleId> followers(const FlowGraph &graph, ModuleId id)
{
    QList<ModuleId> next;
    for (const Link *route : graph.routes(id))
        next.append(route->to);
    if (const Link *error = graph.errorRoute(id))
        next.append(error->to);
    return next;
}

} // namespace

QHash<ModuleId, QPointF> FlowLayout::arrange(
    const QList<Module> &modules, const QList<Link> &links, QPointF origin, QSizeF spacing)
{
    const FlowGraph graph(modules, links);
    QHash<ModuleId, QPointF> positions;
    positions.reserve(modules.size());
    QSet<ModuleId> known;
    known.reserve(modules.size());
    for (const Module &m : modules)
        known.insert(m.id);

    // The starts first; then whatever no start reaches (modules in a circle), in file order.
    QList<ModuleId> roots = graph.starts();
    for (const Module &m : modules)
        roots.append(m.id);

    QSet<ModuleId> placed;
    placed.reserve(modules.size());
    int nextRow = 0; // rows are taken by the ends of branches, top to bottom
    QList<Frame> stack;
    for (ModuleId root : std::as_const(roots)) {
        if (placed.contains(root))
            continue;
        placed.insert(root);
        stack.append(Frame {root, 0, followers(graph, root)});
        while (!stack.isEmpty()) {
            Frame &top = stack.last();
            if (top.nextAt < top.next.size()) {
                const ModuleId child = top.next.at(top.nextAt++);
                if (!known.contains(child) || placed.contains(child))
                    continue;
                placed.insert(child);
                const int column = top.column + 1;
                stack.append(Frame {child, column, followers(graph, child)});
                continue;
            }
            // Every follower is placed: the module sits on the row of its first one, so a
            // chain stays on one line and a router lines up with its first route.
            const int row = top.firstRow >= 0 ? top.firstRow : nextRow++;
            positions.insert(
                top.id, origin + QPointF(top.column * spacing.width(), row * spacing.height()));
            stack.removeLast();
            if (!stack.isEmpty() && stack.last().firstRow < 0)
                stack.last().firstRow = row;
        }
    }
    return positions;
}
