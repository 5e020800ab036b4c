#pragma once

#include "core/model/Module.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <QPolygonF>

class ModuleItem;

/// A link from one module to the next: a dotted Bézier curve, as in Make, with a small arrow
/// at the end to show the direction. Selectable, so that Delete removes it.
class LinkItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    LinkItem(ModuleItem *source, ModuleItem *target);
    ~LinkItem() override;

    int type() const override { return Type; }
    ModuleItem *source() const { return m_source; }
    ModuleItem *target() const { return m_target; }
    ModuleId from() const;
    ModuleId to() const;

    /// Follows the modules' positions; called when either one moves.
    void adjust();
    /// What the link is (docs/flow-control.md): an error route is drawn with hollow dots in
    /// red; a router's fallback route carries a small "fallback" sign near its end.
    void setMarks(bool errorRoute, bool fallback);
    bool isErrorRoute() const { return m_errorRoute; }
    bool isFallback() const { return m_fallback; }
    /// Where the "fallback" sign is drawn, in scene coordinates (empty when not a fallback).
    QRectF fallbackSignRect() const;
    QPainterPath path() const { return m_path; }
    /// The middle of the curve, where Make shows the filter wrench. Kept free for filters.
    QPointF middle() const;

    /// Shows the link's filter (docs/filters.md): a funnel sign at the middle and the filter's
    /// name and conditions in the tooltip. An empty filter shows the sign on hover only, to
    /// set one up.
    void setFilter(const Filter &filter);
    bool hasFilter() const { return m_hasFilter; }
    /// The sign shows while the link has a filter, is pointed at or is selected.
    bool isFilterSignShown() const { return m_hasFilter || m_hovered || isSelected(); }
    /// After a run: how many bundles the filter let through and stopped, as a label under the
    /// sign ("2 passed · 1 stopped").
    void setFilterCounts(int passed, int stopped);
    void clearFilterCounts();
    /// The label's text; empty when there are no counts.
    QString filterCountsText() const { return m_countsText; }
    /// In item coordinates: the round sign at the middle, and the counts label under it.
    QRectF filterSignRect() const;
    QRectF filterCountsRect() const;
    bool isOnFilterSign(const QPointF &pos) const { return filterSignRect().contains(pos); }
    bool isOnFilterCounts(const QPointF &pos) const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    /// The curve, the sign and the counts label take clicks and hover.
    bool contains(const QPointF &point) const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /// The curve between two points as the canvas draws it (also used while dragging a new
    /// link).
    static QPainterPath curve(const QPointF &from, const QPointF &to);

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    void updateToolTip();
    void paintFallbackSign(QPainter *painter, const QColor &color) const;
    /// The sign and the counts label at the middle, over the dots.
    void paintFilter(QPainter *painter, const QPalette &palette, const QColor &color);
    void updateFilterGeometry();
    /// The click shape, the dots' polyline and the arrowhead, from the curve.
    void ensureDetail() const;
    void updateFilterToolTip();

    ModuleItem *m_source;
    ModuleItem *m_target;
    QPainterPath m_path;
    QRectF m_bounds;
    // Worked out from m_path when first needed after a move (ensureDetail()).
    mutable QPainterPath m_shape;
    mutable QPolygonF m_polyline; ///< the curve flattened, where the dots are placed
    mutable QPolygonF m_arrow;
    mutable bool m_detailDirty = true;
    bool m_hovered = false;
    bool m_errorRoute = false;
    bool m_fallback = false;

    bool m_hasFilter = false;
    QString m_countsText;
    QRectF m_countsRect;
    QString m_plainToolTip; ///< the tooltip without a filter
    QString m_filterToolTip; ///< the filter's name and conditions
};
