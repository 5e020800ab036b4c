#pragma once

#include "core/model/Module.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QSizeF>

/// Where Auto-align puts the modules: each flow read as a tree from left to right, as Make
/// draws it. A module's routes go to the next column; a router's routes are stacked top to
/// bottom in route order, each taking as many rows as its own branches need, so that routes
/// never cross; an error route goes below the module's other routes. Flows (and modules
/// without links) are stacked below each other in the order of FlowGraph::starts().
namespace FlowLayout {

/// The position of every module in `modules`: `origin` for the first start, one column is
/// `spacing.width()` wide, one row `spacing.height()` high. Works without recursion, so a
/// chain of any length fits; modules in a circle or reached twice are placed once.
QHash<ModuleId, QPointF> arrange(
    const QList<Module> &modules, const QList<Link> &links, QPointF origin, QSizeF spacing);

} // namespace FlowLayout
