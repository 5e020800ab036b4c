// Screenshots of pagination at 1024×640 (a small laptop), after a run of the paginate-items
// example: the cursor module's three page operations in the inspector, then its Pagination
// settings down to the stop rules. Run under Xvfb:
//   scenarist-pagination-screenshots OUTPUT_FOLDER SOURCE_FOLDER

#include "ScreenshotSupport.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/inspector/InspectorPanel.h"
#include "ui/kinds/http/PaginationSection.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QListView>
#include <QScrollArea>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    using ScreenshotSupport::save;
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist-screenshots"));
    const ScreenshotSupport::Arguments args = ScreenshotSupport::arguments(argc, argv);

    QTemporaryDir recovery;
    MainWindow window(ScreenshotSupport::windowOptions(recovery));
    window.resize(1024, 640);
    window.show();

    QTimer::singleShot(700, &window, [&] {
        window.openFile(
            args.source + QStringLiteral("/resources/examples/paginate-items.scenario.json"));
        QObject::connect(
            window.runner(), &ScenarioRunner::runFinished, &window,
            [&] {
                const ModuleId shown = 7; // the cursor module
                window.scene()->selectModule(shown);
                window.editModule(shown);
                emit window.scene()->inspectRequested(shown);
                window.inspector()->setCurrentOperation(1);
                QTimer::singleShot(800, &window, [&] {
                    save(&window, args.out + QStringLiteral("/pagination-operations.png"));
                    // The module's settings, scrolled to its Pagination part.
                    for (QWidget *w = window.moduleEditor(); w; w = w->parentWidget()) {
                        if (auto *dock = qobject_cast<QDockWidget *>(w))
                            dock->raise();
                    }
                    PaginationSection *section = window.moduleEditor()->paginationSection();
                    const auto show = [section](QWidget *part) {
                        for (QWidget *w = section; w; w = w->parentWidget()) {
                            if (auto *scroll = qobject_cast<QScrollArea *>(w)) {
                                scroll->ensureWidgetVisible(part, 0, 40);
                                break;
                            }
                        }
                    };
                    show(section->maxPagesSpin());
                    show(section->modeCombo());
                    QTimer::singleShot(600, &window, [&] {
                        save(&window, args.out + QStringLiteral("/pagination-cursor.png"));
                        app.quit();
                    });
                });
            },
            Qt::SingleShotConnection);
        window.runOnce();
    });
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "screenshots timed out\n");
        app.exit(1);
    });
    return app.exec();
}
