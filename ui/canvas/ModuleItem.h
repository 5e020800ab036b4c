#pragma once

#include "core/model/Module.h"
#include "core/run/RunResult.h"

#include <QColor>
#include <QGraphicsItem>
#include <QList>

class LinkItem;

/// A module on the canvas, drawn as Make draws it: a large round node in the module's colour
/// with a white icon, "HTTP" and the label below, the id as a small badge. It also shows what
/// the last run did (a ring and an operation-count bubble) and whether a mapping is broken.
///
/// The item only mirrors the model: ScenarioScene calls syncFromModule() when the Scenario
/// signals a change. Run states are view state set by the scene, never saved.
class ModuleItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };
    static constexpr qreal Radius = 48;
    /// Ignore, Resume, Break, Commit and Rollback end error routes: small, as Make's flags.
    static constexpr qreal DirectiveRadius = 28;

    explicit ModuleItem(ModuleId id);

    int type() const override { return Type; }
    ModuleId moduleId() const { return m_id; }

    /// Takes position, texts and the note flag from the model's module.
    void syncFromModule(const Module &module);
    QString title() const { return m_title; } ///< the label, or "Make a request"
    QString subtitle() const { return m_subtitle; } ///< what it does: "POST 127.0.0.1/oauth/token"
    /// "GET sandbox/api/me" for GET {{sandbox.url}}/api/me: the method and where it goes,
    /// in words a person reads at a glance.
    static QString requestSummary(const QString &method, const QString &url);
    bool hasNote() const { return !m_note.isEmpty(); }
    QColor accentColor() const { return m_accent; }
    /// The colour of a module type: HTTP violet, unknown types grey.
    static QColor accentColor(const QString &moduleType);

    void setStatus(ModuleRunStatus status, int operations);
    ModuleRunStatus status() const { return m_status; }
    int operations() const { return m_operations; }
    /// The bubble at the top-right shows the operation count once the module ran.
    bool isBubbleVisible() const;
    QString bubbleText() const;
    /// The module's number in the pill beside its name: "#1", so that it does not read as
    /// the bubble's count when both show the same number.
    QString numberText() const;

    /// A non-empty reason marks the module with a red flag whose tooltip is the reason.
    void setBroken(const QString &reason);
    bool isBroken() const { return !m_brokenReason.isEmpty(); }
    QString brokenReason() const { return m_brokenReason; }

    /// Drawn as a drop target while the user drags a new link over it.
    void setDropTarget(bool on);
    bool isDropTarget() const { return m_dropTarget; }
    /// Rotation of the "running" arc, 0..1.
    void setAnimationPhase(qreal phase);

    /// Hit areas in item coordinates, for the scene's mouse handling.
    bool isOnBubble(const QPointF &itemPos) const;
    bool isOnConnector(const QPointF &itemPos) const;
    QRectF bubbleRect() const;
    QPointF connectorCenter() const { return QPointF(m_radius + 3, 0); }
    /// Where links leave and enter, in scene coordinates.
    QPointF outPort() const { return scenePos() + QPointF(m_radius + 10, 0); }
    QPointF inPort() const { return scenePos() - QPointF(m_radius + 10, 0); }
    /// The round body's radius: Radius, or DirectiveRadius for a directive.
    qreal radius() const { return m_radius; }
    /// True for the kinds that end an error route (drawn small, as flags).
    bool isDirective() const { return m_radius < Radius; }

    void addLink(LinkItem *link);
    void removeLink(LinkItem *link);
    QList<LinkItem *> links() const { return m_links; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    void updateToolTip();
    void paintHalo(QPainter *painter, const QColor &color, qreal strength) const;
    void paintStatusRing(QPainter *painter) const;
    void paintIcon(QPainter *painter, qreal lod) const;
    void paintLabels(QPainter *painter, const QPalette &palette) const;
    void paintBubble(QPainter *painter, const QPalette &palette) const;
    void paintBrokenFlag(QPainter *painter) const;
    void paintNoteMark(QPainter *painter) const;

    ModuleId m_id;
    QString m_type;
    bool m_placeholder = false;
    qreal m_radius = Radius;
    QString m_title;
    QString m_subtitle;
    QString m_note;
    QColor m_accent;
    ModuleRunStatus m_status = ModuleRunStatus::Idle;
    int m_operations = 0;
    QString m_brokenReason;
    bool m_hovered = false;
    bool m_dropTarget = false;
    qreal m_phase = 0;
    QList<LinkItem *> m_links;
};
