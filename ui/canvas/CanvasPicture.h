#pragma once

#include <QRectF>
#include <QString>

class ScenarioScene;

/// The canvas as a picture, for sharing and for docs: the whole scenario as the canvas draws
/// it, on the canvas's background, without the selection or the "+" after the last module.
/// File › Export as image and `scenarist --render` both draw with it.
namespace CanvasPicture {

/// True for the file endings it writes: .svg (a drawing, with the texts as text) and .png.
bool isSupported(const QString &path);

/// The part of the scene the picture shows: every visible item, with a margin.
QRectF area(const ScenarioScene &scene);

/// Writes the picture to `path`, as SVG or PNG by its ending (PNG at twice the size for sharp
/// text, smaller when the scenario is huge). On failure returns false and says why in *error.
bool save(ScenarioScene &scene, const QString &path, QString *error);

} // namespace CanvasPicture
