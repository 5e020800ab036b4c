#include "ui/canvas/ScenarioScene.h"

#include "core/kinds/KindRegistry.h"
#include "core/kinds/router/RouterKind.h"
#include "core/model/Scenario.h"
#include "ui/canvas/AddHandleItem.h"
#include "ui/canvas/CanvasPalette.h"
#include "ui/canvas/LinkItem.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/commands/AddModuleCommand.h"
#include "ui/commands/CloneModule.h"
#include "ui/commands/EditLinkCommand.h"
#include "ui/commands/LinkCommand.h"
#include "ui/commands/MoveModuleCommand.h"
#include "ui/commands/OrderRoutesCommand.h"
#include "ui/commands/RemoveModuleCommand.h"
#include "ui/commands/UnlinkCommand.h"
#include "ui/filters/FilterEditor.h"

#include <QAction>
#include <QApplication>
#include <QGraphicsPathItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QKeyEvent>
#include <QMenu>
#include <QSet>
#include <QTimer>
#include <QUndoStack>

#include <cmath>
#include <memory>

ScenarioScene::ScenarioScene(Scenario *scenario, QUndoStack *undoStack, QObject *parent)
    : QGraphicsScene(parent)
    , m_scenario(scenario)
    , m_undoStack(undoStack)
    , m_handle(new AddHandleItem)
    , m_animation(new QTimer(this))
{
    // A large fixed area so that the canvas can be panned freely around the modules (the
    // default scene rect grows with the items and would clamp panning to them).
    setSceneRect(-50000, -50000, 100000, 100000);
    addItem(m_handle);

    m_animation->setInterval(40);
    connect(m_animation, &QTimer::timeout, this, &ScenarioScene::updateAnimation);

    connect(m_scenario, &Scenario::moduleAdded, this, [this](ModuleId id) {
        if (const Module *module = m_scenario->findModule(id))
            addModuleItem(*module);
        scheduleHandleUpdate();
    });
    connect(m_scenario, &Scenario::moduleRemoved, this, [this](ModuleId id) {
        removeModuleItem(id);
        scheduleHandleUpdate();
    });
    connect(m_scenario, &Scenario::moduleChanged, this, [this](ModuleId id) {
        if (ModuleItem *item = moduleItem(id))
            item->syncFromModule(m_scenario->module(id));
    });
    connect(m_scenario, &Scenario::moduleMoved, this, [this](ModuleId id, const QPointF &position) {
        if (ModuleItem *item = moduleItem(id))
            item->setPos(position);
    });
    connect(m_scenario, &Scenario::linkAdded, this, [this](ModuleId from, ModuleId to) {
        addLinkItem(from, to);
        scheduleHandleUpdate();
    });
    connect(m_scenario, &Scenario::linkRemoved, this, [this](ModuleId from, ModuleId to) {
        removeLinkItem(from, to);
        scheduleHandleUpdate();
    });
    connect(m_scenario, &Scenario::linkChanged, this, [this](ModuleId from, ModuleId to) {
        LinkItem *item = linkItem(from, to);
        const Link *link = m_scenario->findLink(from, to);
        if (item && link) {
            item->setMarks(link->onError, link->fallback);
            // Counts of the last run described the link as it was.
            item->clearFilterCounts();
            item->setFilter(link->filter);
        }
        scheduleHandleUpdate();
    });
    connect(m_scenario, &Scenario::scenarioReset, this, &ScenarioScene::rebuild);
    connect(this, &QGraphicsScene::selectionChanged, this, &ScenarioScene::onSelectionChanged);

    rebuild();
}

ScenarioScene::~ScenarioScene()
{
    // ~QGraphicsScene deletes the module items and emits selectionChanged for the selected
    // ones, when this object is no longer a ScenarioScene: our slot must not run then
    // (UBSan: member call on a destroyed object).
    disconnect(this, &QGraphicsScene::selectionChanged, this, &ScenarioScene::onSelectionChanged);
    // Links refer to their modules: delete them first.
    qDeleteAll(m_linkItems);
    m_linkItems.clear();
}

LinkItem *ScenarioScene::linkItem(ModuleId from, ModuleId to) const
{
    return m_linkItems.value(linkKey(from, to));
}

AddHandleItem *ScenarioScene::addHandle() const
{
    updateHandle();
    return m_handle;
}

void ScenarioScene::rebuild()
{
    m_handle->setParentItem(nullptr);
    qDeleteAll(m_linkItems);
    m_linkItems.clear();
    qDeleteAll(m_moduleItems);
    m_moduleItems.clear();
    m_dragStart.clear();
    m_dropTarget = nullptr;
    for (const Module &module : m_scenario->modules())
        addModuleItem(module);
    for (const Link &link : m_scenario->links())
        addLinkItem(link.from, link.to);
    m_handleDirty = true;
    updateHandle();
    updateAnimation();
}

void ScenarioScene::addModuleItem(const Module &module)
{
    if (m_moduleItems.contains(module.id))
        return;
    auto *item = new ModuleItem(module.id);
    item->syncFromModule(module);
    addItem(item);
    m_moduleItems.insert(module.id, item);
}

void ScenarioScene::removeModuleItem(ModuleId id)
{
    ModuleItem *item = m_moduleItems.take(id);
    if (!item)
        return;
    // Scenario::removeModule unlinks first, but never leave a link pointing at a dead item.
    for (LinkItem *link : item->links())
        removeLinkItem(link->from(), link->to());
    if (m_handle->parentItem() == item) {
        m_handle->setParentItem(nullptr);
        m_handleDirty = true;
    }
    if (m_dropTarget == item)
        m_dropTarget = nullptr;
    if (m_connectFrom == id)
        m_connectFrom = 0;
    m_dragStart.remove(id);
    delete item;
}

void ScenarioScene::addLinkItem(ModuleId from, ModuleId to)
{
    ModuleItem *source = moduleItem(from);
    ModuleItem *target = moduleItem(to);
    if (!source || !target || m_linkItems.contains(linkKey(from, to)))
        return;
    auto *link = new LinkItem(source, target);
    if (const Link *model = m_scenario->findLink(from, to)) {
        link->setMarks(model->onError, model->fallback);
        link->setFilter(model->filter);
    }
    addItem(link);
    m_linkItems.insert(linkKey(from, to), link);
}

void ScenarioScene::removeLinkItem(ModuleId from, ModuleId to)
{
    delete m_linkItems.take(linkKey(from, to));
}

void ScenarioScene::scheduleHandleUpdate()
{
    if (m_handleDirty)
        return;
    m_handleDirty = true;
    // Coalesced: loading or deleting many modules computes the run order once.
    QTimer::singleShot(0, this, [this] { updateHandle(); });
}

void ScenarioScene::updateHandle() const
{
    if (!m_handleDirty)
        return;
    m_handleDirty = false;
    // The "+" goes on the end of the flow: the last module in run order that has a link in
    // and none out. A module nobody linked yet would otherwise steal it from the chain.
    const QList<ModuleId> order = m_scenario->runOrder();
    QSet<ModuleId> hasIn;
    QSet<ModuleId> hasOut;
    QSet<ModuleId> onErrorRoute;
    QHash<ModuleId, QList<ModuleId>> next;
    for (const Link &link : m_scenario->links()) {
        if (!link.onError)
            hasOut.insert(link.from);
        hasIn.insert(link.to);
        next[link.from].append(link.to);
        if (link.onError)
            onErrorRoute.insert(link.to);
    }
    // Error routes are no place for the "+": it goes on the end of the bundles' flow. The
    // run order puts a module after those it follows, so one pass marks whole error routes.
    for (ModuleId id : order) {
        if (onErrorRoute.contains(id)) {
            for (ModuleId after : next.value(id))
                onErrorRoute.insert(after);
        }
    }
    ModuleId end = 0;
    for (auto it = order.crbegin(); it != order.crend() && end == 0; ++it) {
        if (!onErrorRoute.contains(*it))
            end = *it;
    }
    for (auto it = order.crbegin(); it != order.crend(); ++it) {
        if (onErrorRoute.contains(*it))
            continue;
        if (hasIn.contains(*it) && !hasOut.contains(*it)) {
            end = *it;
            break;
        }
    }
    ModuleItem *last = moduleItem(end);
    m_handle->setParentItem(last);
    m_handle->attachTo(last ? last->moduleId() : 0);
}

QList<ModuleId> ScenarioScene::selectedModules() const
{
    QList<ModuleId> ids;
    const QList<QGraphicsItem *> items = selectedItems();
    for (QGraphicsItem *item : items) {
        if (auto *module = qgraphicsitem_cast<ModuleItem *>(item))
            ids.append(module->moduleId());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

void ScenarioScene::selectModule(ModuleId id)
{
    clearSelection();
    if (ModuleItem *item = moduleItem(id))
        item->setSelected(true);
}

void ScenarioScene::onSelectionChanged()
{
    const QList<ModuleId> ids = selectedModules();
    const ModuleId current = ids.size() == 1 && selectedItems().size() == 1 ? ids.first() : 0;
    if (current == m_lastSelected)
        return;
    m_lastSelected = current;
    emit selectionChangedToModule(current);
}

void ScenarioScene::push(QUndoCommand *command)
{
    // No stack, no edit: an edit that could not be undone would be worse than none.
    Q_ASSERT(m_undoStack);
    if (!m_undoStack) {
        delete command;
        return;
    }
    m_undoStack->push(command);
}

bool ScenarioScene::connectModules(ModuleId from, ModuleId to)
{
    if (from == to || !m_scenario->contains(from) || !m_scenario->contains(to)
        || m_scenario->links().contains(Link {from, to}))
        return false;
    push(new LinkCommand(m_scenario, from, to));
    return true;
}

void ScenarioScene::deleteSelection()
{
    const QList<ModuleId> modules = selectedModules();
    QList<Link> links;
    const QList<QGraphicsItem *> items = selectedItems();
    for (QGraphicsItem *item : items) {
        auto *link = qgraphicsitem_cast<LinkItem *>(item);
        // A link that touches a deleted module goes with the module.
        if (link && !modules.contains(link->from()) && !modules.contains(link->to()))
            links.append(Link {link->from(), link->to()});
    }
    const int count = int(modules.size() + links.size());
    if (count == 0)
        return;
    if (count == 1) {
        if (modules.isEmpty())
            push(new UnlinkCommand(m_scenario, links.first().from, links.first().to));
        else
            push(new RemoveModuleCommand(m_scenario, modules.first()));
        return;
    }
    auto *macro = new QUndoCommand;
    // Spelled out rather than "%n module(s)": without a translation loaded, Qt does not
    // pick plural forms, and these texts show in Edit › Undo.
    if (links.isEmpty())
        macro->setText(tr("Delete %1 modules").arg(modules.size()));
    else if (modules.isEmpty())
        macro->setText(tr("Delete %1 links").arg(links.size()));
    else if (modules.size() == 1)
        macro->setText(tr("Delete module %1 and links").arg(modules.first()));
    else
        macro->setText(tr("Delete %1 modules and links").arg(modules.size()));
    for (const Link &link : std::as_const(links))
        new UnlinkCommand(m_scenario, link.from, link.to, macro);
    for (ModuleId id : modules)
        new RemoveModuleCommand(m_scenario, id, macro);
    push(macro);
}

void ScenarioScene::deleteModule(ModuleId id)
{
    if (m_scenario->contains(id))
        push(new RemoveModuleCommand(m_scenario, id));
}

ModuleId ScenarioScene::cloneModule(ModuleId id)
{
    AddModuleCommand *command = CloneModule::makeCommand(m_scenario, id);
    if (!command)
        return 0;
    const ModuleId newId = command->moduleId();
    push(command);
    selectModule(newId);
    return newId;
}

void ScenarioScene::moveModules(const QHash<ModuleId, QPointF> &positions, const QString &text)
{
    QList<ModuleId> ids;
    for (auto it = positions.constBegin(); it != positions.constEnd(); ++it) {
        const Module *module = m_scenario->findModule(it.key());
        if (module && module->position != it.value())
            ids.append(it.key());
    }
    if (ids.isEmpty())
        return;
    std::sort(ids.begin(), ids.end());
    if (ids.size() == 1) {
        const ModuleId id = ids.first();
        push(new MoveModuleCommand(
            m_scenario, id, m_scenario->module(id).position, positions.value(id)));
        return;
    }
    auto *macro = new QUndoCommand(text);
    for (ModuleId id : std::as_const(ids)) {
        new MoveModuleCommand(
            m_scenario, id, m_scenario->module(id).position, positions.value(id), macro);
    }
    push(macro);
}

QMenu *ScenarioScene::createModuleMenu(ModuleId id, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    const QPointer<ScenarioScene> self(this);
    auto add = [&](const QString &text, const QString &tip, auto slot) {
        QAction *action = menu->addAction(text);
        action->setToolTip(tip);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    QAction *settings = add(tr("Settings"), tr("Open this module's settings"),
        [this, id] { emit moduleActivated(id); });
    menu->setDefaultAction(settings);
    // A router or a directive does nothing alone.
    if (KindRegistry::givesOwnOutput(m_scenario->module(id).type)) {
        add(tr("Run this module only"),
            tr("Run just this module, using what the modules before it returned last time"),
            [this, id] { emit runModuleRequested(id); });
    }
    const Module module = m_scenario->module(id);
    const KindInfo *kind = KindRegistry::find(module.type);
    if (module.type == RouterConfig::typeName()) {
        add(tr("Add a route"), tr("Add a module on a new route of this router"), [this, id] {
            // Below the lowest route, so that the new one shows as the last.
            const ModuleItem *item = moduleItem(id);
            if (!item)
                return;
            QPointF at = item->pos() + QPointF(ModuleSpacing, 0);
            const QList<ModuleId> routes = m_scenario->routeTargets(id);
            for (ModuleId to : routes) {
                if (const ModuleItem *target = moduleItem(to))
                    at.setY(std::max(at.y(), target->pos().y() + ModuleSpacing * 0.6));
            }
            emit addModuleRequested(at, id);
        });
        QAction *order = add(tr("Order routes…"), tr("Choose which route bundles take first"),
            [this, id] { emit orderRoutesRequested(id); });
        order->setEnabled(m_scenario->routeTargets(id).size() > 1);
        if (!order->isEnabled())
            order->setToolTip(tr("Add a second route first"));
    } else {
        add(tr("Add a module after"), tr("Add a module that runs after this one"), [this, id] {
            const ModuleItem *item = moduleItem(id);
            if (item)
                emit addModuleRequested(item->pos() + QPointF(ModuleSpacing, 0), id);
        });
    }
    if (module.type != RouterConfig::typeName() && !(kind && kind->directive != FlowDirective::None)
        && !(kind && kind->placeholder)) {
        const bool hasOne = m_scenario->errorRoute(id) != nullptr;
        QAction *handler = add(tr("Add error handler"),
            tr("Choose what happens when this module fails: ignore it, retry later, use another "
               "answer…"),
            [this, id] { emit errorHandlerRequested(id); });
        if (hasOne) {
            handler->setEnabled(false);
            handler->setToolTip(tr("This module has an error handler already"));
        }
    }
    menu->addSeparator();
    add(tr("Rename"), tr("Give this module a name of your own"),
        [this, id] { emit renameRequested(id); });
    add(tr("Clone"), tr("Add a copy of this module with its settings"),
        [this, id] { cloneModule(id); });
    QAction *copy = add(tr("Copy"), tr("Copy this module to the clipboard"),
        [this, id] { emit copyRequested(id); });
    copy->setShortcut(QKeySequence::Copy);
    const bool hasNote = !m_scenario->module(id).note.isEmpty();
    add(hasNote ? tr("Edit the note") : tr("Add a note"),
        tr("Write a note that shows on this module"), [this, id] { emit noteRequested(id); });
    menu->addSeparator();
    QAction *remove = add(
        tr("Delete"), tr("Delete this module and its links"), [this, id] { deleteModule(id); });
    remove->setShortcut(QKeySequence::Delete);
    return menu;
}

void ScenarioScene::orderRoutes(ModuleId router, const QList<ModuleId> &targets)
{
    push(new OrderRoutesCommand(m_scenario, router, targets));
}

bool ScenarioScene::setFallbackRoute(ModuleId router, ModuleId to, bool fallback)
{
    const Link *chosen = m_scenario->findLink(router, to);
    if (!chosen || chosen->onError || m_scenario->module(router).type != RouterConfig::typeName())
        return false;
    if (chosen->fallback == fallback)
        return true;
    auto *macro
        = new QUndoCommand(fallback ? tr("Make the route to module %1 the fallback").arg(to)
                                    : tr("Route to module %1 is no longer the fallback").arg(to));
    // A router has one fallback: the mark moves from the route that had it.
    for (const Link &link : m_scenario->links()) {
        if (link.from == router && link.to != to && link.fallback && fallback) {
            Link cleared = link;
            cleared.fallback = false;
            new EditLinkCommand(m_scenario, link, cleared, macro->text(), macro);
        }
    }
    Link changed = *chosen;
    changed.fallback = fallback;
    new EditLinkCommand(m_scenario, *chosen, changed, macro->text(), macro);
    push(macro);
    return true;
}

void ScenarioScene::setModuleStatus(ModuleId id, ModuleRunStatus status, int operations)
{
    if (ModuleItem *item = moduleItem(id))
        item->setStatus(status, operations);
    updateAnimation();
}

void ScenarioScene::clearStatuses()
{
    for (ModuleItem *item : std::as_const(m_moduleItems))
        item->setStatus(ModuleRunStatus::Idle, 0);
    for (LinkItem *link : std::as_const(m_linkItems))
        link->clearFilterCounts();
    updateAnimation();
}

void ScenarioScene::setFilterCounts(ModuleId from, ModuleId to, int passed, int stopped)
{
    if (LinkItem *item = linkItem(from, to))
        item->setFilterCounts(passed, stopped);
}

void ScenarioScene::editFilter(ModuleId from, ModuleId to)
{
    const Link *link = m_scenario->findLink(from, to);
    if (!link)
        return;
    QWidget *window = views().isEmpty() ? nullptr : views().constFirst()->window();
    auto *editor = new FilterEditor(m_scenario, *link, window);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this,
        [this, editor, from, to] { setLinkFilter(from, to, editor->filter()); });
    emit filterEditorOpened(editor);
    // Window-modal without a nested event loop: the press that opened it is over.
    editor->open();
}

bool ScenarioScene::setLinkFilter(ModuleId from, ModuleId to, const Filter &filter)
{
    const Link *link = m_scenario->findLink(from, to);
    if (!link || link->filter == filter)
        return false;
    Link after = *link;
    after.filter = filter;
    push(new EditLinkCommand(m_scenario, *link, after, EditLinkCommand::describe(*link, after)));
    return true;
}

void ScenarioScene::setModuleBroken(ModuleId id, const QString &reason)
{
    if (ModuleItem *item = moduleItem(id))
        item->setBroken(reason);
}

void ScenarioScene::updateAnimation()
{
    // Only running modules repaint, and only while something runs.
    bool running = false;
    m_phase = std::fmod(m_phase + 0.04, 1.0);
    for (ModuleItem *item : std::as_const(m_moduleItems)) {
        if (item->status() == ModuleRunStatus::Running) {
            running = true;
            item->setAnimationPhase(m_phase);
        }
    }
    if (running && !m_animation->isActive())
        m_animation->start();
    else if (!running)
        m_animation->stop();
}

QGraphicsItem *ScenarioScene::topItemAt(const QPointF &scenePos, QWidget *viewport) const
{
    QTransform transform;
    if (viewport) {
        if (auto *view = qobject_cast<QGraphicsView *>(viewport->parentWidget()))
            transform = view->viewportTransform();
    }
    const QList<QGraphicsItem *> hits
        = items(scenePos, Qt::IntersectsItemShape, Qt::DescendingOrder, transform);
    for (QGraphicsItem *item : hits) {
        if (item != m_rubberLink)
            return item;
    }
    return nullptr;
}

ModuleItem *ScenarioScene::moduleItemAt(const QPointF &scenePos, QWidget *viewport) const
{
    QGraphicsItem *item = topItemAt(scenePos, viewport);
    if (auto *handle = qgraphicsitem_cast<AddHandleItem *>(item))
        return qgraphicsitem_cast<ModuleItem *>(handle->parentItem());
    return qgraphicsitem_cast<ModuleItem *>(item);
}

void ScenarioScene::beginConnection(ModuleItem *from, const QPointF &scenePos)
{
    m_connectFrom = from->moduleId();
    m_rubberLink = new QGraphicsPathItem;
    QPen pen(from->accentColor(), 5, Qt::CustomDashLine, Qt::RoundCap);
    pen.setDashPattern({0.01, 2.0});
    m_rubberLink->setPen(pen);
    m_rubberLink->setZValue(3);
    m_rubberLink->setPath(LinkItem::curve(from->outPort(), scenePos));
    addItem(m_rubberLink);
}

void ScenarioScene::updateConnection(const QPointF &scenePos, QWidget *viewport)
{
    ModuleItem *from = moduleItem(m_connectFrom);
    ModuleItem *target = moduleItemAt(scenePos, viewport);
    if (target == from)
        target = nullptr;
    if (target != m_dropTarget) {
        if (m_dropTarget)
            m_dropTarget->setDropTarget(false);
        m_dropTarget = target;
        if (m_dropTarget)
            m_dropTarget->setDropTarget(true);
    }
    if (from && m_rubberLink)
        m_rubberLink->setPath(
            LinkItem::curve(from->outPort(), target ? target->inPort() : scenePos));
}

void ScenarioScene::finishConnection(const QPointF &scenePos, QWidget *viewport)
{
    const ModuleId from = m_connectFrom;
    m_connectFrom = 0;
    delete m_rubberLink;
    m_rubberLink = nullptr;
    if (m_dropTarget)
        m_dropTarget->setDropTarget(false);
    m_dropTarget = nullptr;
    ModuleItem *target = moduleItemAt(scenePos, viewport);
    if (from && target)
        connectModules(from, target->moduleId());
}

void ScenarioScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QGraphicsScene::mousePressEvent(event);
        return;
    }
    QGraphicsItem *hit = topItemAt(event->scenePos(), event->widget());
    if (qgraphicsitem_cast<AddHandleItem *>(hit)) {
        m_handlePressed = true;
        m_handlePressPos = event->scenePos();
        event->accept();
        return;
    }
    if (auto *module = qgraphicsitem_cast<ModuleItem *>(hit)) {
        const QPointF local = module->mapFromScene(event->scenePos());
        if (module->isOnBubble(local)) {
            selectModule(module->moduleId());
            emit inspectRequested(module->moduleId());
            event->accept();
            return;
        }
        if (module->isOnConnector(local)) {
            beginConnection(module, event->scenePos());
            event->accept();
            return;
        }
    }
    if (auto *link = qgraphicsitem_cast<LinkItem *>(hit)) {
        // Make's wrench: the sign at the middle opens the filter; the counts under it show
        // the module after it, with the bundles the filter stopped and why.
        const QPointF local = link->mapFromScene(event->scenePos());
        if (link->isOnFilterCounts(local)) {
            selectModule(link->to());
            emit inspectRequested(link->to());
            event->accept();
            return;
        }
        if (link->isOnFilterSign(local)) {
            editFilter(link->from(), link->to());
            event->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
    // Remember where the modules about to be dragged start, to push one move on release.
    m_dragStart.clear();
    if (mouseGrabberItem()) {
        const QList<QGraphicsItem *> items = selectedItems();
        for (QGraphicsItem *item : items) {
            if (auto *module = qgraphicsitem_cast<ModuleItem *>(item))
                m_dragStart.insert(module->moduleId(), module->pos());
        }
    }
}

void ScenarioScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_handlePressed) {
        const qreal distance = QLineF(event->scenePos(), m_handlePressPos).length();
        ModuleItem *from = qgraphicsitem_cast<ModuleItem *>(m_handle->parentItem());
        if (from && distance >= QApplication::startDragDistance()) {
            // Dragging the "+" away links the last module to another one.
            m_handlePressed = false;
            beginConnection(from, event->scenePos());
        }
        event->accept();
        return;
    }
    if (m_connectFrom) {
        updateConnection(event->scenePos(), event->widget());
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void ScenarioScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_handlePressed && event->button() == Qt::LeftButton) {
        m_handlePressed = false;
        emit addModuleRequested(m_handle->newModulePosition(), m_handle->afterModule());
        event->accept();
        return;
    }
    if (m_connectFrom && event->button() == Qt::LeftButton) {
        finishConnection(event->scenePos(), event->widget());
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || m_dragStart.isEmpty())
        return;
    QHash<ModuleId, QPointF> moved;
    for (auto it = m_dragStart.constBegin(); it != m_dragStart.constEnd(); ++it) {
        ModuleItem *item = moduleItem(it.key());
        if (item && item->pos() != it.value())
            moved.insert(it.key(), item->pos());
    }
    m_dragStart.clear();
    moveModules(moved, tr("Move %1 modules").arg(moved.size()));
}

void ScenarioScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QGraphicsScene::mouseDoubleClickEvent(event);
        return;
    }
    QGraphicsItem *hit = topItemAt(event->scenePos(), event->widget());
    if (auto *module = qgraphicsitem_cast<ModuleItem *>(hit)) {
        emit moduleActivated(module->moduleId());
        event->accept();
        return;
    }
    if (!hit) {
        emit addModuleRequested(event->scenePos(), 0);
        event->accept();
        return;
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

ModuleId ScenarioScene::moduleInDirection(ModuleId from, Qt::Key key) const
{
    const ModuleItem *start = moduleItem(from);
    if (!start) {
        // Nothing selected yet: the arrow keys start at the first module to run.
        const QList<ModuleId> order = m_scenario->runOrder();
        return order.isEmpty() ? 0 : order.first();
    }
    const QPointF origin = start->pos();
    ModuleId best = 0;
    qreal bestScore = 0;
    for (const ModuleItem *item : m_moduleItems) {
        if (item == start)
            continue;
        const QPointF d = item->pos() - origin;
        qreal along = 0;
        qreal across = 0;
        switch (key) {
        case Qt::Key_Left:
            along = -d.x();
            across = d.y();
            break;
        case Qt::Key_Right:
            along = d.x();
            across = d.y();
            break;
        case Qt::Key_Up:
            along = -d.y();
            across = d.x();
            break;
        default:
            along = d.y();
            across = d.x();
            break;
        }
        // Only modules on that side, within 60 degrees of the direction; the nearest wins,
        // with a sideways step counting double so that a row is walked along its line.
        if (along <= 0 || std::abs(across) > along * 1.8)
            continue;
        const qreal score = along + 2 * std::abs(across);
        if (!best || score < bestScore) {
            best = item->moduleId();
            bestScore = score;
        }
    }
    return best;
}

void ScenarioScene::keyPressEvent(QKeyEvent *event)
{
    const bool plain = !(event->modifiers() & ~Qt::KeypadModifier);
    const QList<ModuleId> selected = selectedModules();
    const ModuleId current = selected.size() == 1 ? selected.first() : 0;
    switch (plain ? event->key() : 0) {
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
        if (const ModuleId next = moduleInDirection(current, Qt::Key(event->key()))) {
            selectModule(next);
            for (QGraphicsView *view : views())
                view->ensureVisible(moduleItem(next), 40, 40);
        }
        // Even at the last module: the arrows move the selection, never scroll the canvas.
        if (!m_moduleItems.isEmpty()) {
            event->accept();
            return;
        }
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (current) {
            emit moduleActivated(current);
            event->accept();
            return;
        }
        break;
    default:
        break;
    }
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace
        || event->key() == Qt::Key_Delete) {
        if (!selectedItems().isEmpty()) {
            deleteSelection();
            event->accept();
            return;
        }
    }
    QGraphicsScene::keyPressEvent(event);
}

void ScenarioScene::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    QWidget *viewport = event->widget();
    QGraphicsItem *hit = topItemAt(event->scenePos(), viewport);
    if (auto *handle = qgraphicsitem_cast<AddHandleItem *>(hit))
        hit = handle->parentItem();
    if (auto *module = qgraphicsitem_cast<ModuleItem *>(hit)) {
        if (!module->isSelected())
            selectModule(module->moduleId());
        std::unique_ptr<QMenu> menu(createModuleMenu(module->moduleId(), viewport));
        menu->exec(event->screenPos());
        event->accept();
        return;
    }
    if (auto *link = qgraphicsitem_cast<LinkItem *>(hit)) {
        showLinkMenu(link, event->screenPos());
        event->accept();
        return;
    }
    QMenu menu(viewport);
    const QPointF at = event->scenePos();
    connect(menu.addAction(tr("Add a module here")), &QAction::triggered, this,
        [this, at] { emit addModuleRequested(at, 0); });
    menu.exec(event->screenPos());
    event->accept();
}

void ScenarioScene::showLinkMenu(LinkItem *link, const QPoint &screenPos)
{
    const ModuleId from = link->from();
    const ModuleId to = link->to();
    QMenu menu;
    const Link *model = m_scenario->findLink(from, to);
    const bool filtered = model && model->filter != Filter {};
    QAction *filter = menu.addAction(filtered ? tr("Edit the filter") : tr("Set up a filter"));
    filter->setToolTip(tr("Let only some bundles through to module %1").arg(to));
    connect(filter, &QAction::triggered, this, [this, from, to] { editFilter(from, to); });
    if (filtered) {
        connect(menu.addAction(tr("Remove the filter")), &QAction::triggered, this,
            [this, from, to] { setLinkFilter(from, to, Filter {}); });
    }
    if (!link->filterCountsText().isEmpty()) {
        connect(
            menu.addAction(tr("Why were bundles stopped?")), &QAction::triggered, this, [this, to] {
                selectModule(to);
                emit inspectRequested(to);
            });
    }
    menu.addSeparator();
    if (model && !model->onError && m_scenario->module(from).type == RouterConfig::typeName()) {
        QAction *fallback = menu.addAction(tr("Fallback route"));
        fallback->setCheckable(true);
        fallback->setChecked(model->fallback);
        fallback->setToolTip(tr("Bundles take this route only when no other route lets them "
                                "through"));
        connect(fallback, &QAction::toggled, this,
            [this, from, to](bool on) { setFallbackRoute(from, to, on); });
        QAction *order = menu.addAction(tr("Order routes…"));
        order->setEnabled(m_scenario->routeTargets(from).size() > 1);
        connect(
            order, &QAction::triggered, this, [this, from] { emit orderRoutesRequested(from); });
        menu.addSeparator();
    }
    connect(menu.addAction(tr("Delete link")), &QAction::triggered, this,
        [this, from, to] { push(new UnlinkCommand(m_scenario, from, to)); });
    menu.exec(screenPos);
}

bool ScenarioScene::event(QEvent *event)
{
    // Items are cached as pixmaps: repaint them when the theme or font changes.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        const QList<QGraphicsItem *> all = items();
        for (QGraphicsItem *item : all)
            item->update();
    }
    return QGraphicsScene::event(event);
}
