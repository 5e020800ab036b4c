// Screenshots of the inspector's operation selector after a run of flows, at 1024×640 (a small
// laptop): iterate-and-aggregate with the per-item request's five operations, and
// router-and-filters with the bundles the filter stopped. Run under Xvfb:
//   scenarist-operations-screenshots OUTPUT_FOLDER SOURCE_FOLDER

#include "ScreenshotSupport.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/inspector/InspectorPanel.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QScreen>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <memory>

int main(int argc, char *argv[])
{
    using ScreenshotSupport::save;
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist-screenshots"));
    const ScreenshotSupport::Arguments args = ScreenshotSupport::arguments(argc, argv);
    const QString out = args.out;
    const QString source = args.source;

    QTemporaryDir recovery;
    // Runs that leave bundles incomplete are kept: in a history of this tool's own.
    qputenv("SCENARIST_HISTORY_DB", recovery.filePath(QStringLiteral("history.sqlite")).toUtf8());
    MainWindow window(ScreenshotSupport::windowOptions(recovery));
    window.resize(1024, 640);
    window.show();

    struct Shot
    {
        const char *example;
        ModuleId module;
        int operation; ///< -1: as the inspector opens
        const char *file;
    };
    const QList<Shot> shots {
        {"iterate-and-aggregate", 4, 1, "operations-iterate.png"},
        {"router-and-filters", 5, -1, "operations-dropped.png"},
        {"error-handling", 2, -1, "operations-retries.png"},
        // The same with a server busier than Break is patient: a run with warnings, and the
        // Incomplete executions panel listing the bundle it could not finish
        // (operations-incomplete.png).
        {"busy", 2, -1, "operations-warning.png"},
    };
    QFile example(source + QStringLiteral("/resources/examples/error-handling.scenario.json"));
    if (example.open(QIODevice::ReadOnly)) {
        QFile busy(recovery.filePath(QStringLiteral("busy.scenario.json")));
        if (busy.open(QIODevice::WriteOnly))
            busy.write(example.readAll().replace("key=example&busy=2", "key=busy&busy=9"));
    }
    auto next = std::make_shared<std::function<void(int)>>();
    *next = [&, next](int i) {
        if (i >= shots.size()) {
            app.quit();
            return;
        }
        const Shot shot = shots.at(i);
        const bool busy = qstrcmp(shot.example, "busy") == 0;
        window.openFile(busy ? recovery.filePath(QStringLiteral("busy.scenario.json"))
                             : source
                    + QStringLiteral("/resources/examples/%1.scenario.json")
                          .arg(QLatin1String(shot.example)));
        QObject::connect(
            window.runner(), &ScenarioRunner::runFinished, &window,
            [&, shot, next, i, busy] {
                window.scene()->selectModule(0);
                // As a user does: a click on the module's bubble.
                emit window.scene()->inspectRequested(shot.module);
                if (shot.operation >= 0) {
                    window.inspector()->setCurrentOperation(shot.operation);
                    window.inspector()->operationList()->setFocus();
                }
                QTimer::singleShot(800, &window, [&, shot, next, i, busy] {
                    const QString path = out + QLatin1Char('/') + QLatin1String(shot.file);
                    save(&window, path);
                    if (!busy) {
                        (*next)(i + 1);
                        return;
                    }
                    // "see which": the Incomplete executions panel.
                    emit window.runStatusLabel()->linkActivated(QStringLiteral("#incomplete"));
                    QTimer::singleShot(500, &window, [&, next, i] {
                        save(&window, out + QStringLiteral("/operations-incomplete.png"));
                        (*next)(i + 1);
                    });
                });
            },
            Qt::SingleShotConnection);
        window.runOnce();
    };
    QTimer::singleShot(700, &window, [next] { (*next)(0); });
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "screenshots timed out\n");
        app.exit(1);
    });
    return app.exec();
}
