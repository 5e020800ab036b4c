#pragma once

#include "ui/MainWindow.h"

#include <QDir>
#include <QPixmap>
#include <QScreen>
#include <QString>
#include <QTemporaryDir>
#include <QWidget>

#include <cstdio>

/// What the screenshot tools share: where pictures go, and how a window is captured.
namespace ScreenshotSupport {

/// The tools' arguments: the folder pictures go to (made if missing) and the source tree,
/// for the examples that are not compiled in; both default to the current folder.
struct Arguments
{
    QString out;
    QString source;
};
inline Arguments arguments(int argc, char *argv[])
{
    Arguments args;
    args.out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath();
    QDir().mkpath(args.out);
    args.source = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QDir::currentPath();
    return args;
}

/// A window's options for a picture: autosaves in `recovery`, the sandbox on a free port.
inline MainWindow::Options windowOptions(const QTemporaryDir &recovery)
{
    MainWindow::Options options;
    options.recoveryDirectory = recovery.path();
    options.sandboxPort = 0;
    return options;
}

/// Saves `window` as the screen shows it (Xvfb), or as the widget renders itself.
inline void save(QWidget *window, const QString &path)
{
    QPixmap shot;
    if (QScreen *screen = window->screen(); screen && qgetenv("QT_QPA_PLATFORM") != "offscreen")
        shot = screen->grabWindow(window->winId());
    if (shot.isNull())
        shot = window->grab();
    if (!shot.save(path))
        std::fprintf(stderr, "could not write %s\n", qPrintable(path));
    else
        std::printf("wrote %s\n", qPrintable(path));
}

} // namespace ScreenshotSupport
