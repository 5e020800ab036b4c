// The app in the system's language (docs/translating.md), for resources/screenshots/
// main-window-de.png: the example after module 1 ran, with module 2's settings and the mapping
// panel open, at 1280×800 and on a small screen (1024×640, to see that German words fit), and
// after a run with the inspector. Run under Xvfb with LANGUAGE=de:
//   scenarist-german-screenshots OUTPUT_FOLDER SOURCE_FOLDER

#include "ScreenshotSupport.h"
#include "core/i18n/Translations.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"

#include <QApplication>
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
    // The same loader as the app's main(): the language comes from LANGUAGE / LANG.
    if (!Translations::install(app))
        std::fprintf(stderr, "no translation for this language: the pictures are in English\n");
    const ScreenshotSupport::Arguments args = ScreenshotSupport::arguments(argc, argv);
    const QString language = QLocale().name().left(2);

    QTemporaryDir recovery;
    const MainWindow::Options options = ScreenshotSupport::windowOptions(recovery);
    std::unique_ptr<MainWindow> window;
    QList<std::function<void()>> steps;
    for (const QSize size : {QSize(1280, 800), QSize(1024, 640)}) {
        const QString name = size.width() == 1280
            ? QStringLiteral("/main-window-%1.png").arg(language)
            : QStringLiteral("/main-window-%1-%2.png").arg(language).arg(size.width());
        steps << [&, size] {
            window = std::make_unique<MainWindow>(options);
            window->resize(size);
            window->show();
            window->openExample();
            window->runModule(1);
        };
        steps << [&] {
            window->editModule(2);
            for (MappingField *field : window->moduleEditor()->mappingFields()) {
                if (!field->text().contains(QLatin1String("token_type")))
                    continue;
                // Under Xvfb no window manager makes the window active: focus by hand.
                QApplication::setActiveWindow(window.get());
                field->setFocus();
                field->moveCursor(QTextCursor::End);
                window->mappingPanel()->setTargetField(field);
            }
        };
        steps << [&, name] { save(window.get(), args.out + name); };
    }
    // A finished run with the inspector, as in run-inspector.png.
    steps << [&] {
        QObject::connect(
            window->runner(), &ScenarioRunner::runFinished, window.get(),
            [&] {
                window->scene()->selectModule(0);
                emit window->scene()->inspectRequested(2);
                QTimer::singleShot(600, window.get(), [&, language] {
                    save(window.get(),
                        args.out + QStringLiteral("/run-inspector-%1-1024.png").arg(language));
                });
            },
            Qt::SingleShotConnection);
        window->runOnce();
    };
    steps << [] {};
    steps << [&] {
        window.reset();
        app.quit();
    };

    auto next = std::make_shared<std::function<void(int)>>();
    *next = [&, next](int i) {
        if (i >= steps.size())
            return;
        steps[i]();
        QTimer::singleShot(700, &app, [next, i] { (*next)(i + 1); });
    };
    QTimer::singleShot(700, &app, [next] { (*next)(0); });
    // Never hang: whatever happens, stop after 60 seconds.
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "screenshots timed out\n");
        app.exit(1);
    });
    return app.exec();
}
