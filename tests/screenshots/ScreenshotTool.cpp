// Renders the screenshots of the README and of the editor's acceptance: the welcome state,
// the two-module example with the mapping panel open, a finished run with the inspector, and
// the editor in light and dark at 1280×800 and 1024×640.
// Run by tests/screenshots/take-screenshots.sh under Xvfb.
//   scenarist-screenshots OUTPUT_FOLDER SOURCE_FOLDER

#include "ScreenshotSupport.h"
#include "core/model/Scenario.h"
#include "core/run/ScenarioRunner.h"
#include "ui/MainWindow.h"
#include "ui/canvas/ScenarioScene.h"
#include "ui/connections/ConnectionsPanel.h"
#include "ui/editor/ModuleEditor.h"
#include "ui/mapping/MappingField.h"
#include "ui/mapping/MappingPanel.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QPalette>
#include <QScreen>
#include <QTemporaryDir>
#include <QTimer>
#include <QWindow>

#include <cstdio>
#include <functional>
#include <memory>

namespace {

MappingField *fieldContaining(ModuleEditor *editor, const QString &text)
{
    for (MappingField *field : editor->mappingFields()) {
        if (field->text().contains(text))
            return field;
    }
    return nullptr;
}

/// A dark palette for the Fusion style, as a dark desktop theme gives one.
QPalette darkPalette()
{
    QPalette palette;
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor text(230, 230, 230);
    const QColor disabled(130, 130, 130);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(160, 160, 160));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Link, QColor(140, 180, 255));
    palette.setColor(QPalette::Highlight, QColor(123, 63, 242));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Light, QColor(70, 70, 74));
    palette.setColor(QPalette::Midlight, QColor(60, 60, 64));
    palette.setColor(QPalette::Mid, QColor(40, 40, 42));
    palette.setColor(QPalette::Dark, QColor(20, 20, 22));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (const QPalette::ColorRole role :
        {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabled);
    }
    return palette;
}

} // namespace

int main(int argc, char *argv[])
{
    using ScreenshotSupport::save;
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scenarist-screenshots"));
    const ScreenshotSupport::Arguments args = ScreenshotSupport::arguments(argc, argv);
    const QString out = args.out;
    const QString source = args.source;

    QTemporaryDir recovery;
    const MainWindow::Options options = ScreenshotSupport::windowOptions(recovery);
    MainWindow window(options);
    window.resize(1440, 900);
    window.show();

    // A few steps, each after the window had time to paint.
    QList<std::function<void()>> steps;
    steps << [&] { save(&window, out + QStringLiteral("/welcome.png")); };
    steps << [&] {
        window.openExample();
        // Module 1 runs once first (docs/getting-started.md, step 5), so the picker shows its real
        // output.
        window.runModule(1);
    };
    steps << [&] { window.editModule(2); };
    steps << [&] {
        if (MappingField *field
            = fieldContaining(window.moduleEditor(), QStringLiteral("token_type"))) {
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
        QObject::connect(
            window.runner(), &ScenarioRunner::runFinished, &window,
            [&] {
                window.scene()->selectModule(0);
                emit window.scene()->inspectRequested(2);
                QTimer::singleShot(600, &window,
                    [&] { save(&window, out + QStringLiteral("/run-inspector.png")); });
            },
            Qt::SingleShotConnection);
        window.runOnce();
    };
    steps << [] {};
    // The connection example, with the Connections panel after a token was fetched.
    steps << [&] {
        window.openFile(
            source + QStringLiteral("/resources/examples/oauth2-connection.scenario.json"));
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
    steps << [&] { save(&window, out + QStringLiteral("/connections.png")); };
    // Another way to sign in: an API key connection, on a small screen (1024×640).
    steps << [&] {
        window.resize(1024, 640);
        if (auto *panel = window.findChild<ConnectionsPanel *>()) {
            panel->addConnection();
            QComboBox *type = panel->typeCombo();
            const int apiKey = type->findData(Connection::apiKeyType());
            type->setCurrentIndex(apiKey);
            emit type->activated(apiKey);
            panel->nameEdit()->setText(QStringLiteral("Weather API"));
            emit panel->nameEdit()->textEdited(panel->nameEdit()->text());
        }
    };
    steps << [&] { save(&window, out + QStringLiteral("/connections-api-key.png")); };

    // The editor in light and dark, on a laptop (1280×800) and a small screen (1024×640): the
    // example with module 2's settings and the mapping panel open, after module 1 ran.
    std::unique_ptr<MainWindow> editor;
    const QPalette light = QApplication::palette();
    for (const bool dark : {false, true}) {
        for (const QSize size : {QSize(1280, 800), QSize(1024, 640)}) {
            steps << [&, dark, size] {
                window.hide();
                editor.reset();
                QApplication::setStyle(QStringLiteral("Fusion"));
                QApplication::setPalette(dark ? darkPalette() : light);
                editor = std::make_unique<MainWindow>(options);
                editor->resize(size);
                editor->show();
                editor->openExample();
                editor->runModule(1);
            };
            steps << [&] {
                editor->editModule(2);
                if (MappingField *field
                    = fieldContaining(editor->moduleEditor(), QStringLiteral("token_type"))) {
                    QApplication::setActiveWindow(editor.get());
                    field->setFocus();
                    field->moveCursor(QTextCursor::End);
                    editor->mappingPanel()->setTargetField(field);
                }
            };
            steps << [&, dark, size] {
                save(editor.get(),
                    out
                        + QStringLiteral("/editor-%1-%2.png")
                              .arg(size.width())
                              .arg(dark ? QStringLiteral("dark") : QStringLiteral("light")));
            };
        }
    }
    steps << [&] {
        editor.reset();
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
    // Never hang: whatever happens, stop after 60 seconds.
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "screenshots timed out\n");
        app.exit(1);
    });
    return app.exec();
}
