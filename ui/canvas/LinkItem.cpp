#include "ui/canvas/LinkItem.h"

#include "ui/canvas/CanvasPalette.h"
#include "ui/canvas/ModuleItem.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QVarLengthArray>

#include <cmath>

LinkItem::LinkItem(ModuleItem *source, ModuleItem *target)
    : m_source(source)
    , m_target(target)
{
    setFlag(ItemIsSelectable);
    // Paint only the dots in the exposed part: a long link across a row is mostly off screen.
    setFlag(ItemUsesExtendedStyleOption);
    setAcceptHoverEvents(true);
    setZValue(0);
    m_source->addLink(this);
    m_target->addLink(this);
    adjust();
    updateToolTip();
}

void LinkItem::setMarks(bool errorRoute, bool fallback)
{
    if (errorRoute == m_errorRoute && fallback == m_fallback)
        return;
    prepareGeometryChange();
    m_errorRoute = errorRoute;
    m_fallback = fallback;
    adjust();
    updateToolTip();
    update();
}

void LinkItem::updateToolTip()
{
    QString tip;
    if (m_errorRoute) {
        tip = QCoreApplication::translate(
            "LinkItem", "Error route: when module %1 fails, module %2 handles the error.")
                  .arg(from())
                  .arg(to());
    } else if (m_fallback) {
        tip = QCoreApplication::translate("LinkItem",
            "Fallback route: module %2 gets the bundles that no other route of module %1 let "
            "through.")
                  .arg(from())
                  .arg(to());
    } else {
        tip = QCoreApplication::translate("LinkItem", "Module %1 runs before module %2.")
                  .arg(from())
                  .arg(to());
    }
    m_plainToolTip = tip + QLatin1Char(' ')
        + QCoreApplication::translate("LinkItem", "Right-click for more; Delete removes it.");
    if (m_hasFilter)
        updateFilterToolTip();
    else
        setToolTip(m_plainToolTip
            + QCoreApplication::translate("LinkItem",
                "\nClick the round sign in its middle to let only some bundles through "
                "(a filter)."));
}

QRectF LinkItem::fallbackSignRect() const
{
    if (!m_fallback)
        return {};
    // Near the end of the route, clear of the filter sign in the middle.
    const QPointF at = m_path.pointAtPercent(0.8);
    return QRectF(at.x() - 30, at.y() - 10, 60, 20);
}

LinkItem::~LinkItem()
{
    // The scene deletes links before their modules; be safe if it ever does not.
    if (m_source)
        m_source->removeLink(this);
    if (m_target)
        m_target->removeLink(this);
}

ModuleId LinkItem::from() const
{
    return m_source->moduleId();
}

ModuleId LinkItem::to() const
{
    return m_target->moduleId();
}

QPainterPath LinkItem::curve(const QPointF &from, const QPointF &to)
{
    // Horizontal tangents at both ends, like Make's links; a link that goes backwards
    // bends out further so that it does not cut through its modules.
    const qreal dx = to.x() - from.x();
    const qreal pull = dx >= 0 ? std::max<qreal>(40, dx * 0.45) : std::max<qreal>(120, -dx * 0.5);
    QPainterPath path(from);
    path.cubicTo(from + QPointF(pull, 0), to - QPointF(pull, 0), to);
    return path;
}

void LinkItem::adjust()
{
    prepareGeometryChange();
    m_path = curve(m_source->outPort(), m_target->inPort());
    // The curve lies inside its control points: their rectangle, grown by half the click
    // width and a margin, bounds it. The rest waits until the link is painted or hit, so that
    // moving 10,000 modules at once (Auto-align) does not stroke every curve twice.
    m_bounds = m_path.controlPointRect().adjusted(-15, -15, 15, 15);
    m_detailDirty = true;
    if (m_fallback)
        m_bounds |= fallbackSignRect().adjusted(-2, -2, 2, 2);
    updateFilterGeometry();
}

void LinkItem::ensureDetail() const
{
    if (!m_detailDirty)
        return;
    m_detailDirty = false;
    QPainterPathStroker stroker;
    stroker.setWidth(14);
    stroker.setCapStyle(Qt::RoundCap);
    m_shape = stroker.createStroke(m_path);
    m_polyline = m_path.toSubpathPolygons().value(0);

    // A small arrowhead at the target, pointing along the curve.
    const qreal at = m_path.percentAtLength(std::max<qreal>(0, m_path.length() - 2));
    const QPointF tip = m_path.pointAtPercent(1.0);
    const qreal angle = qDegreesToRadians(-m_path.angleAtPercent(at));
    const QPointF dir(std::cos(angle), std::sin(angle));
    const QPointF normal(-dir.y(), dir.x());
    m_arrow = QPolygonF() << tip + dir * 3 << tip - dir * 9 + normal * 6
                          << tip - dir * 9 - normal * 6;
}

QPointF LinkItem::middle() const
{
    return m_path.pointAtPercent(0.5);
}

QRectF LinkItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath LinkItem::shape() const
{
    ensureDetail();
    return m_shape;
}

void LinkItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void LinkItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

void LinkItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    ensureDetail();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    const bool highlighted = isSelected() || m_hovered;
    QColor color = highlighted ? m_source->accentColor() : CanvasPalette::link(palette);
    if (m_errorRoute)
        color = CanvasPalette::errorRoute(palette);
    painter->setBrush(Qt::NoBrush);

    if (lod < 0.3) {
        // Far out, dots are sub-pixel: a thin solid line reads the same and costs little.
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(QPen(color, 0));
        painter->drawPath(m_path);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    // Round dots one pen width across, two widths apart along the curve, placed here rather
    // than by a dashed pen: Qt dashes the whole curve on every frame, which made panning
    // over a thousand links slow.
    const qreal width = isSelected() ? 6 : 5;
    const qreal spacing = width * 2.01;
    const QRectF visible = option->exposedRect.adjusted(-width, -width, width, width);
    QVarLengthArray<QPointF, 256> dots;
    qreal next = 0; // arc length of the next dot
    qreal travelled = 0;
    for (qsizetype i = 1; i < m_polyline.size(); ++i) {
        const QPointF a = m_polyline.at(i - 1);
        const QPointF b = m_polyline.at(i);
        const qreal length = QLineF(a, b).length();
        const qreal end = travelled + length;
        if (next <= end) {
            if (!visible.intersects(QRectF(a, b).normalized().adjusted(-1, -1, 1, 1))) {
                next += (std::floor((end - next) / spacing) + 1) * spacing;
            } else {
                for (; next <= end; next += spacing) {
                    const qreal t = length > 0 ? (next - travelled) / length : 0;
                    const QPointF p = a + (b - a) * t;
                    if (visible.contains(p))
                        dots.append(p);
                }
            }
        }
        travelled = end;
    }
    if (m_errorRoute) {
        // Hollow rings: the route bundles take only when something failed.
        painter->setPen(QPen(color, highlighted ? 2.2 : 1.6));
        painter->setBrush(Qt::NoBrush);
        const qreal ring = width / 2;
        for (const QPointF &dot : dots)
            painter->drawEllipse(dot, ring, ring);
    } else {
        painter->setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap));
        painter->drawPoints(dots.constData(), int(dots.size()));
    }

    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(m_arrow);
    if (m_fallback)
        paintFallbackSign(painter, color);
    paintFilter(painter, palette, color);
}

namespace {

constexpr qreal SignRadius = 13;

QFont countsFont()
{
    QFont font = QApplication::font();
    // Readable when the canvas is zoomed out to fit a scenario.
    font.setPointSizeF(font.pointSizeF() * 1.05);
    return font;
}

} // namespace

void LinkItem::setFilter(const Filter &filter)
{
    m_hasFilter = filter != Filter {};
    if (!m_hasFilter) {
        setToolTip(m_plainToolTip
            + QCoreApplication::translate("LinkItem",
                "\nClick the round sign in its middle to let only some bundles through "
                "(a filter)."));
    } else {
        const QString name = filter.name.isEmpty()
            ? QCoreApplication::translate("LinkItem", "Filter (no name)")
            : QCoreApplication::translate("LinkItem", "Filter \u2018%1\u2019").arg(filter.name);
        const QString words = filter.isEmpty()
            ? QCoreApplication::translate("LinkItem",
                "It has no conditions yet: every bundle "
                "goes through.")
            : QCoreApplication::translate("LinkItem", "Lets a bundle through when:\n%1")
                  .arg(filter.conditionsWords());
        m_filterToolTip = name + QLatin1Char('\n') + words + QLatin1String("\n\n")
            + QCoreApplication::translate("LinkItem", "Click the funnel to change the filter.");
        updateFilterToolTip();
    }
    update();
}

void LinkItem::updateFilterToolTip()
{
    if (!m_hasFilter)
        return;
    if (m_countsText.isEmpty()) {
        setToolTip(m_filterToolTip);
        return;
    }
    setToolTip(m_filterToolTip + QLatin1Char('\n')
        + QCoreApplication::translate("LinkItem",
            "In the last run: %1. Click the numbers to see why each stopped bundle was "
            "stopped.")
              .arg(m_countsText));
}

void LinkItem::setFilterCounts(int passed, int stopped)
{
    m_countsText = QCoreApplication::translate("LinkItem", "%1 passed \u00b7 %2 stopped")
                       .arg(passed)
                       .arg(stopped);
    prepareGeometryChange();
    updateFilterGeometry();
    updateFilterToolTip();
    update();
}

void LinkItem::clearFilterCounts()
{
    if (m_countsText.isEmpty())
        return;
    m_countsText.clear();
    prepareGeometryChange();
    updateFilterGeometry();
    updateFilterToolTip();
    update();
}

QRectF LinkItem::filterSignRect() const
{
    const QPointF centre = middle();
    return QRectF(centre - QPointF(SignRadius, SignRadius), QSizeF(2 * SignRadius, 2 * SignRadius));
}

bool LinkItem::isOnFilterCounts(const QPointF &pos) const
{
    return !m_countsText.isEmpty() && m_countsRect.contains(pos);
}

QRectF LinkItem::filterCountsRect() const
{
    return m_countsText.isEmpty() ? QRectF() : m_countsRect;
}

void LinkItem::updateFilterGeometry()
{
    // Called from adjust(), which has called prepareGeometryChange() already.
    const QRectF sign = filterSignRect();
    m_bounds |= sign.adjusted(-2, -2, 2, 2);
    if (m_countsText.isEmpty()) {
        m_countsRect = QRectF();
        return;
    }
    const QFontMetricsF metrics(countsFont());
    const QSizeF size(metrics.horizontalAdvance(m_countsText) + 12, metrics.height() + 4);
    m_countsRect = QRectF(QPointF(sign.center().x() - size.width() / 2, sign.bottom() + 4), size);
    m_bounds |= m_countsRect.adjusted(-2, -2, 2, 2);
}

bool LinkItem::contains(const QPointF &point) const
{
    if (filterSignRect().contains(point) || isOnFilterCounts(point))
        return true;
    return QGraphicsItem::contains(point);
}

void LinkItem::paintFilter(QPainter *painter, const QPalette &palette, const QColor &color)
{
    if (!isFilterSignShown())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF sign = filterSignRect();
    const QColor accent = m_hasFilter ? m_source->accentColor() : color;
    // A set filter is a filled sign; the offer to set one up is an outline.
    painter->setPen(QPen(accent, 2));
    painter->setBrush(m_hasFilter ? accent : CanvasPalette::background(palette));
    painter->drawEllipse(sign.adjusted(1, 1, -1, -1));
    // A funnel: a wide top narrowing to a short spout.
    const QPointF c = sign.center();
    const QPolygonF funnel = QPolygonF()
        << c + QPointF(-6.5, -5) << c + QPointF(6.5, -5) << c + QPointF(1.5, 1)
        << c + QPointF(1.5, 6) << c + QPointF(-1.5, 4.5) << c + QPointF(-1.5, 1);
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_hasFilter ? QColor(Qt::white) : accent);
    painter->drawPolygon(funnel);

    if (!m_countsText.isEmpty()) {
        // Not red: a filter that stops bundles does its job; it is no failure.
        painter->setPen(QPen(accent, 1));
        painter->setBrush(CanvasPalette::background(palette));
        painter->drawRoundedRect(
            m_countsRect, m_countsRect.height() / 2, m_countsRect.height() / 2);
        painter->setFont(countsFont());
        painter->setPen(palette.color(QPalette::WindowText));
        painter->drawText(m_countsRect, Qt::AlignCenter, m_countsText);
    }
    painter->restore();
}

void LinkItem::paintFallbackSign(QPainter *painter, const QColor &color) const
{
    const QRectF sign = fallbackSignRect();
    const QPalette palette = scene() ? scene()->palette() : QPalette();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(color, 1.5));
    painter->setBrush(CanvasPalette::background(palette));
    painter->drawRoundedRect(sign, 10, 10);
    QFont font = scene() ? scene()->font() : painter->font();
    font.setPixelSize(11);
    font.setBold(true);
    painter->setFont(font);
    painter->drawText(sign, Qt::AlignCenter, QCoreApplication::translate("LinkItem", "fallback"));
    painter->restore();
}
