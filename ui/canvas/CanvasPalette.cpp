#include "ui/canvas/CanvasPalette.h"

#include "ui/Theme.h"

bool CanvasPalette::isDark(const QPalette &palette)
{
    return Theme::isDark(palette);
}

QColor CanvasPalette::background(const QPalette &palette)
{
    return Theme::canvasBackground(palette);
}

QColor CanvasPalette::gridDot(const QPalette &palette)
{
    return isDark(palette) ? QColor(255, 255, 255, 34) : QColor(40, 40, 80, 38);
}

QColor CanvasPalette::link(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x8c, 0x86, 0xb8) : QColor(0xb9, 0xb4, 0xd6);
}

QColor CanvasPalette::httpAccent()
{
    return QColor(0x6d, 0x4a, 0xe8);
}

QColor CanvasPalette::statusColor(ModuleRunStatus status, const QPalette &palette)
{
    return Theme::canvasStatus(status, palette);
}

QColor CanvasPalette::errorRoute(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xe8, 0x8a, 0x84) : QColor(0xc2, 0x4b, 0x43);
}
