#include "ui/Theme.h"

#include <QGuiApplication>
#include <QPainter>

#include <cmath>

namespace {

double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &color)
{
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF())
        + 0.0722 * channel(rgb.blueF());
}

QColor pillTint(bool broken, const QColor &problem, const QPalette &palette)
{
    QColor fill = broken ? problem : palette.color(QPalette::Highlight);
    fill.setAlpha(broken ? 46 : 56);
    return fill;
}

} // namespace

bool Theme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

double Theme::contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor Theme::blend(const QColor &over, const QColor &under)
{
    const double a = over.alphaF();
    return QColor::fromRgbF(over.redF() * a + under.redF() * (1 - a),
        over.greenF() * a + under.greenF() * (1 - a), over.blueF() * a + under.blueF() * (1 - a));
}

QColor Theme::readableOn(const QColor &color, const QColor &background)
{
    // A little above 4.5, so that rounding to 8-bit channels cannot fall below it.
    constexpr double wanted = 4.6;
    const QColor towards = luminance(background) > 0.18 ? QColor(Qt::black) : QColor(Qt::white);
    QColor result = color.toRgb();
    result.setAlpha(255);
    for (int step = 1; step <= 20 && contrastRatio(result, background) < wanted; ++step) {
        QColor mix = towards;
        mix.setAlphaF(step / 20.0);
        result = blend(mix, color);
    }
    return result;
}

QColor Theme::canvasBackground(const QPalette &palette)
{
    // Make's canvas is a quiet off-white; in a dark theme, a step darker than the window.
    return isDark(palette) ? palette.color(QPalette::Window).darker(125) : QColor(0xf6, 0xf6, 0xf9);
}

QColor Theme::canvasTitle(const QPalette &palette)
{
    // The palette's text colour is meant for its own background, not the canvas's: a light
    // system palette with a dark canvas (or the reverse) would hide the names.
    const QColor text = palette.color(QPalette::Text);
    const QColor background = canvasBackground(palette);
    if (contrastRatio(text, background) >= 7)
        return text;
    return isDark(palette) ? QColor(0xf2, 0xf2, 0xf5) : QColor(0x1c, 0x1c, 0x22);
}

QColor Theme::canvasSubtitle(const QPalette &palette)
{
    QColor soft = canvasTitle(palette);
    soft.setAlphaF(0.7);
    return blend(soft, canvasBackground(palette));
}

QColor Theme::canvasStatus(ModuleRunStatus status, const QPalette &palette)
{
    // Deep colours on the light canvas (with white text on bubbles), light ones on the dark
    // canvas (with dark text).
    const bool dark = isDark(palette);
    switch (status) {
    case ModuleRunStatus::Running:
        return dark ? QColor(0x6c, 0xb4, 0xff) : QColor(0x1a, 0x66, 0xc9);
    case ModuleRunStatus::Succeeded:
        return dark ? QColor(0x4c, 0xd0, 0x8e) : QColor(0x13, 0x7a, 0x4b);
    case ModuleRunStatus::Failed:
        return dark ? QColor(0xff, 0x85, 0x85) : QColor(0xc7, 0x25, 0x30);
    case ModuleRunStatus::Skipped:
    case ModuleRunStatus::Idle:
        break;
    }
    return dark ? QColor(0xa8, 0xad, 0xb5) : QColor(0x62, 0x67, 0x70);
}

QColor Theme::canvasStatusText(ModuleRunStatus status, const QPalette &palette)
{
    Q_UNUSED(status);
    return isDark(palette) ? QColor(0x14, 0x14, 0x18) : QColor(Qt::white);
}

QColor Theme::statusText(ModuleRunStatus status, const QPalette &palette)
{
    const QColor window = palette.color(QPalette::Window);
    const bool dark = isDark(palette);
    switch (status) {
    case ModuleRunStatus::Succeeded:
        return readableOn(dark ? QColor(0x66, 0xbb, 0x6a) : QColor(0x2e, 0x7d, 0x32), window);
    case ModuleRunStatus::Failed:
        return readableOn(dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28), window);
    case ModuleRunStatus::Running:
        return readableOn(dark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x15, 0x65, 0xc0), window);
    case ModuleRunStatus::Idle:
    case ModuleRunStatus::Skipped:
        break;
    }
    QColor soft = palette.color(QPalette::WindowText);
    soft.setAlphaF(0.72);
    return readableOn(blend(soft, window), window);
}

QColor Theme::warningText(const QPalette &palette)
{
    const QColor amber = isDark(palette) ? QColor(0xff, 0xb7, 0x4d) : QColor(0x9a, 0x5b, 0x00);
    return readableOn(amber, palette.color(QPalette::Window));
}

QPixmap Theme::dot(const QColor &color)
{
    const qreal ratio = qGuiApp ? qGuiApp->devicePixelRatio() : 1.0;
    QPixmap pixmap(QSize(12, 12) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, 10, 10));
    return pixmap;
}

QColor Theme::token(Token kind, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    QColor color = palette.color(QPalette::Text);
    switch (kind) {
    case Token::Expression:
        break;
    case Token::ModuleReference:
        color = dark ? QColor(0xc3, 0x9b, 0xff) : QColor(0x6d, 0x2b, 0xd9);
        break;
    case Token::NamedRoot:
        color = dark ? QColor(0x7f, 0xc8, 0xff) : QColor(0x0b, 0x5c, 0xad);
        break;
    case Token::Function:
        color = dark ? QColor(0x5f, 0xd3, 0xa6) : QColor(0x0f, 0x7a, 0x55);
        break;
    case Token::Keyword:
        color = dark ? QColor(0xf0, 0xb4, 0x6a) : QColor(0xa3, 0x55, 0x00);
        break;
    case Token::Problem:
        color = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);
        break;
    }
    // Tokens are read on the pill drawn behind their {{…}}, a tint of the field; a broken
    // one's pill is tinted with the problem colour itself, so both move together.
    const QColor base = palette.color(QPalette::Base);
    const bool broken = kind == Token::Problem;
    for (int pass = 0; pass < 4; ++pass)
        color = readableOn(color, blend(pillTint(broken, color, palette), base));
    return color;
}

QColor Theme::tokenPill(bool broken, const QPalette &palette)
{
    return pillTint(broken, token(Token::Problem, palette), palette);
}
