#include "ui/canvas/ModuleItem.h"

#include "core/kinds/KindRegistry.h"

#include "ui/Theme.h"
#include "ui/canvas/CanvasPalette.h"
#include "ui/canvas/LinkItem.h"
#include "ui/kinds/KindForms.h"

#include <QCoreApplication>
#include <QFile>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QPixmapCache>
#include <QRadialGradient>
#include <QRegularExpression>
#include <QStyleOptionGraphicsItem>
#include <QSvgRenderer>

#include <cmath>

namespace {

constexpr qreal LabelWidth = 220;
constexpr qreal IconSize = 46;
constexpr qreal BubbleRadius = 12;
// Below these levels of detail (scene-to-device scale) the node is drawn simpler: with 1,000
// modules in view, text layout and anti-aliasing are what make panning slow.
constexpr qreal LabelsLod = 0.45;
constexpr qreal AntialiasLod = 0.25;

QPointF bubbleCenter(qreal r)
{
    return QPointF(r * 0.74, -r * 0.74);
}
QPointF flagCenter(qreal r)
{
    return QPointF(-r * 0.74, -r * 0.74);
}
QPointF noteCenter(qreal r)
{
    return QPointF(-r * 0.74, r * 0.74);
}

QString iconPath(const QString &type)
{
    if (type == Module::httpRequestType())
        return QStringLiteral(":/icons/http.svg");
    return QStringLiteral(":/icons/module.svg");
}

// A globe, the HTTP module's icon, for when the SVG resource is not linked in.
void paintFallbackIcon(QPainter *painter, const QString &type, qreal size)
{
    const qreal r = size * 0.4;
    painter->setPen(QPen(Qt::white, size * 0.07, Qt::SolidLine, Qt::RoundCap));
    painter->setBrush(Qt::NoBrush);
    if (type != Module::httpRequestType()) {
        // Another kind: its sign, as in the kind picker; a placeholder: "?".
        const KindFormInfo *kind = KindForms::find(type);
        const QString glyph = kind ? kind->glyph : QStringLiteral("?");
        QFont font = painter->font();
        font.setPixelSize(qRound(size * (glyph.size() > 2 ? 0.4 : 0.6)));
        font.setBold(true);
        painter->setFont(font);
        painter->drawText(QRectF(-size / 2, -size / 2, size, size), Qt::AlignCenter, glyph);
        return;
    }
    painter->drawEllipse(QPointF(), r, r);
    painter->drawEllipse(QPointF(), r * 0.45, r);
    painter->drawLine(QPointF(-r, 0), QPointF(r, 0));
    const qreal y = r * 0.5;
    const qreal x = std::sqrt(r * r - y * y);
    painter->drawLine(QPointF(-x, -y), QPointF(x, -y));
    painter->drawLine(QPointF(-x, y), QPointF(x, y));
}

} // namespace

ModuleItem::ModuleItem(ModuleId id)
    : m_id(id)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    // The node only changes on model edits, selection, hover and run states: cache it so that
    // panning a large scenario repaints pixmaps, not paths and text.
    setCacheMode(DeviceCoordinateCache);
    setZValue(1);
}

QColor ModuleItem::accentColor(const QString &moduleType)
{
    if (moduleType == Module::httpRequestType())
        return CanvasPalette::httpAccent();
    // Another kind: the colour of its icon in the kind picker; a placeholder: grey.
    if (const KindFormInfo *kind = KindForms::find(moduleType))
        return kind->colour;
    return QColor(0x8a, 0x8f, 0x98);
}

QString ModuleItem::requestSummary(const QString &method, const QString &url)
{
    QString where = url.trimmed();
    // Mappings read as the word a person would say: {{sandbox.url}} is "sandbox",
    // {{1.data.id}} is "id"; a computed value is an ellipsis.
    static const QRegularExpression token(QStringLiteral("\\{\\{\\s*(.*?)\\s*\\}\\}"));
    static const QRegularExpression path(QStringLiteral("^[A-Za-z0-9_.]+$"));
    QString readable;
    qsizetype last = 0;
    auto it = token.globalMatch(where);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        readable += where.mid(last, match.capturedStart() - last);
        const QString inner = match.captured(1);
        QString word = QStringLiteral("\u2026");
        if (path.match(inner).hasMatch()) {
            QStringList parts = inner.split(QLatin1Char('.'), Qt::SkipEmptyParts);
            if (parts.size() > 1
                && parts.last().compare(QLatin1String("url"), Qt::CaseInsensitive) == 0)
                parts.removeLast();
            if (!parts.isEmpty())
                word = parts.last();
        }
        readable += word;
        last = match.capturedEnd();
    }
    readable += where.mid(last);
    where = readable;
    const qsizetype scheme = where.indexOf(QLatin1String("://"));
    if (scheme > 0 && scheme < 10)
        where = where.mid(scheme + 3);
    where = where.section(QLatin1Char('?'), 0, 0).section(QLatin1Char('#'), 0, 0);
    while (where.size() > 1 && where.endsWith(QLatin1Char('/')))
        where.chop(1);
    if (where.isEmpty())
        return QCoreApplication::translate("ModuleItem", "%1, no address yet").arg(method);
    return method + QLatin1Char(' ') + where;
}

void ModuleItem::syncFromModule(const Module &module)
{
    m_type = module.type;
    m_accent = accentColor(module.type);
    m_placeholder = module.type == Module::foreignType();
    const KindInfo *kind = KindRegistry::find(module.type);
    const qreal radius = kind && kind->directive != FlowDirective::None ? DirectiveRadius : Radius;
    if (radius != m_radius) {
        prepareGeometryChange();
        m_radius = radius;
        for (LinkItem *link : std::as_const(m_links))
            link->adjust();
    }
    // The person's own label names the module; the subtitle says what it does, so that
    // modules stay told apart when the whole scenario is in view.
    m_title = module.displayName();
    if (module.type == Module::httpRequestType()) {
        m_subtitle = requestSummary(module.config.method, module.config.url);
    } else if (m_placeholder) {
        // A module imported from Make that Scenarist cannot run: name its Make app, so the
        // person recognises it ("gateway" for webhooks, "google-sheets", ...).
        const QString makeModule = module.foreign.value(QStringLiteral("module")).toString();
        const QString app = makeModule.isEmpty() ? QStringLiteral("Make")
                                                 : makeModule.section(QLatin1Char(':'), 0, 0);
        if (module.label.trimmed().isEmpty())
            m_title = app;
        m_subtitle = QCoreApplication::translate("ModuleItem", "Make module (cannot run here)");
    } else {
        // Another kind of module: its kind in plain words ("Iterator", "Router", …).
        m_subtitle = KindRegistry::displayName(module.type);
    }
    m_note = module.note;
    setPos(module.position);
    updateToolTip();
    update();
}

void ModuleItem::setStatus(ModuleRunStatus status, int operations)
{
    if (status == m_status && operations == m_operations)
        return;
    m_status = status;
    m_operations = operations;
    updateToolTip();
    update();
}

bool ModuleItem::isBubbleVisible() const
{
    return m_operations > 0 || m_status == ModuleRunStatus::Succeeded
        || m_status == ModuleRunStatus::Failed;
}

QString ModuleItem::bubbleText() const
{
    return isBubbleVisible() ? QString::number(m_operations) : QString();
}

QString ModuleItem::numberText() const
{
    return QStringLiteral("#%1").arg(m_id);
}

void ModuleItem::setBroken(const QString &reason)
{
    if (reason == m_brokenReason)
        return;
    m_brokenReason = reason;
    updateToolTip();
    update();
}

void ModuleItem::setDropTarget(bool on)
{
    if (on == m_dropTarget)
        return;
    m_dropTarget = on;
    update();
}

void ModuleItem::setAnimationPhase(qreal phase)
{
    m_phase = phase;
    if (m_status == ModuleRunStatus::Running)
        update();
}

QRectF ModuleItem::bubbleRect() const
{
    const QString text = bubbleText();
    const qreal width = std::max(2 * BubbleRadius, 10.0 + 7.5 * text.size());
    const QPointF c = bubbleCenter(m_radius);
    return QRectF(c.x() - width / 2, c.y() - BubbleRadius, width, 2 * BubbleRadius);
}

bool ModuleItem::isOnBubble(const QPointF &itemPos) const
{
    return isBubbleVisible() && bubbleRect().adjusted(-3, -3, 3, 3).contains(itemPos);
}

bool ModuleItem::isOnConnector(const QPointF &itemPos) const
{
    // Generous: the ear is small, and a press on the node's rim just right of the icon
    // should start a link rather than a move.
    return !isDirective() && QLineF(itemPos, connectorCenter()).length() <= 13;
}

void ModuleItem::addLink(LinkItem *link)
{
    if (!m_links.contains(link))
        m_links.append(link);
}

void ModuleItem::removeLink(LinkItem *link)
{
    m_links.removeAll(link);
}

QRectF ModuleItem::boundingRect() const
{
    constexpr qreal R = Radius;
    return QRectF(-LabelWidth / 2, -R - 20, LabelWidth, 2 * R + 20 + 62);
}

QPainterPath ModuleItem::shape() const
{
    // United, not added: where two parts overlap (the bubble over the disc), an added path's
    // odd-even fill left a hole that did not answer a click.
    QPainterPath path;
    const qreal R = m_radius;
    path.addEllipse(QPointF(), R + 2, R + 2);
    QPainterPath connector;
    connector.addEllipse(connectorCenter(), 13, 13);
    path = path.united(connector);
    if (isBubbleVisible()) {
        QPainterPath bubble;
        bubble.addRoundedRect(bubbleRect().adjusted(-3, -3, 3, 3), BubbleRadius, BubbleRadius);
        path = path.united(bubble);
    }
    // The labels are part of the module: clicking its name selects it.
    path.addRect(QRectF(-LabelWidth / 2 + 20, R + 8, LabelWidth - 40, 44));
    return path;
}

QVariant ModuleItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (LinkItem *link : std::as_const(m_links))
            link->adjust();
    }
    return QGraphicsItem::itemChange(change, value);
}

void ModuleItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void ModuleItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

void ModuleItem::updateToolTip()
{
    QStringList lines;
    lines << QCoreApplication::translate("ModuleItem", "%1 – %2 (module %3)")
                 .arg(m_title, m_subtitle)
                 .arg(m_id);
    if (m_status != ModuleRunStatus::Idle) {
        lines << (m_operations == 1
                ? QCoreApplication::translate("ModuleItem", "Last run: %1, 1 operation")
                      .arg(statusText(m_status))
                : QCoreApplication::translate("ModuleItem", "Last run: %1, %2 operations")
                      .arg(statusText(m_status))
                      .arg(m_operations));
    }
    if (m_placeholder) {
        lines << QCoreApplication::translate("ModuleItem",
            "A placeholder for a Make module Scenarist cannot run. It keeps "
            "its settings, so exporting back to Make gives it back.");
    }
    if (isBroken())
        lines << QStringLiteral("⚠ ") + m_brokenReason;
    if (!m_note.isEmpty())
        lines << QCoreApplication::translate("ModuleItem", "Note: %1").arg(m_note);
    lines << QCoreApplication::translate("ModuleItem",
        "Double-click to open its settings; drag from the "
        "dot on its right to link it to another module.");
    setToolTip(lines.join(QLatin1Char('\n')));
}

void ModuleItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const qreal R = m_radius;
    painter->setRenderHint(QPainter::Antialiasing, lod >= AntialiasLod);
    const QPalette palette = scene() ? scene()->palette() : QPalette();

    if (m_dropTarget)
        paintHalo(painter, m_accent, 1.0);
    else if (isSelected())
        paintHalo(painter, m_accent, 0.85);
    else if (m_hovered)
        paintHalo(painter, m_accent, 0.4);

    paintStatusRing(painter);

    // The body: the module's colour, lit a little from the top so it reads as a button.
    const bool skipped = m_status == ModuleRunStatus::Skipped;
    painter->save();
    if (skipped)
        painter->setOpacity(0.45);
    painter->setPen(Qt::NoPen);
    if (lod >= LabelsLod) {
        QLinearGradient fill(0, -R, 0, R);
        fill.setColorAt(0, m_accent.lighter(118));
        fill.setColorAt(1, m_accent.darker(108));
        painter->setBrush(fill);
    } else {
        painter->setBrush(m_accent);
    }
    painter->drawEllipse(QPointF(), R, R);

    // The connector "ear" on the right, where a link starts; a directive ends its route.
    if (!isDirective()) {
        painter->setBrush(m_hovered || isSelected() ? m_accent.darker(115) : m_accent.lighter(135));
        painter->setPen(QPen(CanvasPalette::background(palette), 2));
        painter->drawEllipse(connectorCenter(), 6.5, 6.5);
    }

    if (lod >= AntialiasLod / 2)
        paintIcon(painter, lod);
    painter->restore();

    if (lod < AntialiasLod) {
        if (isBubbleVisible()) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(CanvasPalette::statusColor(m_status, palette));
            painter->drawEllipse(bubbleCenter(m_radius), BubbleRadius, BubbleRadius);
        }
        return;
    }
    if (hasNote())
        paintNoteMark(painter);
    if (isBroken())
        paintBrokenFlag(painter);
    if (isBubbleVisible())
        paintBubble(painter, palette);
    if (lod >= LabelsLod)
        paintLabels(painter, palette);
}

void ModuleItem::paintHalo(QPainter *painter, const QColor &color, qreal strength) const
{
    // A painted glow instead of QGraphicsDropShadowEffect, which is far too slow per item.
    const qreal R = m_radius;
    QRadialGradient glow(QPointF(), R + 18);
    QColor inner = color;
    inner.setAlphaF(0.55 * strength);
    QColor outer = color;
    outer.setAlphaF(0);
    glow.setColorAt(R / (R + 18) - 0.02, inner);
    glow.setColorAt(1, outer);
    painter->setPen(Qt::NoPen);
    painter->setBrush(glow);
    painter->drawEllipse(QPointF(), R + 18, R + 18);
}

void ModuleItem::paintStatusRing(QPainter *painter) const
{
    const qreal ringRadius = m_radius + 6;
    const QRectF ring(-ringRadius, -ringRadius, 2 * ringRadius, 2 * ringRadius);
    const QColor color = CanvasPalette::statusColor(m_status);
    switch (m_status) {
    case ModuleRunStatus::Idle:
        return;
    case ModuleRunStatus::Running: {
        QColor faint = color;
        faint.setAlphaF(0.25);
        painter->setPen(QPen(faint, 4));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(ring);
        painter->setPen(QPen(color, 4, Qt::SolidLine, Qt::RoundCap));
        const int start = int(-m_phase * 360 * 16);
        painter->drawArc(ring, start, 110 * 16);
        return;
    }
    case ModuleRunStatus::Succeeded:
    case ModuleRunStatus::Failed:
        painter->setPen(QPen(color, 4));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(ring);
        return;
    case ModuleRunStatus::Skipped: {
        QPen pen(color, 3, Qt::CustomDashLine, Qt::RoundCap);
        pen.setDashPattern({2, 3});
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(ring);
        return;
    }
    }
}

void ModuleItem::paintIcon(QPainter *painter, qreal lod) const
{
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const qreal iconSize = IconSize * m_radius / Radius;
    // Render the SVG at the size it will have on screen (rounded up to steps of 8 pixels so
    // that zooming does not fill the cache with near-identical pixmaps).
    int pixels = int(std::ceil(iconSize * lod * dpr / 8.0)) * 8;
    pixels = std::clamp(pixels, 8, 512);
    const QString key = QStringLiteral("scenarist/module-icon/%1/%2").arg(m_type).arg(pixels);
    QPixmap pixmap;
    if (!QPixmapCache::find(key, &pixmap)) {
        const QString path = iconPath(m_type);
        if (QFile::exists(path)) {
            QSvgRenderer renderer(path);
            if (renderer.isValid()) {
                QImage image(pixels, pixels, QImage::Format_ARGB32_Premultiplied);
                image.fill(Qt::transparent);
                QPainter imagePainter(&image);
                renderer.render(&imagePainter);
                imagePainter.end();
                pixmap = QPixmap::fromImage(image);
            }
        }
        if (pixmap.isNull()) {
            // Mark the miss so that a missing resource costs one file check per size.
            pixmap = QPixmap(1, 1);
            pixmap.fill(Qt::transparent);
        }
        QPixmapCache::insert(key, pixmap);
    }
    const QRectF target(-iconSize / 2, -iconSize / 2, iconSize, iconSize);
    if (pixmap.width() > 1) {
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        painter->drawPixmap(target, pixmap, QRectF(pixmap.rect()));
    } else {
        paintFallbackIcon(painter, m_type, iconSize);
    }
}

void ModuleItem::paintLabels(QPainter *painter, const QPalette &palette) const
{
    QFont titleFont = scene() ? scene()->font() : painter->font();
    titleFont.setPixelSize(14);
    titleFont.setBold(true);
    QFont badgeFont = titleFont;
    badgeFont.setPixelSize(10);
    QFont subtitleFont = titleFont;
    subtitleFont.setBold(false);
    subtitleFont.setPixelSize(12);

    const QFontMetricsF titleMetrics(titleFont);
    const QFontMetricsF badgeMetrics(badgeFont);
    const QString idText = numberText();
    const qreal badgeWidth = std::max<qreal>(18, badgeMetrics.horizontalAdvance(idText) + 10);
    const qreal gap = 6;
    const QString title
        = titleMetrics.elidedText(m_title, Qt::ElideRight, LabelWidth - badgeWidth - gap - 10);
    const qreal titleWidth = titleMetrics.horizontalAdvance(title);
    const qreal left = -(titleWidth + gap + badgeWidth) / 2;
    const qreal titleTop = m_radius + 12;
    const qreal lineHeight = 19;

    painter->setFont(titleFont);
    painter->setPen(Theme::canvasTitle(palette));
    painter->drawText(QRectF(left, titleTop, titleWidth + 1, lineHeight),
        Qt::AlignLeft | Qt::AlignVCenter, title);

    // The id badge, as in Make: a small pill right of the name.
    const QRectF badge(left + titleWidth + gap, titleTop + (lineHeight - 17) / 2, badgeWidth, 17);
    painter->setPen(Qt::NoPen);
    QColor badgeFill = m_accent;
    badgeFill.setAlphaF(0.16);
    painter->setBrush(badgeFill);
    painter->drawRoundedRect(badge, 8.5, 8.5);
    painter->setFont(badgeFont);
    painter->setPen(CanvasPalette::isDark(palette) ? m_accent.lighter(150) : m_accent.darker(120));
    painter->drawText(badge, Qt::AlignCenter, idText);

    const QFontMetricsF subtitleMetrics(subtitleFont);
    painter->setFont(subtitleFont);
    painter->setPen(Theme::canvasSubtitle(palette));
    painter->drawText(QRectF(-LabelWidth / 2, titleTop + lineHeight, LabelWidth, 17),
        Qt::AlignHCenter | Qt::AlignVCenter,
        subtitleMetrics.elidedText(m_subtitle, Qt::ElideRight, LabelWidth - 8));
}

void ModuleItem::paintBubble(QPainter *painter, const QPalette &palette) const
{
    const QRectF rect = bubbleRect();
    painter->setPen(QPen(CanvasPalette::background(palette), 2.5));
    const ModuleRunStatus shown
        = m_status == ModuleRunStatus::Idle ? ModuleRunStatus::Succeeded : m_status;
    painter->setBrush(CanvasPalette::statusColor(shown, palette));
    painter->drawRoundedRect(rect, BubbleRadius, BubbleRadius);
    QFont font = scene() ? scene()->font() : painter->font();
    font.setPixelSize(12);
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(Theme::canvasStatusText(shown, palette));
    painter->drawText(rect, Qt::AlignCenter, bubbleText());
}

void ModuleItem::paintBrokenFlag(QPainter *painter) const
{
    const QPointF c = flagCenter(m_radius);
    painter->setPen(QPen(Qt::white, 2));
    painter->setBrush(CanvasPalette::statusColor(ModuleRunStatus::Failed));
    painter->drawEllipse(c, 11, 11);
    painter->setPen(QPen(Qt::white, 2.6, Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(c + QPointF(0, -5.5), c + QPointF(0, 1));
    painter->drawPoint(c + QPointF(0, 5));
}

void ModuleItem::paintNoteMark(QPainter *painter) const
{
    // A small sticky note: the module has a note (its text is in the tooltip).
    const QPointF c = noteCenter(m_radius);
    const QRectF paper(c.x() - 8, c.y() - 9, 16, 18);
    QPainterPath path;
    path.moveTo(paper.topLeft());
    path.lineTo(paper.right() - 5, paper.top());
    path.lineTo(paper.right(), paper.top() + 5);
    path.lineTo(paper.bottomRight());
    path.lineTo(paper.bottomLeft());
    path.closeSubpath();
    painter->setPen(QPen(Qt::white, 1.5));
    painter->setBrush(QColor(0xf5, 0xc4, 0x51));
    painter->drawPath(path);
    painter->setPen(QPen(QColor(0x8a, 0x64, 0x00), 1.2));
    for (int i = 0; i < 3; ++i) {
        const qreal y = paper.top() + 6 + i * 4;
        painter->drawLine(QPointF(paper.left() + 3.5, y), QPointF(paper.right() - 3.5, y));
    }
}
