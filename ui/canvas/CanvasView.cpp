#include "ui/canvas/CanvasView.h"

#include "core/model/FlowGraph.h"
#include "core/model/Scenario.h"
#include "ui/canvas/CanvasPalette.h"
#include "ui/canvas/FlowLayout.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"

#include <QAction>
#include <QKeyEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {
constexpr qreal GridSpacing = 24;
constexpr qreal ZoomStep = 1.2;
} // namespace

CanvasView::CanvasView(ScenarioScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setAccessibleName(tr("Canvas"));
    setAccessibleDescription(tr("The scenario's modules. Arrow keys select a module, Enter "
                                "opens its settings."));
    viewport()->setAccessibleName(tr("Canvas"));
    setRenderHints(
        QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setCacheMode(CacheBackground);
    setOptimizationFlag(DontAdjustForAntialiasing);
    // Make's canvas has no scroll bars: it is panned by dragging.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(QString());

    m_zoomIn = makeAction(tr("Zoom in"), tr("Zoom in on the canvas"),
        {QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)}, &CanvasView::zoomIn);
    m_zoomOut = makeAction(tr("Zoom out"), tr("Zoom out of the canvas"), {QKeySequence::ZoomOut},
        &CanvasView::zoomOut);
    m_resetZoom = makeAction(tr("Actual size"), tr("Show the canvas at 100 %"),
        {QKeySequence(Qt::CTRL | Qt::Key_0)}, &CanvasView::resetZoom);
    m_fitAll = makeAction(tr("Fit all modules"), tr("Show every module"),
        {QKeySequence(Qt::CTRL | Qt::Key_9)}, &CanvasView::fitAll);
    m_autoArrange = makeAction(tr("Auto-align"),
        tr("Line the modules up from left to right in the order they run, "
           "each route of a router on its own row"),
        {}, &CanvasView::autoArrange);
    centerOn(0, 0);
}

QAction *CanvasView::makeAction(const QString &text, const QString &tip,
    const QList<QKeySequence> &shortcuts, void (CanvasView::*slot)())
{
    auto *action = new QAction(text, this);
    action->setToolTip(tip);
    action->setShortcuts(shortcuts);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, slot);
    addAction(action);
    return action;
}

qreal CanvasView::zoom() const
{
    return transform().m11();
}

void CanvasView::setZoom(qreal zoom, const QPoint &viewportAnchor)
{
    zoom = std::clamp(zoom, MinZoom, MaxZoom);
    if (qFuzzyCompare(zoom, this->zoom()))
        return;
    const QPoint anchor = viewportAnchor.x() < 0 ? viewport()->rect().center() : viewportAnchor;
    // Keep the scene point under the anchor where it is.
    const QPointF before = mapToScene(anchor);
    const ViewportAnchor oldAnchor = transformationAnchor();
    setTransformationAnchor(NoAnchor);
    setTransform(QTransform::fromScale(zoom, zoom));
    const QPointF after = mapToScene(anchor);
    translate(after.x() - before.x(), after.y() - before.y());
    setTransformationAnchor(oldAnchor);
    resetCachedContent();
    showZoom();
    emit zoomChanged(this->zoom());
}

QString CanvasView::zoomText() const
{
    return tr("%1%").arg(qRound(zoom() * 100));
}

void CanvasView::showZoom()
{
    // The toolbar's zoom button shows the real zoom, also after Fit or the wheel.
    m_resetZoom->setIconText(zoomText());
    m_resetZoom->setToolTip(tr("Now at %1; click to show the canvas at 100 %").arg(zoomText()));
}

void CanvasView::zoomIn()
{
    setZoom(zoom() * ZoomStep);
}

void CanvasView::zoomOut()
{
    setZoom(zoom() / ZoomStep);
}

void CanvasView::resetZoom()
{
    setZoom(1.0);
}

void CanvasView::fitAll()
{
    QRectF bounds;
    const QList<ModuleItem *> items = m_scene->moduleItems();
    for (ModuleItem *item : items)
        bounds |= item->sceneBoundingRect();
    if (bounds.isNull()) {
        resetZoom();
        centerOn(0, 0);
        return;
    }
    bounds.adjust(-40, -40, 40, 40);
    const qreal zoomX = viewport()->width() / bounds.width();
    const qreal zoomY = viewport()->height() / bounds.height();
    setZoom(std::min({zoomX, zoomY, 1.0}));
    centerOn(bounds.center());
}

QHash<ModuleId, QPointF> CanvasView::alignedPositions(const Scenario &scenario)
{
    const QList<Module> &modules = scenario.modules();
    if (modules.isEmpty())
        return {};
    const QList<ModuleId> starts = FlowGraph(modules, scenario.links()).starts();
    // The first flow stays where it starts, so the canvas does not jump away.
    const QPointF origin
        = scenario.module(starts.isEmpty() ? modules.first().id : starts.first()).position;
    // One row is as high as a module with its name and subtitle, plus a gap for the links.
    const qreal rowHeight = std::ceil(ModuleItem(0).boundingRect().height()) + 26;
    return FlowLayout::arrange(
        modules, scenario.links(), origin, QSizeF(ScenarioScene::ModuleSpacing, rowHeight));
}

void CanvasView::autoArrange()
{
    m_scene->moveModules(alignedPositions(*m_scene->scenario()), tr("Auto-align modules"));
}

void CanvasView::drawBackground(QPainter *painter, const QRectF &rect)
{
    const QPalette pal = palette();
    painter->fillRect(rect, CanvasPalette::background(pal));
    const qreal scale = zoom();
    // Dots closer than a few pixels turn into a grey haze: leave them out when far out.
    if (GridSpacing * scale < 9)
        return;
    const qreal width = std::clamp(2.2 * scale, 1.5, 3.0);
    // Panning redraws only the strips it uncovers, but `rect` is their bounding rectangle,
    // the whole view when panning diagonally: place dots only where the clip lets them show.
    const qreal margin = 2 * width / scale; // a dot just outside still shows its edge
    const QRectF bounds = rect.adjusted(-margin, -margin, margin, margin);
    QList<QRectF> areas;
    if (painter->hasClipping()) {
        for (const QRect &area : painter->clipRegion())
            areas.append(QRectF(area).adjusted(-margin, -margin, margin, margin) & bounds);
    } else {
        areas.append(bounds);
    }
    QVector<QPointF> dots;
    for (qsizetype i = 0; i < areas.size(); ++i) {
        const QRectF &area = areas.at(i);
        const qreal left = std::ceil(area.left() / GridSpacing) * GridSpacing;
        const qreal top = std::ceil(area.top() / GridSpacing) * GridSpacing;
        for (qreal x = left; x <= area.right(); x += GridSpacing) {
            for (qreal y = top; y <= area.bottom(); y += GridSpacing) {
                const QPointF dot(x, y);
                // A dot twice over would look darker at its antialiased edge.
                const bool drawn = std::any_of(areas.cbegin(), areas.cbegin() + i,
                    [&dot](const QRectF &earlier) { return earlier.contains(dot); });
                if (!drawn)
                    dots.append(dot);
            }
        }
    }
    QPen pen(CanvasPalette::gridDot(pal), width, Qt::SolidLine, Qt::RoundCap);
    pen.setCosmetic(true);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(pen);
    painter->drawPoints(dots.constData(), int(dots.size()));
    painter->restore();
}

void CanvasView::wheelEvent(QWheelEvent *event)
{
    // The wheel zooms, as in Make; a trackpad's pixel deltas zoom smoothly too.
    const QPoint delta = event->angleDelta();
    const int steps = delta.y() != 0 ? delta.y() : delta.x();
    if (steps == 0) {
        event->ignore();
        return;
    }
    setZoom(zoom() * std::pow(1.0015, steps), event->position().toPoint());
    event->accept();
}

void CanvasView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat() && !m_panning) {
        m_spaceHeld = true;
        setDragMode(NoDrag);
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Space) {
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void CanvasView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        stopSpacePan();
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void CanvasView::stopSpacePan()
{
    m_spaceHeld = false;
    if (!m_panning) {
        setDragMode(RubberBandDrag);
        viewport()->unsetCursor();
    }
}

void CanvasView::focusOutEvent(QFocusEvent *event)
{
    // A Space released in another window must not leave the canvas in pan mode.
    if (m_spaceHeld)
        stopSpacePan();
    QGraphicsView::focusOutEvent(event);
}

void CanvasView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_lastPanPos = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void CanvasView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint pos = event->position().toPoint();
        const QPoint delta = pos - m_lastPanPos;
        m_lastPanPos = pos;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        if (m_spaceHeld) {
            viewport()->setCursor(Qt::OpenHandCursor);
        } else {
            setDragMode(RubberBandDrag);
            viewport()->unsetCursor();
        }
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void CanvasView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        // The scene's items draw with the scene palette; the background is cached.
        m_scene->setPalette(palette());
        resetCachedContent();
    }
    QGraphicsView::changeEvent(event);
}
