// Renders the screenshots of the README and of the editor's acceptance: the welcome state,
// the two-module example with the mapping panel open, and a finished run with the inspector.
// Run by tests/screenshots/take-screenshots.sh under Xvfb.
//   scenarist-screenshots OUTPUT_FOLDER SOURCE_FOLDER

#include "MainWindow.h"
#include "canvas/ScenarioScene.h"
#include "connections/ConnectionsPanel.h"
#include "editor/ModuleEditor.h"
#include "mapping/MappingField.h"
#include "mapping/MappingPanel.h"
#include "model/Scenario.h"
#include "run/ScenarioRunner.h"

#include <QApplication>
#include <QDir>
#include <QDialog>
#include <QDockWidget>
#include <QLineEdit>
#include <QScreen>
#include <QTemporaryDir>
#include <QTimer>
#include <QWindow>

#include <cstdio>
#include <functional>

namespace {

void save(QWidget *window, const QString &path)
{
    // The window as the screen shows it (Xvfb), falling back to rendering the widget.
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

MappingField *fieldContaining(ModuleEditor *editor, const QString &text)
{
    for (MappingField *field : editor->mappingFields()) {
        if (field->text().contains(text))
            return field;
    }
    return nullptr;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist-screenshots"));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath();
    QDir().mkpath(out);
    // The source tree, for the examples that are not compiled in.
    const QString source = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QDir::currentPath();

    QTemporaryDir recovery;
    MainWindow::Options options;
    options.recoveryDirectory = recovery.path();
    options.sandboxPort = 0;
    MainWindow window(options);
    window.resize(1440, 900);
    window.show();

    // A few steps, each after the window had time to paint.
    QList<std::function<void()>> steps;
    steps << [&] { save(&window, out + QStringLiteral("/welcome.png")); };
    steps << [&] {
        window.openExample();
        // Module 1 runs once first (SPEC §1 step 4), so the picker shows its real output.
        window.runModule(1);
    };
    steps << [&] { window.editModule(2); };
    steps << [&] {
        if (MappingField *field = fieldContaining(window.moduleEditor(),
                                                  QStringLiteral("token_type"))) {
            // Under Xvfb there is no window manager to make the window active, so focus is
            // given by hand and the panel told where values go.
            QApplication::setActiveWindow(&window);
            field->setFocus();
            field->moveCursor(QTextCursor::End);
            window.mappingPanel()->setTargetField(field);
        }
    };
    steps << [&] { save(&window, out + QStringLiteral("/mapping.png")); };
    steps << [&] {
        QObject::connect(window.runner(), &ScenarioRunner::runFinished, &window, [&] {
            window.scene()->selectModule(0);
            emit window.scene()->inspectRequested(2);
            QTimer::singleShot(600, &window, [&] {
                save(&window, out + QStringLiteral("/run-inspector.png"));
            });
        }, Qt::SingleShotConnection);
        window.runOnce();
    };
    steps << [] {};
    // The connection example, with the Connections panel after a token was fetched.
    steps << [&] {
        window.openFile(source + QStringLiteral("/resources/examples/oauth2-connection.scenario.json"));
        window.editModule(1);
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->text().startsWith(QLatin1String("&Connections"))
                || action->text().startsWith(QLatin1String("Connections")))
                action->trigger();
        }
    };
    steps << [&] {
        if (auto *panel = window.findChild<ConnectionsPanel *>())
            panel->getTokenNow();
    };
    steps << [&] {
        // Without a keychain (as under Xvfb) the app asks for the secret: answer it.
        if (auto *prompt = window.findChild<QDialog *>(QStringLiteral("secretPrompt"))) {
            if (auto *value = prompt->findChild<QLineEdit *>())
                value->setText(QStringLiteral("demo-secret"));
            prompt->accept();
        }
    };
    steps << [&] {
        save(&window, out + QStringLiteral("/connections.png"));
        app.quit();
    };

    auto next = std::make_shared<std::function<void(int)>>();
    *next = [&, next](int i) {
        if (i >= steps.size())
            return;
        steps[i]();
        QTimer::singleShot(700, &window, [next, i] { (*next)(i + 1); });
    };
    QTimer::singleShot(700, &window, [next] { (*next)(0); });
    // Never hang: whatever happens, stop after 30 seconds.
    QTimer::singleShot(30000, &app, [&] {
        std::fprintf(stderr, "screenshots timed out\n");
        app.exit(1);
    });
    return app.exec();
}
