// Screenshots of the History panel (docs/run-history.md) at the window's size (1024×640 by
// default; QT_SCALE_FACTOR=2 for a high-density screen): the example run three times, one of
// them failing, listed in the History panel; then the oldest run opened read-only. Run under
// Xvfb:
//   scenarist-history-screenshots OUTPUT_FOLDER

#include "ScreenshotSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/history/HistoryPanel.h"
#include "ui/history/HistoryWriter.h"
#include "ui/session/EditingSession.h"

#include <QApplication>
#include <QDockWidget>
#include <QJsonObject>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>

int main(int argc, char *argv[])
{
    using ScreenshotSupport::save;
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist-screenshots"));
    const ScreenshotSupport::Arguments args = ScreenshotSupport::arguments(argc, argv);

    QTemporaryDir work;
    MainWindow::Options options = ScreenshotSupport::windowOptions(work);
    options.historyLocation = work.filePath(QStringLiteral("history.sqlite"));
    MainWindow window(options);
    window.resize(1024, 640);
    window.show();

    int runs = 0;
    const auto next = [&] {
        ++runs;
        if (runs == 2) {
            // The second run fails: its first module asks a port nobody listens on.
            Module module = window.scenario()->modules().first();
            const QString url = module.config.url;
            module.config.url = QStringLiteral("http://127.0.0.1:9/oauth/token");
            window.scenario()->setModuleConfig(module.id, module.config);
            window.session()->runAllWithInputs({{QStringLiteral("city"), QStringLiteral("Oslo")}});
            module.config.url = url;
            window.scenario()->setModuleConfig(module.id, module.config);
            return;
        }
        if (runs <= 3) {
            window.session()->runAllWithInputs({{QStringLiteral("city"),
                runs == 1 ? QStringLiteral("Paris") : QStringLiteral("Lima")}});
            return;
        }
        window.historyDock()->show();
        window.resizeDocks({window.historyDock()}, {window.height() / 3}, Qt::Vertical);
        QTimer::singleShot(500, &window, [&] {
            std::printf(
                "window %dx%d, smallest %dx%d; history panel smallest height %d, canvas page %d\n",
                window.width(), window.height(), window.minimumSizeHint().width(),
                window.minimumSizeHint().height(), window.historyDock()->minimumSizeHint().height(),
                window.centralWidget()->minimumSizeHint().height());
            save(&window, args.out + QStringLiteral("/history-panel.png"));
            window.historyPanel()->selectRow(2);
            window.historyPanel()->openButton()->click();
            QTimer::singleShot(500, &window, [&] {
                save(&window, args.out + QStringLiteral("/history-opened.png"));
                app.quit();
            });
        });
    };
    QObject::connect(window.historyWriter(), &HistoryWriter::recorded, &window,
        [&] { QTimer::singleShot(200, &window, next); });
    QObject::connect(
        window.historyWriter(), &HistoryWriter::failed, &window, [&](const QString &error) {
            std::fprintf(stderr, "not recorded: %s\n", qPrintable(error));
            app.exit(1);
        });
    QTimer::singleShot(700, &window, [&] {
        window.openExample();
        window.saveTo(work.filePath(QStringLiteral("weather.scenario.json")));
        next();
    });
    QTimer::singleShot(60000, &app, [&] { app.exit(1); });
    return app.exec();
}
