#pragma once

#include "core/model/Module.h"

#include <QGraphicsView>
#include <QHash>
#include <QPointF>

class QAction;
class Scenario;
class ScenarioScene;

/// The view on the canvas: wheel zoom around the cursor, Ctrl+plus/minus/0, panning with the
/// middle button or with Space held, rubber-band selection, fit-all and auto-arrange, and a
/// dot-grid background that follows the light or dark palette.
class CanvasView : public QGraphicsView
{
    Q_OBJECT
public:
    static constexpr qreal MinZoom = 0.1;
    static constexpr qreal MaxZoom = 4.0;

    explicit CanvasView(ScenarioScene *scene, QWidget *parent = nullptr);

    ScenarioScene *scenarioScene() const { return m_scene; }
    /// 1.0 is 100 %.
    qreal zoom() const;
    /// The zoom as people read it, e.g. "63%"; the "Actual size" action shows it as its
    /// icon text, so the toolbar button always says the real zoom.
    QString zoomText() const;
    /// Zooms keeping `viewportAnchor` (viewport pixels) still; the centre when omitted.
    void setZoom(qreal zoom, const QPoint &viewportAnchor = QPoint(-1, -1));

    /// Actions for menus and the bottom toolbar, with their standard shortcuts
    /// (Ctrl++, Ctrl+-, Ctrl+0) active while the canvas has focus.
    QAction *zoomInAction() const { return m_zoomIn; }
    QAction *zoomOutAction() const { return m_zoomOut; }
    QAction *resetZoomAction() const { return m_resetZoom; }
    QAction *fitAllAction() const { return m_fitAll; }
    QAction *autoArrangeAction() const { return m_autoArrange; }

    /// Where Auto-align puts the modules (FlowLayout): the first flow starts where it is,
    /// rows high enough for a module and its name.
    static QHash<ModuleId, QPointF> alignedPositions(const Scenario &scenario);

public slots:
    void zoomIn();
    void zoomOut();
    void resetZoom();
    /// Shows every module (at most at 100 %).
    void fitAll();
    /// Lays the flows out as trees from left to right (FlowLayout), as one undo step.
    void autoArrange();

signals:
    void zoomChanged(qreal zoom);

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QAction *makeAction(const QString &text, const QString &tip,
        const QList<QKeySequence> &shortcuts, void (CanvasView::*slot)());
    void stopSpacePan();

    ScenarioScene *m_scene;
    void showZoom();

    QAction *m_zoomIn;
    QAction *m_zoomOut;
    QAction *m_resetZoom;
    QAction *m_fitAll;
    QAction *m_autoArrange;
    bool m_spaceHeld = false;
    bool m_panning = false;
    QPoint m_lastPanPos;
};
