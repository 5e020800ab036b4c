#include "ui/kinds/SourceModuleChooser.h"

#include "core/kinds/KindRegistry.h"
#include "core/model/FlowGraph.h"
#include "core/model/Scenario.h"

SourceModuleChooser::SourceModuleChooser(QWidget *parent)
    : QComboBox(parent)
{
    setObjectName(QStringLiteral("source"));
    setToolTip(tr("The module whose bundles it gathers, such as an iterator before it"));
}

void SourceModuleChooser::fill(const Scenario &scenario, ModuleId module, ModuleId source)
{
    const QList<Module> modules = scenario.modules();
    const QList<Link> links = scenario.links();
    const FlowGraph graph(modules, links);
    QList<QPair<QString, ModuleId>> items;
    bool sourceListed = source == 0;
    for (const Module &candidate : modules) {
        // A router or a directive gives out no bundles of its own to gather.
        if (candidate.id == module || !graph.isUpstream(candidate.id, module)
            || !KindRegistry::givesOwnOutput(candidate.type))
            continue;
        items.append(
            {tr("%1 (module %2)").arg(candidate.displayName()).arg(candidate.id), candidate.id});
        sourceListed = sourceListed || candidate.id == source;
    }
    if (source == 0)
        items.prepend({tr("Choose the module whose bundles it gathers"), 0});
    else if (!sourceListed)
        items.append({tr("Module %1, which does not run before this one").arg(source), source});
    const QSignalBlocker blocker(this);
    clear();
    for (const auto &item : items)
        addItem(item.first, item.second);
    setCurrentIndex(qMax(0, findData(source)));
}

ModuleId SourceModuleChooser::source() const
{
    return currentData().toInt();
}
