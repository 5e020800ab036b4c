#pragma once

#include "core/run/RunResult.h"

#include <QColor>
#include <QPalette>
#include <QPixmap>

/// The app's own colours, in one place, each derived from the palette so that the app
/// follows the system's light or dark theme. Every colour that carries text or a state keeps
/// a WCAG contrast ratio of at least 4.5:1 against what it is drawn on (tests/ui/tst_theme).
namespace Theme {

/// Text colours of the mapping language, as drawn in a mapping field.
enum class Token { Expression, ModuleReference, NamedRoot, Function, Keyword, Problem };

bool isDark(const QPalette &palette);
/// The WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);
/// `over` (with its alpha) painted on the opaque `under`.
QColor blend(const QColor &over, const QColor &under);
/// `color`, darkened on a light background or lightened on a dark one just enough to reach
/// a contrast of 4.5:1 against `background` (unchanged when it already does).
QColor readableOn(const QColor &color, const QColor &background);

/// The canvas background, and the module names and subtitles drawn on it.
QColor canvasBackground(const QPalette &palette);
QColor canvasTitle(const QPalette &palette);
QColor canvasSubtitle(const QPalette &palette);
/// A run state on the canvas: the ring around a module and the fill of its bubble.
QColor canvasStatus(ModuleRunStatus status, const QPalette &palette);
/// The text on a bubble filled with canvasStatus().
QColor canvasStatusText(ModuleRunStatus status, const QPalette &palette);

/// A run state written as text on the window (the inspector's "Failed", "200 OK").
QColor statusText(ModuleRunStatus status, const QPalette &palette);
/// A warning written as text on the window.
QColor warningText(const QPalette &palette);

/// A small round dot of `color` (12 pixels, sharp on high-density screens): a row's status
/// at a glance in a list. Draw it once per colour.
QPixmap dot(const QColor &color);

/// A mapping token's text colour (Expression: the pill drawn behind a whole {{…}}).
QColor token(Token kind, const QPalette &palette);
/// The pill behind a {{…}} (broken: one with a problem), with its alpha.
QColor tokenPill(bool broken, const QPalette &palette);

} // namespace Theme
