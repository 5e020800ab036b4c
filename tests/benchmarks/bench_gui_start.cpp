// bench_gui_start: the editor's start-up as app/scenarist_main.cpp does it (QApplication,
// MainWindow, show), up to the first paint of the window. With --quit-after-first-paint the
// process ends right there (_exit, no teardown), so that the wall time a script measures
// around it is the cold start to the first painted window. Otherwise it stays idle for
// --idle-ms and prints the idle RSS. Run with QT_QPA_PLATFORM=offscreen (or under Xvfb).

#include "BenchSupport.h"

#include "ui/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

#include <unistd.h>

namespace {

QElapsedTimer processClock;

class FirstPaintWatcher : public QObject
{
public:
    std::function<void()> onFirstPaint;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && onFirstPaint) {
            // Reported after the paint event has been handled, i.e. once the window is drawn.
            auto callback = std::move(onFirstPaint);
            onFirstPaint = nullptr;
            QTimer::singleShot(0, this, callback);
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

int main(int argc, char *argv[])
{
    processClock.start();
    bool quitAfterFirstPaint = false;
    int idleMs = 2000;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quit-after-first-paint") == 0)
            quitAfterFirstPaint = true;
        else if (std::strcmp(argv[i], "--idle-ms") == 0 && i + 1 < argc)
            idleMs = std::max(0, std::min(60000, std::atoi(argv[++i])));
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist"));
    QApplication::setOrganizationName(QStringLiteral("Scenarist"));
    const double appMs = processClock.nsecsElapsed() / 1e6;

    MainWindow window;
    const double constructedMs = processClock.nsecsElapsed() / 1e6;
    FirstPaintWatcher watcher;
    double paintedMs = 0;
    watcher.onFirstPaint = [&] {
        paintedMs = processClock.nsecsElapsed() / 1e6;
        if (quitAfterFirstPaint) {
            std::printf("first paint %.1f ms after main() (QApplication %.1f ms, MainWindow "
                        "built %.1f ms)\n",
                paintedMs, appMs, constructedMs);
            std::fflush(stdout);
            _exit(0);
        }
        QTimer::singleShot(idleMs, &app, [&] {
            std::printf("   in process: QApplication %.1f ms, MainWindow built %.1f ms, first "
                        "paint %.1f ms after main(); idle RSS %.0f MB after %d ms (peak %.0f MB)\n",
                appMs, constructedMs, paintedMs, bench::currentRssMb(), idleMs, bench::peakRssMb());
            app.quit();
        });
    };
    // The first widget painted is one of the window's children (the window itself, the
    // welcome page...); any of them means something is on screen.
    app.installEventFilter(&watcher);
    window.show();
    QTimer::singleShot(30000, &app, [&] {
        std::fprintf(stderr, "bench_gui_start: no paint within 30 s\n");
        app.exit(1);
    });
    return app.exec();
}
