#include "ui/editor/ModuleHeader.h"

#include <QLabel>

namespace ModuleHeader {

QLabel *makeTitle(QWidget *parent)
{
    auto *title = new QLabel(parent);
    QFont font = title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.35);
    title->setFont(font);
    return title;
}

QLabel *makeBadge(QWidget *parent)
{
    auto *badge = new QLabel(parent);
    badge->setAlignment(Qt::AlignCenter);
    badge->setMinimumWidth(28);
    badge->setToolTip(QLabel::tr("The module's number. Later modules use it to take values "
                                 "from this one, e.g. {{1.data}}."));
    badge->setStyleSheet(
        QStringLiteral("QLabel { background: palette(highlight); color: palette(highlighted-text);"
                       " border-radius: 10px; padding: 2px 8px; font-weight: bold; }"));
    return badge;
}

} // namespace ModuleHeader
