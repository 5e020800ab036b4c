#pragma once

#include "core/run/RunResult.h"

#include <QColor>
#include <QPalette>

/// The canvas's colours, derived from the widget palette so that the canvas follows the
/// system's light or dark theme.
namespace CanvasPalette {

bool isDark(const QPalette &palette);
/// The canvas background and its dot grid.
QColor background(const QPalette &palette);
QColor gridDot(const QPalette &palette);
/// Links: the dotted line and its selected colour.
QColor link(const QPalette &palette);
/// An error route: hollow dots in a muted red, apart from the bundles' routes.
QColor errorRoute(const QPalette &palette);
/// The app's colour, used for HTTP modules.
QColor httpAccent();
/// Ring and bubble colour of a run state: running blue, succeeded green, failed red,
/// skipped grey (deep on a light canvas, light on a dark one; see Theme).
QColor statusColor(ModuleRunStatus status, const QPalette &palette = QPalette());

} // namespace CanvasPalette
