#pragma once

#include "core/model/Module.h"

#include <QGraphicsItem>

/// The "+" that adds the next module. After the last module in run order it is a half circle
/// on that module's right (as in Make); on an empty canvas it is a big round button with
/// "Add a module" below, so that a newcomer sees where to start.
///
/// Clicks are handled by ScenarioScene, which asks the main window to add the module.
class AddHandleItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };

    AddHandleItem();

    int type() const override { return Type; }

    /// Shows the handle after `module` (0: the empty-canvas button at the origin). The scene
    /// makes the handle a child of that module's item, so that it follows drags.
    void attachTo(ModuleId module);
    ModuleId afterModule() const { return m_after; }
    bool isEmptyCanvasButton() const { return m_after == 0; }
    /// Where a module added by this handle goes, in scene coordinates.
    QPointF newModulePosition() const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    ModuleId m_after = 0;
    bool m_hovered = false;
};
