#include "ui/canvas/AddHandleItem.h"

#include "ui/canvas/CanvasPalette.h"
#include "ui/canvas/ModuleItem.h"
#include "ui/canvas/ScenarioScene.h"

#include <QCoreApplication>
#include <QCursor>
#include <QGraphicsScene>
#include <QPainter>

namespace {
constexpr qreal R = ModuleItem::Radius;
constexpr qreal EarRadius = 22;
constexpr qreal EarOffset = R + 9; // clear of the status ring
} // namespace

AddHandleItem::AddHandleItem()
{
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setZValue(2);
    attachTo(0);
}

void AddHandleItem::attachTo(ModuleId module)
{
    if (module != m_after)
        prepareGeometryChange();
    m_after = module;
    setPos(QPointF());
    setToolTip(module == 0
            ? QCoreApplication::translate("AddHandleItem", "Add your first module")
            : QCoreApplication::translate("AddHandleItem", "Add a module after module %1")
                  .arg(module));
    update();
}

QPointF AddHandleItem::newModulePosition() const
{
    return m_after == 0 ? scenePos() : scenePos() + QPointF(ScenarioScene::ModuleSpacing, 0);
}

QRectF AddHandleItem::boundingRect() const
{
    if (m_after == 0)
        return QRectF(-110, -R - 6, 220, 2 * R + 40);
    return QRectF(EarOffset - 2, -EarRadius - 2, EarRadius + 6, 2 * EarRadius + 4);
}

QPainterPath AddHandleItem::shape() const
{
    QPainterPath path;
    if (m_after == 0) {
        path.addEllipse(QPointF(), R, R);
        path.addRect(QRectF(-80, R + 6, 160, 24));
    } else {
        path.moveTo(EarOffset, -EarRadius);
        path.arcTo(
            QRectF(EarOffset - EarRadius, -EarRadius, 2 * EarRadius, 2 * EarRadius), 90, -180);
        path.closeSubpath();
    }
    return path;
}

void AddHandleItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void AddHandleItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

void AddHandleItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const QColor accent = CanvasPalette::httpAccent();
    painter->setRenderHint(QPainter::Antialiasing);

    if (m_after == 0) {
        // The empty canvas: a big button in the module's place, dashed like a placeholder.
        QColor fill = accent;
        fill.setAlphaF(m_hovered ? 0.22 : 0.1);
        QPen ring(accent, 2.5, Qt::DashLine, Qt::RoundCap);
        ring.setDashPattern({3, 3});
        painter->setPen(ring);
        painter->setBrush(fill);
        painter->drawEllipse(QPointF(), R, R);
        painter->setPen(QPen(accent, 5, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(QPointF(-16, 0), QPointF(16, 0));
        painter->drawLine(QPointF(0, -16), QPointF(0, 16));
        QFont font = scene() ? scene()->font() : painter->font();
        font.setPixelSize(14);
        font.setBold(true);
        painter->setFont(font);
        painter->setPen(palette.color(QPalette::Text));
        painter->drawText(QRectF(-110, R + 6, 220, 24), Qt::AlignCenter,
            QCoreApplication::translate("AddHandleItem", "Add a module"));
        return;
    }

    // After the last module: a half circle on its right edge with a "+".
    const QPointF center(EarOffset, 0);
    QPainterPath ear;
    ear.moveTo(center + QPointF(0, -EarRadius));
    ear.arcTo(QRectF(center.x() - EarRadius, -EarRadius, 2 * EarRadius, 2 * EarRadius), 90, -180);
    ear.closeSubpath();
    painter->setPen(QPen(CanvasPalette::background(palette), 2));
    painter->setBrush(m_hovered ? accent : accent.lighter(150));
    painter->drawPath(ear);
    painter->setPen(
        QPen(m_hovered ? QColor(Qt::white) : accent.darker(110), 2.6, Qt::SolidLine, Qt::RoundCap));
    const QPointF plus = center + QPointF(EarRadius * 0.45, 0);
    painter->drawLine(plus - QPointF(6, 0), plus + QPointF(6, 0));
    painter->drawLine(plus - QPointF(0, 6), plus + QPointF(0, 6));
}
