#include "ui/canvas/CanvasToolBar.h"

#include <QAction>
#include <QEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QIcon>
#include <QPainter>
#include <QSvgRenderer>
#include <QToolButton>

namespace {

// The icons are drawn in the text colour of the palette, so they read in light and dark.
QIcon tintedIcon(const QString &name, const QColor &color)
{
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray svg = file.readAll();
    svg.replace("currentColor", color.name().toLatin1());
    QSvgRenderer renderer(svg);
    QIcon icon;
    for (const int size : {16, 20, 24, 32, 40, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        renderer.render(&painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

CanvasToolBar::CanvasToolBar(QWidget *parent)
    : QFrame(parent)
    , m_layout(new QHBoxLayout(this))
    , m_probe(new QToolButton(this))
{
    m_probe->hide();
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_layout->setContentsMargins(12, 6, 12, 6);
}

QToolButton *CanvasToolBar::addPrimary(QAction *action)
{
    auto *button = new QToolButton(this);
    button->setDefaultAction(action);
    // "Run once" keeps its words at every width: it is the one button a new user looks for.
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setMinimumHeight(40);
    QFont font = button->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.15);
    button->setFont(font);
    button->setStyleSheet(
        QStringLiteral("QToolButton { background: #7b3ff2; color: white; border-radius: 20px;"
                       " padding: 4px 14px; }"
                       "QToolButton:disabled { background: #b9a3e8; }"
                       "QToolButton:hover { background: #6a2fe0; }"));
    m_layout->addWidget(button);
    m_tools.append({button, QString(), true, true});
    return button;
}

QToolButton *CanvasToolBar::addTool(QAction *action, const QString &iconName, bool iconOnly)
{
    auto *button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    if (iconName.isEmpty())
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    else
        button->setToolButtonStyle(
            iconOnly ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
    m_layout->addWidget(button);
    m_tools.append({button, iconName, false, iconOnly || iconName.isEmpty()});
    updateIcons();
    return button;
}

void CanvasToolBar::addSpacing(int width)
{
    m_layout->addSpacing(width);
    m_fixedSpace += width;
}

void CanvasToolBar::addStretch()
{
    m_layout->addStretch(1);
}

int CanvasToolBar::widthFor(bool compact) const
{
    const QMargins margins = m_layout->contentsMargins();
    int width = margins.left() + margins.right() + m_fixedSpace;
    const int spacing = qMax(0, m_layout->spacing());
    for (const Tool &tool : m_tools) {
        if (tool.fixedStyle) {
            width += tool.button->sizeHint().width() + spacing;
            continue;
        }
        // Measured on a hidden twin: changing the shown button's style here would ask for a
        // new layout, which asks for this size again.
        QAction *action = tool.button->defaultAction();
        m_probe->setFont(tool.button->font());
        m_probe->setIconSize(tool.button->iconSize());
        m_probe->setAutoRaise(tool.button->autoRaise());
        m_probe->setText(action->iconText());
        m_probe->setIcon(action->icon());
        m_probe->setToolButtonStyle(
            compact ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
        width += m_probe->sizeHint().width() + spacing;
    }
    return width;
}

QSize CanvasToolBar::minimumSizeHint() const
{
    int height = 0;
    for (const Tool &tool : m_tools)
        height = qMax(height, tool.button->sizeHint().height());
    const QMargins margins = m_layout->contentsMargins();
    return {widthFor(true), height + margins.top() + margins.bottom()};
}

void CanvasToolBar::setCompact(bool compact)
{
    if (compact == m_compact)
        return;
    m_compact = compact;
    for (const Tool &tool : m_tools) {
        if (tool.fixedStyle)
            continue;
        tool.button->setToolButtonStyle(
            compact ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
    }
}

void CanvasToolBar::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    setCompact(width() < widthFor(false));
}

void CanvasToolBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateIcons();
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        setCompact(width() < widthFor(false));
}

void CanvasToolBar::updateIcons()
{
    const QColor text = palette().color(QPalette::ButtonText);
    for (const Tool &tool : m_tools) {
        // On the action, so the menus show the same picture as the button.
        if (!tool.primary && !tool.iconName.isEmpty())
            tool.button->defaultAction()->setIcon(tintedIcon(tool.iconName, text));
    }
}
