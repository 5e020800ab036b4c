#include "ui/canvas/CanvasPicture.h"

#include "core/io/ScenarioFile.h"
#include "ui/canvas/AddHandleItem.h"
#include "ui/canvas/CanvasPalette.h"
#include "ui/canvas/ScenarioScene.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace {

constexpr qreal Margin = 40;
/// Twice the pixels of the canvas at 100 %, as on a high-density screen.
constexpr qreal PngScale = 2;
/// A huge scenario is drawn smaller rather than not at all: at most this many pixels a side
/// and in all (about 256 MB while drawing).
constexpr qreal MaxPngSide = 16000;
constexpr qreal MaxPngPixels = 64e6;

QString tr(const char *text)
{
    return QCoreApplication::translate("CanvasPicture", text);
}

QString suffixOf(const QString &path)
{
    return QFileInfo(path).suffix().toLower();
}

/// Takes the canvas-only decorations off while the picture is drawn, and puts them back.
class PictureState
{
public:
    explicit PictureState(ScenarioScene &scene)
        : m_scene(scene)
    {
        // The selection is put back as it was: nobody else needs to hear of it.
        m_signalsWereBlocked = m_scene.blockSignals(true);
        const QList<QGraphicsItem *> selected = m_scene.selectedItems();
        for (QGraphicsItem *item : selected) {
            m_selected.append(item);
            item->setSelected(false);
        }
        if (AddHandleItem *handle = m_scene.addHandle()) {
            m_handleWasVisible = handle->isVisible();
            handle->setVisible(false);
        }
        // A cached item would go into an SVG as a bitmap, its texts lost.
        const QList<QGraphicsItem *> items = m_scene.items();
        for (QGraphicsItem *item : items) {
            if (item->cacheMode() != QGraphicsItem::NoCache) {
                m_cached.append({item, item->cacheMode()});
                item->setCacheMode(QGraphicsItem::NoCache);
            }
        }
    }
    ~PictureState()
    {
        for (const auto &[item, mode] : std::as_const(m_cached))
            item->setCacheMode(mode);
        if (AddHandleItem *handle = m_scene.addHandle())
            handle->setVisible(m_handleWasVisible);
        for (QGraphicsItem *item : std::as_const(m_selected))
            item->setSelected(true);
        m_scene.blockSignals(m_signalsWereBlocked);
    }
    PictureState(const PictureState &) = delete;
    PictureState &operator=(const PictureState &) = delete;

private:
    ScenarioScene &m_scene;
    bool m_signalsWereBlocked = false;
    bool m_handleWasVisible = false;
    QList<QGraphicsItem *> m_selected;
    QList<std::pair<QGraphicsItem *, QGraphicsItem::CacheMode>> m_cached;
};

void draw(ScenarioScene &scene, QPainter &painter, const QRectF &source)
{
    const QRectF target(QPointF(), source.size());
    painter.fillRect(target, CanvasPalette::background(scene.palette()));
    painter.setRenderHints(
        QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    scene.render(&painter, target, source, Qt::IgnoreAspectRatio);
}

} // namespace

bool CanvasPicture::isSupported(const QString &path)
{
    const QString suffix = suffixOf(path);
    return suffix == QLatin1String("svg") || suffix == QLatin1String("png");
}

QRectF CanvasPicture::area(const ScenarioScene &scene)
{
    QRectF bounds;
    const QList<QGraphicsItem *> items = scene.items();
    for (const QGraphicsItem *item : items) {
        if (item->isVisible())
            bounds |= item->sceneBoundingRect();
    }
    if (bounds.isEmpty())
        bounds = QRectF(-100, -60, 200, 120); // an empty canvas is still a picture
    return bounds.adjusted(-Margin, -Margin, Margin, Margin).toAlignedRect();
}

bool CanvasPicture::save(ScenarioScene &scene, const QString &path, QString *error)
{
    if (!isSupported(path)) {
        if (error) {
            *error = tr("Scenarist draws pictures as PNG or SVG: give the file name the "
                        "ending .png or .svg.");
        }
        return false;
    }
    QByteArray bytes;
    {
        PictureState state(scene);
        const QRectF source = area(scene);
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (suffixOf(path) == QLatin1String("svg")) {
            QSvgGenerator svg;
            svg.setOutputDevice(&buffer);
            svg.setSize(source.size().toSize());
            svg.setViewBox(QRectF(QPointF(), source.size()));
            svg.setResolution(96); // one canvas pixel is one CSS pixel
            // Qt 6.4 writes the title into the XML as it is: "&" would break the file.
            svg.setTitle(scene.scenario() ? scene.scenario()->name().toHtmlEscaped() : QString());
            svg.setDescription(tr("Drawn by Scenarist"));
            QPainter painter(&svg);
            draw(scene, painter, source);
        } else {
            const qreal scale
                = std::min({PngScale, MaxPngSide / source.width(), MaxPngSide / source.height(),
                    std::sqrt(MaxPngPixels / (source.width() * source.height()))});
            QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
            if (image.isNull()) {
                if (error)
                    *error = tr("There is not enough memory to draw a picture this large.");
                return false;
            }
            image.setDevicePixelRatio(scale);
            {
                QPainter painter(&image);
                draw(scene, painter, source);
            }
            if (!image.save(&buffer, "PNG")) {
                if (error)
                    *error = tr("The picture could not be turned into a PNG file.");
                return false;
            }
        }
    }
    return ScenarioFile::writeAtomically(path, bytes, error);
}
