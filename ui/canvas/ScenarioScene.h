#pragma once

#include "core/model/Module.h"
#include "core/model/Scenario.h"
#include "core/run/RunResult.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>
#include <QUndoStack>

class AddHandleItem;
class FilterEditor;
class LinkItem;
class ModuleItem;
class QGraphicsPathItem;
class QMenu;
class QTimer;
class QUndoCommand;

/// The scenario drawn as a canvas. It builds its items from the Scenario once and then only
/// follows the Scenario's signals. User edits made on the canvas (moving, linking, deleting,
/// cloning) are pushed as undo commands on the given stack; everything else (settings,
/// renaming, notes, running, adding) is asked of the main window through signals.
class ScenarioScene : public QGraphicsScene
{
    Q_OBJECT
public:
    /// Centre-to-centre distance between a module and the one added after it.
    static constexpr qreal ModuleSpacing = 300;

    /// Every edit made on the canvas is pushed on `undoStack`, the session's (not null).
    ScenarioScene(Scenario *scenario, QUndoStack *undoStack, QObject *parent = nullptr);
    ~ScenarioScene() override;

    Scenario *scenario() const { return m_scenario; }
    QUndoStack *undoStack() const { return m_undoStack; }

    ModuleItem *moduleItem(ModuleId id) const { return m_moduleItems.value(id); }
    LinkItem *linkItem(ModuleId from, ModuleId to) const;
    QList<ModuleItem *> moduleItems() const { return m_moduleItems.values(); }
    int linkItemCount() const { return int(m_linkItems.size()); }
    /// The "+" after the last module in run order (or the empty-canvas button).
    AddHandleItem *addHandle() const;

    QList<ModuleId> selectedModules() const;
    /// Selects only this module (0 clears the selection).
    void selectModule(ModuleId id);

    // User edits, each one undo step.
    /// Links two modules; false (and nothing pushed) if they are the same, unknown or already
    /// linked.
    bool connectModules(ModuleId from, ModuleId to);
    /// Deletes the selected modules and links as one undo step.
    void deleteSelection();
    void deleteModule(ModuleId id);
    /// Adds a copy with a new id below the original; returns the new id (0 if none).
    ModuleId cloneModule(ModuleId id);
    /// Moves modules as one undo step named `text` (used by auto-arrange). Modules already in
    /// place are left out; nothing is pushed if none moves.
    void moveModules(const QHash<ModuleId, QPointF> &positions, const QString &text);

    /// Puts a router's routes in this order (the modules they lead to), one undo step.
    void orderRoutes(ModuleId router, const QList<ModuleId> &targets);
    /// Marks the route from `router` to `to` as the router's fallback (clearing the mark
    /// of any other route), or clears it: one undo step. False when there is no such route.
    bool setFallbackRoute(ModuleId router, ModuleId to, bool fallback);

    /// The right-click menu of a module: Settings, Run this module only, Add a module after
    /// (Add a route and Order routes on a router; Add error handler elsewhere), Rename,
    /// Clone, Copy, Add a note, Delete. The caller owns the menu.
    QMenu *createModuleMenu(ModuleId id, QWidget *parent = nullptr);

    // Run states, set by the main window from the runner; never saved.
    void setModuleStatus(ModuleId id, ModuleRunStatus status, int operations = 0);
    void clearStatuses();
    /// After a run: how many bundles the filter on the link let through and stopped, shown on
    /// the link; clearStatuses() and a change of the link's filter take it away.
    void setFilterCounts(ModuleId from, ModuleId to, int passed, int stopped);

    /// Opens the filter editor of a link (the sign at its middle, or its menu); OK pushes one
    /// undo step. filterEditorOpened() is emitted first, for the window to fill its picker.
    void editFilter(ModuleId from, ModuleId to);
    /// Sets a link's filter as one undo step (an empty Filter removes it); false when the
    /// link does not exist or already has that filter.
    bool setLinkFilter(ModuleId from, ModuleId to, const Filter &filter);
    /// A non-empty reason flags the module in red (a mapping refers to a missing module...).
    void setModuleBroken(ModuleId id, const QString &reason);

signals:
    /// Double-click on a module, or Settings in its menu: open its settings.
    void moduleActivated(ModuleId id);
    /// Exactly one module is selected now (0: none, or several).
    void selectionChangedToModule(ModuleId id);
    /// Add a module at `scenePos`, linked after `after` (0: not linked).
    void addModuleRequested(const QPointF &scenePos, ModuleId after);
    void runModuleRequested(ModuleId id);
    /// Add a module on `id`'s error route.
    void errorHandlerRequested(ModuleId id);
    /// Show the routes of router `id` to put them in order.
    void orderRoutesRequested(ModuleId id);
    /// The operation bubble was clicked: show that module's input and output.
    void inspectRequested(ModuleId id);
    void renameRequested(ModuleId id);
    void noteRequested(ModuleId id);
    void copyRequested(ModuleId id);
    /// The filter editor of a link is about to show (it is deleted when closed).
    void filterEditorOpened(FilterEditor *editor);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    /// The nearest module from `from` in the direction of an arrow key (the first to run
    /// when `from` is 0); 0 when there is none that way.
    ModuleId moduleInDirection(ModuleId from, Qt::Key key) const;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;
    bool event(QEvent *event) override;

private:
    void rebuild();
    void addModuleItem(const Module &module);
    void removeModuleItem(ModuleId id);
    void addLinkItem(ModuleId from, ModuleId to);
    void removeLinkItem(ModuleId from, ModuleId to);
    void scheduleHandleUpdate();
    void updateHandle() const;
    void onSelectionChanged();
    void push(QUndoCommand *command);
    QGraphicsItem *topItemAt(const QPointF &scenePos, QWidget *viewport) const;
    ModuleItem *moduleItemAt(const QPointF &scenePos, QWidget *viewport) const;
    void beginConnection(ModuleItem *from, const QPointF &scenePos);
    void updateConnection(const QPointF &scenePos, QWidget *viewport);
    void finishConnection(const QPointF &scenePos, QWidget *viewport);
    void updateAnimation();
    void showLinkMenu(LinkItem *link, const QPoint &screenPos);

    static qint64 linkKey(ModuleId from, ModuleId to) { return (qint64(from) << 32) | quint32(to); }

    QPointer<Scenario> m_scenario;
    QPointer<QUndoStack> m_undoStack;
    QHash<ModuleId, ModuleItem *> m_moduleItems;
    QHash<qint64, LinkItem *> m_linkItems;
    AddHandleItem *m_handle;
    mutable bool m_handleDirty = true;
    ModuleId m_lastSelected = 0;

    // A drag in progress: where the moved modules started.
    QHash<ModuleId, QPointF> m_dragStart;
    // A new link being dragged from a module's connector.
    ModuleId m_connectFrom = 0;
    QGraphicsPathItem *m_rubberLink = nullptr;
    ModuleItem *m_dropTarget = nullptr;
    // A press on the "+" handle: a click adds a module, a drag starts a link.
    bool m_handlePressed = false;
    QPointF m_handlePressPos;

    QTimer *m_animation;
    qreal m_phase = 0;
};
