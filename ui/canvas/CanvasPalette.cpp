#include "canvas/CanvasPalette.h"

bool CanvasPalette::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor CanvasPalette::background(const QPalette &palette)
{
    // Make's canvas is a quiet off-white; in a dark theme, a step darker than the window.
    return isDark(palette) ? palette.color(QPalette::Window).darker(125) : QColor(0xf6, 0xf6, 0xf9);
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

QColor CanvasPalette::statusColor(ModuleRunStatus status)
{
    switch (status) {
    case ModuleRunStatus::Running:
        return QColor(0x2f, 0x8a, 0xf5);
    case ModuleRunStatus::Succeeded:
        return QColor(0x1f, 0xab, 0x6c);
    case ModuleRunStatus::Failed:
        return QColor(0xe0, 0x3e, 0x48);
    case ModuleRunStatus::Skipped:
    case ModuleRunStatus::Idle:
        break;
    }
    return QColor(0x9a, 0xa0, 0xa8);
}
